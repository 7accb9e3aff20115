/// A problem a front end found while reading a file: a syntax error or a warning about the text.
/// The policy engine turns these into rule diagnostics (`parse-error`, `compose-invalid`, ...).
public struct ParseDiagnostic: Hashable, Sendable {
    public enum Severity: String, Hashable, Sendable {
        case error, warning, info
    }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    /// A short machine-readable kind chosen by the front end (e.g. "duplicate-key", "unknown-key").
    public var code: String
    /// Other places that explain this one (the first occurrence of a duplicate key, ...).
    public var related: [SourceRange]

    public init(severity: Severity = .error, message: String, range: SourceRange, code: String = "syntax", related: [SourceRange] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.code = code
        self.related = related
    }
}
extension ParseDiagnostic: Error {}
