import SourceSupport

// The typed, resolved Compose project the policy engine reads: every file merged, extends and
// include applied, short syntax normalized to the long one. Every value says where it was written
// (file + range); after merging overlays that is the file the winning value came from.

/// A value and where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var file: String
    public var range: SourceRange
    /// Variables interpolated into the value as written; empty for a literal.
    public var variables: [String]

    public init(_ value: Value, file: String, range: SourceRange, variables: [String] = []) {
        self.value = value
        self.file = file
        self.range = range
        self.variables = variables
    }

    /// True when the value came (at least partly) from a `$VAR` / `${VAR}` substitution.
    public var isInterpolated: Bool { !variables.isEmpty }
}

extension Located: Equatable where Value: Equatable {}

public struct ComposeProject: Sendable {
    /// The compose files, in merge order (overlays after the files they extend).
    public var files: [String]
    /// `name:`, when written.
    public var name: Located<String>?
    /// The obsolete top-level `version:`, when written (rules warn about it).
    public var version: Located<String>?
    /// Services sorted by name.
    public var services: [ComposeService]
    public var networks: [ComposeResource]
    public var volumes: [ComposeResource]
    public var secrets: [ComposeResource]
    public var configs: [ComposeResource]
    public var models: [ComposeResource]
    /// `include:` entries as written in the top-level files.
    public var include: [ComposeNode]
    /// Top-level `x-` keys.
    public var extensions: [ComposeEntry]
    /// The whole resolved top-level mapping, for keys the typed model does not name.
    public var node: ComposeNode

    public func service(named name: String) -> ComposeService? { services.first(where: { $0.name == name }) }
}

/// A top-level network, volume, secret, config or model.
public struct ComposeResource: Sendable {
    public var name: String
    public var file: String
    /// The key's range.
    public var range: SourceRange
    public var external: Located<Bool>?
    /// `file:` for secrets and configs, after path resolution.
    public var path: Located<String>?
    /// `environment:` for secrets and configs.
    public var environmentVariable: Located<String>?
    /// The resource's mapping as resolved (may be null for `name:` with no body).
    public var node: ComposeNode
}

public struct ComposeService: Sendable {
    public var name: String
    public var file: String
    /// The service key's range (in the file that defined the service first).
    public var range: SourceRange
    public var image: Located<String>?
    public var build: ComposeBuild?
    public var user: Located<String>?
    public var ports: [ComposePort]
    public var environment: [ComposeEnvironmentEntry]
    public var volumes: [ComposeVolumeMount]
    public var dependsOn: [ComposeDependency]
    public var healthcheck: ComposeHealthcheck?
    public var privileged: Located<Bool>?
    public var readOnly: Located<Bool>?
    public var capAdd: [Located<String>]
    public var capDrop: [Located<String>]
    public var securityOpt: [Located<String>]
    public var networkMode: Located<String>?
    public var pid: Located<String>?
    public var ipc: Located<String>?
    /// Split like a shell when written as a string.
    public var command: Located<[String]>?
    public var entrypoint: Located<[String]>?
    public var secrets: [ComposeFileReference]
    public var configs: [ComposeFileReference]
    public var networks: [ComposeServiceNetwork]
    public var profiles: [Located<String>]
    public var restart: Located<String>?
    /// Service-level `x-` keys.
    public var extensions: [ComposeEntry]
    /// The service's normalized mapping, for every key the typed model does not name.
    public var node: ComposeNode
}

public struct ComposeBuild: Sendable {
    public var file: String
    public var range: SourceRange
    /// Resolved against the project (or the including/extended file's) directory unless a URL.
    public var context: Located<String>?
    public var dockerfile: Located<String>?
    public var dockerfileInline: Located<String>?
    public var target: Located<String>?
    public var args: [ComposeEnvironmentEntry]
}

public struct ComposePort: Sendable {
    public var file: String
    /// The entry as written (a short-syntax range expands to several ports sharing one range).
    public var range: SourceRange
    public var hostIP: String?
    /// The host port or range, as a string ("8080", "8000-8010"); nil when not published.
    public var published: String?
    public var target: Int
    public var proto: String
    public var mode: String
    public var name: String?
    public var appProtocol: String?
    public var variables: [String]
}

public struct ComposeEnvironmentEntry: Sendable {
    public var name: String
    /// nil for a name without value (`- B`, `B:`), which Compose takes from the environment.
    public var value: String?
    public var file: String
    /// The entry as written (`- A=1` item or `A: 1` pair).
    public var range: SourceRange
    public var valueRange: SourceRange
    /// Variables interpolated into the value; empty when it is a literal.
    public var variables: [String]
    public var isInterpolated: Bool { !variables.isEmpty }
}

public struct ComposeVolumeMount: Sendable {
    public enum Kind: String, Sendable { case bind, volume, tmpfs, npipe, cluster, image }
    public var file: String
    public var range: SourceRange
    public var type: Kind
    public var source: String?
    public var target: String
    public var readOnly: Bool
    public var variables: [String]
    public var node: ComposeNode
}

public struct ComposeDependency: Sendable {
    public var service: String
    public var condition: String
    public var required: Bool
    public var restart: Bool
    public var file: String
    public var range: SourceRange
}

public struct ComposeHealthcheck: Sendable {
    public var file: String
    public var range: SourceRange
    /// `test` as a list (`["CMD-SHELL", "..."]` for a string); nil when not written.
    public var test: Located<[String]>?
    /// `disable: true` or `test: ["NONE"]`.
    public var disabled: Bool
    public var node: ComposeNode
}

/// A service's `secrets:` or `configs:` entry in the long form.
public struct ComposeFileReference: Sendable {
    public var source: String
    public var target: String?
    public var file: String
    public var range: SourceRange
    public var node: ComposeNode
}

public struct ComposeServiceNetwork: Sendable {
    public var name: String
    public var file: String
    public var range: SourceRange
    public var node: ComposeNode?
}
