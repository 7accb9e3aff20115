import SourceSupport

/// A problem in a configuration or pack file, with where it is. Any such problem stops the run
/// (exit 2): a misspelt key or rule name must never be silently ignored.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path, or `pack:NAME` for a built-in pack.
    public var file: String
    public var range: SourceRange?
    public var message: String

    public init(file: String, range: SourceRange?, message: String) {
        self.file = file
        self.range = range
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE` (the column counts bytes; configuration keys are ASCII).
    public var description: String {
        guard let range else { return "\(file): error: \(message)" }
        return "\(file):\(range.start.line):\(range.start.column): error: \(message)"
    }
}

/// Whether a rule runs, and at which severity.
public enum RuleLevel: Hashable, Sendable {
    case off
    case on(Severity)

    /// `error`, `warning`, `info` or `off`.
    public init?(keyword: String) {
        if keyword == "off" { self = .off; return }
        guard let severity = Severity(rawValue: keyword) else { return nil }
        self = .on(severity)
    }

    public var keyword: String {
        switch self {
        case .off: return "off"
        case .on(let severity): return severity.rawValue
        }
    }

    public static let keywords = "error, warning, info or off"
}

/// The `fail-on` threshold: exit 1 when a finding is at least this severe; `none` never fails.
public enum FailOnThreshold: Hashable, Sendable {
    case severity(Severity)
    case none

    public init?(keyword: String) {
        if keyword == "none" { self = .none; return }
        guard let severity = Severity(rawValue: keyword) else { return nil }
        self = .severity(severity)
    }

    /// Whether a run with this summary fails.
    public func fails(_ summary: LintSummary) -> Bool {
        switch self {
        case .none: return false
        case .severity(let severity): return summary.count(atOrAbove: severity) > 0
        }
    }
}

/// One entry of `rules:`: `NAME: LEVEL` or `NAME: { severity: LEVEL, options: {...} }`.
public struct RuleSetting: Sendable, Hashable {
    /// As written (a name, code or alias).
    public var writtenName: String
    /// The rule's code.
    public var code: String
    /// nil when only options are given: the rule keeps the level it inherits.
    public var level: RuleLevel?
    public var options: [String: RuleOptionValue]
    public var range: SourceRange

    public init(writtenName: String, code: String, level: RuleLevel?, options: [String: RuleOptionValue] = [:], range: SourceRange) {
        self.writtenName = writtenName
        self.code = code
        self.level = level
        self.options = options
        self.range = range
    }
}

/// What `extends:` names: a built-in pack or a pack file (relative to the file that names it).
public struct ExtendsReference: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
}

/// One ignore pattern and the directory it is relative to.
public struct IgnorePattern: Sendable, Hashable {
    public var pattern: String
    /// The directory of the file that wrote it.
    public var baseDirectory: String
    public var range: SourceRange?

    public init(pattern: String, baseDirectory: String, range: SourceRange? = nil) {
        self.pattern = pattern
        self.baseDirectory = baseDirectory
        self.range = range
    }
}

/// A configuration or pack file, read and checked against the rule registry (names, severities,
/// options), but not yet combined with what it extends.
public struct ConfigurationFile: Sendable {
    public var path: String
    public var description: String?
    /// nil when the file has no `extends:` (a configuration then extends `recommended`).
    public var extends: [ExtendsReference]?
    public var rules: [RuleSetting]
    public var ignorePaths: [IgnorePattern]
    public var failOn: FailOnThreshold?

    public init(path: String, description: String? = nil, extends: [ExtendsReference]? = nil, rules: [RuleSetting] = [],
                ignorePaths: [IgnorePattern] = [], failOn: FailOnThreshold? = nil) {
        self.path = path
        self.description = description
        self.extends = extends
        self.rules = rules
        self.ignorePaths = ignorePaths
        self.failOn = failOn
    }
}

/// Every problem found in a configuration and the packs it extends.
public struct ConfigurationErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]

    public init(_ errors: [ConfigurationError]) { self.errors = errors }

    /// One `FILE:LINE:COLUMN: error: MESSAGE` line per problem.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
