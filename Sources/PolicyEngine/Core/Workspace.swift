/// Where the engine reads files from. The CLI backs it with the disk, tests and editors with memory;
/// the engine itself never touches the file system.
public protocol WorkspaceFileSource: Sendable {
    /// The file's bytes, or why it cannot be read.
    func read(_ path: String) -> Result<[UInt8], WorkspaceReadError>
    /// Whether something (file or directory) exists at `path`.
    func exists(_ path: String) -> Bool
}

public struct WorkspaceReadError: Error, Hashable, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// Files held in memory, keyed by normalized path.
public struct InMemoryFileSource: WorkspaceFileSource {
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]] = [:]) {
        self.files = [:]
        for (path, bytes) in files { self.files[WorkspacePath.normalize(path)] = bytes }
    }

    public init(texts: [String: String]) {
        self.init(files: texts.mapValues { Array($0.utf8) })
    }

    public func read(_ path: String) -> Result<[UInt8], WorkspaceReadError> {
        if let bytes = files[WorkspacePath.normalize(path)] { return .success(bytes) }
        return .failure(WorkspaceReadError(reason: "No such file or directory"))
    }

    public func exists(_ path: String) -> Bool {
        let normalized = WorkspacePath.normalize(path)
        if files[normalized] != nil { return true }
        let prefix = normalized == "." ? "" : normalized + "/"
        return files.keys.contains { $0.hasPrefix(prefix) }
    }
}

/// What one run lints: Dockerfiles, and compose projects (one or more files merged in order, as
/// `docker compose -f A -f B` merges them).
public enum LintTarget: Hashable, Sendable {
    case dockerfile(path: String)
    case composeProject(files: [String])
}

/// The files of one run and the links between them (a compose service's build context and
/// Dockerfile, the `.dockerignore` of a context). Rules ask it, never the disk.
public struct Workspace: Sendable {
    public var targets: [LintTarget]
    public var source: any WorkspaceFileSource
    /// Variables for compose interpolation. Empty by default: a linter judges what is written, not
    /// what one machine's environment makes of it.
    public var environment: [String: String]

    public init(targets: [LintTarget], source: any WorkspaceFileSource, environment: [String: String] = [:]) {
        self.targets = targets
        self.source = source
        self.environment = environment
    }

    public func read(_ path: String) -> Result<[UInt8], WorkspaceReadError> { source.read(path) }
    public func exists(_ path: String) -> Bool { source.exists(path) }

    /// The `.dockerignore` that applies to a build of `dockerfile` with context `context`: BuildKit
    /// reads `NAME.dockerignore` beside a Dockerfile called NAME first, else `.dockerignore` at the
    /// root of the context. nil when there is none.
    public func dockerignore(forDockerfile dockerfile: String, context: String) -> String? {
        let specific = WorkspacePath.normalize(dockerfile + ".dockerignore")
        if source.exists(specific) { return specific }
        let general = WorkspacePath.join(context, ".dockerignore")
        return source.exists(general) ? general : nil
    }

    /// The Dockerfile a compose `build:` section names: `dockerfile` relative to the context (default
    /// `Dockerfile`); the context relative to the compose file's directory.
    public static func buildPaths(composeFile: String, context: String?, dockerfile: String?) -> (context: String, dockerfile: String) {
        let contextPath = WorkspacePath.join(WorkspacePath.directory(composeFile), context ?? ".")
        let dockerfilePath = WorkspacePath.join(contextPath, dockerfile ?? "Dockerfile")
        return (contextPath, dockerfilePath)
    }
}

/// POSIX path arithmetic on strings, normalized so that one file has one spelling in a run
/// (`./app/../Dockerfile` is `Dockerfile`), which keeps diagnostics deduplicated and sorted.
public enum WorkspacePath {
    public static func normalize(_ path: String) -> String {
        if path.isEmpty { return "." }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    public static func join(_ directory: String, _ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        if directory.isEmpty || directory == "." { return normalize(path) }
        return normalize(directory + "/" + path)
    }

    public static func directory(_ path: String) -> String {
        let normalized = normalize(path)
        guard let slash = normalized.lastIndex(of: "/") else { return "." }
        if slash == normalized.startIndex { return "/" }
        return String(normalized[..<slash])
    }

    public static func baseName(_ path: String) -> String {
        let normalized = normalize(path)
        guard let slash = normalized.lastIndex(of: "/") else { return normalized }
        return String(normalized[normalized.index(after: slash)...])
    }
}
