/// Every rule infralint knows, in one list: codes and names are looked up here and nowhere else.
public struct RuleRegistry: Sendable {
    public let rules: [any Rule]
    /// Findings the front ends and the engine report themselves (no check of their own).
    public let frontEndRules: [RuleDescription]

    public init(rules: [any Rule], frontEndRules: [RuleDescription]) {
        self.rules = rules
        self.frontEndRules = frontEndRules
    }

    public static let standard = RuleRegistry(rules: [
        RootUser(),
        ImageUntagged(),
        ImageLatestTag(),
        ImageDigestUnpinned(),
        HealthcheckMissing(),
        SecretInArgOrEnv(),
        PlaintextSecret(),
        SingleStageBuild(),
        DockerignoreMissing(),
        ComposeVersionObsolete(),
        PortPublishedAllInterfaces(),
        UnusedSuppression(),
    ], frontEndRules: FrontEndFindings.all)

    /// Every description, front-end findings first, then rules, each group by code.
    public var allDescriptions: [RuleDescription] {
        frontEndRules.sorted { $0.code < $1.code } + rules.map(\.description).sorted { $0.code < $1.code }
    }

    /// The rule with this name, code or alias (case-insensitive for codes and aliases).
    public func description(named name: String) -> RuleDescription? {
        let all = allDescriptions
        if let exact = all.first(where: { $0.name == name }) { return exact }
        let upper = name.uppercased()
        if let byCode = all.first(where: { $0.code == upper }) { return byCode }
        return all.first { $0.aliases.contains { $0.id.uppercased() == upper } }
    }
}
