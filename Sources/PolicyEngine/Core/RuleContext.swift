import SourceSupport
import DockerfileParser
import ComposeParser

/// A compose service that builds a Dockerfile: what Dockerfile rules need to know about how the image
/// is run (published ports, a healthcheck set in compose, the build context and target).
public struct ComposeBuildLink: Sendable {
    public var composeFile: String
    public var service: String
    /// Where the service's `build:` is written.
    public var range: SourceRange
    public var context: String
    public var dockerfile: String
    /// `build.target`: the stage that becomes the image (the last one when nil).
    public var target: String?
    public var publishesPorts: Bool
    /// The service sets `healthcheck:` itself (enabled or explicitly disabled).
    public var setsHealthcheck: Bool
}

/// What a Dockerfile rule sees: the parsed file, the workspace, and the compose services that build it.
public struct DockerfileContext: Sendable {
    public var path: String
    public var dockerfile: Dockerfile
    /// Stages and what the produced image inherits, computed once for every rule.
    public var facts: DockerfileFacts
    public var workspace: Workspace
    public var composeBuilds: [ComposeBuildLink]
    /// The running rule's option values (set by the linter before each rule's check).
    public var options = RuleOptionValues()

    public init(path: String, dockerfile: Dockerfile, workspace: Workspace, composeBuilds: [ComposeBuildLink] = []) {
        self.path = path
        self.dockerfile = dockerfile
        self.facts = DockerfileFacts(dockerfile)
        self.workspace = workspace
        self.composeBuilds = composeBuilds
    }

    /// The build contexts the file is built with: those compose gives, else the file's directory
    /// (`docker build -f DIR/Dockerfile DIR`, the usual invocation).
    public var buildContexts: [String] {
        let fromCompose = composeBuilds.map(\.context)
        if fromCompose.isEmpty { return [WorkspacePath.directory(path)] }
        var unique: [String] = []
        for context in fromCompose where !unique.contains(context) { unique.append(context) }
        return unique
    }
}

/// A Dockerfile a compose service builds, parsed, with the link that names it.
public struct BuiltImage: Sendable {
    public var link: ComposeBuildLink
    public var dockerfile: Dockerfile
    public var facts: DockerfileFacts
}

/// What a compose rule sees: the resolved project (every value located in the file that wrote it),
/// each file as written, the workspace, and the Dockerfiles its services build.
public struct ComposeContext: Sendable {
    public var project: ComposeProject
    public var writtenFiles: [(file: String, node: ComposeNode)]
    public var workspace: Workspace
    /// By service name; absent when the service has no build or its Dockerfile cannot be read.
    public var builtImages: [String: BuiltImage]
    /// The running rule's option values (set by the linter before each rule's check).
    public var options = RuleOptionValues()

    public init(project: ComposeProject, writtenFiles: [(file: String, node: ComposeNode)], workspace: Workspace,
                builtImages: [String: BuiltImage] = [:]) {
        self.project = project
        self.writtenFiles = writtenFiles
        self.workspace = workspace
        self.builtImages = builtImages
    }
}
