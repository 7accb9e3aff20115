/// The kinds of file a rule reads.
public enum FileKind: String, Sendable, Hashable, CaseIterable {
    case dockerfile, compose
}

/// What a rule is about; `infralint rules` shows them and future policy packs select by them.
public enum RuleTag: String, Sendable, Hashable, CaseIterable {
    case security, correctness, bestPractice = "best-practice", style
}

/// The same check in another tool (hadolint `DL3007`, BuildKit `SecretsUsedInArgOrEnv`, compose-lint
/// `CL-0005`), so users can map their existing configuration.
public struct RuleAlias: Hashable, Sendable {
    public enum Tool: String, Hashable, Sendable { case hadolint, buildkit, composeLint = "compose-lint" }
    public var tool: Tool
    public var id: String

    public init(_ tool: Tool, _ id: String) {
        self.tool = tool
        self.id = id
    }

    public static func hadolint(_ id: String) -> RuleAlias { RuleAlias(.hadolint, id) }
    public static func buildkit(_ id: String) -> RuleAlias { RuleAlias(.buildkit, id) }
    public static func composeLint(_ id: String) -> RuleAlias { RuleAlias(.composeLint, id) }
}

/// A rule's documentation in fixed sections, rendered by `infralint explain` (and later, generated docs).
public struct RuleDocumentation: Sendable {
    /// What the rule flags.
    public var whatItDoes: String
    /// Why it matters.
    public var whyItMatters: String
    /// A snippet that triggers the rule.
    public var example: String
    /// The same snippet fixed.
    public var useInstead: String

    public init(whatItDoes: String, whyItMatters: String, example: String, useInstead: String) {
        self.whatItDoes = whatItDoes
        self.whyItMatters = whyItMatters
        self.example = example
        self.useInstead = useInstead
    }
}

/// One file of an example: its path in the example's in-memory workspace and its text. The marker
/// `↓` sits immediately before the byte where a diagnostic of the rule must start; it is removed
/// before the text is parsed.
public struct ExampleFile: Sendable {
    public var path: String
    public var text: String
    /// Whether the file is linted itself (false for a Dockerfile only reached through a compose build,
    /// or a `.dockerignore`).
    public var isTarget: Bool

    public init(_ path: String, _ text: String, isTarget: Bool = true) {
        self.path = path
        self.text = text
        self.isTarget = isTarget
    }
}

/// A small workspace that must (triggering) or must not (non-triggering) make the rule report, with
/// markers where it reports. Compose files that are targets form one project, in the order given.
public struct RuleExample: Sendable {
    public static let marker: Character = "↓"

    public var files: [ExampleFile]
    /// Why this example is here, shown when it fails.
    public var note: String

    public init(files: [ExampleFile], note: String = "") {
        self.files = files
        self.note = note
    }

    public static func dockerfile(_ text: String, _ note: String = "", also: [ExampleFile] = []) -> RuleExample {
        RuleExample(files: [ExampleFile("Dockerfile", text)] + also, note: note)
    }

    public static func compose(_ text: String, _ note: String = "", also: [ExampleFile] = []) -> RuleExample {
        RuleExample(files: [ExampleFile("compose.yaml", text)] + also, note: note)
    }

    /// The example's files without markers, and the byte offsets of the markers per file.
    public func strippedFiles() -> (files: [ExampleFile], markers: [String: [Int]]) {
        var stripped: [ExampleFile] = []
        var markers: [String: [Int]] = [:]
        let markerBytes = Array(String(RuleExample.marker).utf8)
        for file in files {
            var bytes: [UInt8] = []
            let source = Array(file.text.utf8)
            var index = 0
            while index < source.count {
                if source[index] == markerBytes[0], index + markerBytes.count <= source.count,
                   Array(source[index..<(index + markerBytes.count)]) == markerBytes {
                    markers[file.path, default: []].append(bytes.count)
                    index += markerBytes.count
                    continue
                }
                bytes.append(source[index])
                index += 1
            }
            stripped.append(ExampleFile(file.path, String(decoding: bytes, as: UTF8.self), isTarget: file.isTarget))
        }
        return (stripped, markers)
    }
}

/// Everything about a rule except its check: identity, documentation, defaults and examples.
public struct RuleDescription: Sendable {
    /// Stable code: `DF…` rules about images and Dockerfiles (some also read compose files), `CP…`
    /// compose-only rules, `IL…` findings of the front ends and the engine. Never changes once released.
    public var code: String
    /// Kebab-case name, the interface users write (`--select`, configuration, suppressions).
    public var name: String
    public var summary: String
    public var documentation: RuleDocumentation
    public var defaultSeverity: Severity
    public var fileKinds: [FileKind]
    public var tags: [RuleTag]
    public var aliases: [RuleAlias]
    /// Off rules run only when selected by name (or, later, by a policy pack such as `strict`).
    public var enabledByDefault: Bool
    public var triggeringExamples: [RuleExample]
    public var nonTriggeringExamples: [RuleExample]
    /// Settings users may give the rule in `.infralint.yml` (`rules: NAME: options:`).
    public var options: [RuleOptionDescription]

    public init(code: String, name: String, summary: String, documentation: RuleDocumentation,
                defaultSeverity: Severity, fileKinds: [FileKind], tags: [RuleTag], aliases: [RuleAlias] = [],
                enabledByDefault: Bool = true,
                triggeringExamples: [RuleExample] = [], nonTriggeringExamples: [RuleExample] = [],
                options: [RuleOptionDescription] = []) {
        self.code = code
        self.name = name
        self.summary = summary
        self.documentation = documentation
        self.defaultSeverity = defaultSeverity
        self.fileKinds = fileKinds
        self.tags = tags
        self.aliases = aliases
        self.enabledByDefault = enabledByDefault
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
        self.options = options
    }
}
