/// Turns a run's result into text for one output format. New formats (SARIF, GitHub annotations,
/// checkstyle) are new conformers; the linter does not change.
public protocol Reporter: Sendable {
    func render(_ result: LintResult) -> String
}

/// The formats `--format` accepts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif
}
