/// Decides, after rules ran, whether a finding is kept: the hook inline suppressions
/// (`# infralint ignore=NAME`) and baselines plug into. The file is given so a filter can read comments.
public protocol DiagnosticFilter: Sendable {
    func keeps(_ diagnostic: Diagnostic, in file: LintedFile?) -> Bool
}

/// How one run behaves. A configuration file (`.infralint.yml`) and policy packs will produce one of
/// these; the linter only reads it.
public struct LintOptions: Sendable {
    /// Codes of the rules that run (see `RuleSelection.resolve`).
    public var enabledRules: Set<String>
    /// Per-rule severity overrides, by code.
    public var severityOverrides: [String: Severity]
    public var filters: [any DiagnosticFilter]
    /// Per-rule option values set by configuration, by code (defaults come from the rule's description).
    public var ruleOptions: [String: [String: RuleOptionValue]] = [:]

    public init(enabledRules: Set<String>, severityOverrides: [String: Severity] = [:], filters: [any DiagnosticFilter] = []) {
        self.enabledRules = enabledRules
        self.severityOverrides = severityOverrides
        self.filters = filters
    }

    /// The default rule set.
    public static var standard: LintOptions {
        // The default selection names no rule, so it cannot fail.
        LintOptions(enabledRules: (try? RuleSelection().resolve()) ?? [])
    }
}
