import SourceSupport

/// A check. A rule is a value with no state: its metadata (`description`) and pure functions of a
/// parsed file and the workspace. Rules that read only one kind of file implement one `check`.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector)
    func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector)
}

extension Rule {
    public var description: RuleDescription { Self.description }
    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {}
    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {}
}

/// Where a rule's findings go. It stamps them with the rule's code, name and default severity, so a
/// check only says what, where and (when it differs from the default) how serious.
public struct DiagnosticCollector: Sendable {
    public let rule: RuleDescription
    public private(set) var diagnostics: [Diagnostic] = []

    public init(rule: RuleDescription) { self.rule = rule }

    public mutating func report(_ message: String, file: String, range: SourceRange, severity: Severity? = nil,
                                related: [RelatedLocation] = [], fix: Fix? = nil) {
        diagnostics.append(Diagnostic(code: rule.code, ruleName: rule.name, severity: severity ?? rule.defaultSeverity,
                                      message: message, file: file, range: range, related: related, fix: fix))
    }
}
