import SourceSupport

/// How serious a finding is. Ordered: `info < warning < error`, so `--fail-on` is a comparison.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Another place that explains a finding (the service that waits on an unhealthy one, the stage a
/// stage inherits from, ...).
public struct RelatedLocation: Hashable, Sendable {
    public var file: String
    public var range: SourceRange
    public var message: String

    public init(file: String, range: SourceRange, message: String) {
        self.file = file
        self.range = range
        self.message = message
    }
}

/// Replaces the bytes `range` of `file` with `replacement`. Byte offsets, half-open.
public struct TextEdit: Hashable, Sendable {
    public var file: String
    public var range: Range<Int>
    public var replacement: String

    public init(file: String, range: Range<Int>, replacement: String) {
        self.file = file
        self.range = range
        self.replacement = replacement
    }
}

/// A fix is data: edits an engine may apply. `safe` fixes keep the file's meaning (a future `--fix`
/// applies them by default); `unsafe` ones may change behaviour and need an explicit opt-in.
public struct Fix: Hashable, Sendable {
    public enum Applicability: String, Hashable, Sendable { case safe, unsafe }

    public var title: String
    public var applicability: Applicability
    public var edits: [TextEdit]

    public init(title: String, applicability: Applicability, edits: [TextEdit]) {
        self.title = title
        self.applicability = applicability
        self.edits = edits
    }
}

/// One finding: which rule, how serious, what is wrong and what to do, and where.
public struct Diagnostic: Hashable, Sendable {
    /// The rule's stable code (`DF001`, `CP002`, `IL001`).
    public var code: String
    /// The rule's kebab-case name (`root-user`): what users write in configuration and suppressions.
    public var ruleName: String
    public var severity: Severity
    public var message: String
    /// The path of the file, as given on the command line (or as the workspace names it).
    public var file: String
    public var range: SourceRange
    public var related: [RelatedLocation]
    public var fix: Fix?

    public init(code: String, ruleName: String, severity: Severity, message: String, file: String,
                range: SourceRange, related: [RelatedLocation] = [], fix: Fix? = nil) {
        self.code = code
        self.ruleName = ruleName
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.related = related
        self.fix = fix
    }

    /// The deterministic report order: file, line, column, then rule code, then message.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.range.start.line != rhs.range.start.line { return lhs.range.start.line < rhs.range.start.line }
        if lhs.range.start.column != rhs.range.start.column { return lhs.range.start.column < rhs.range.start.column }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}
