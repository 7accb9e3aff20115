/// The built-in policy packs (`policies/*.yml`, embedded by `scripts/generate-packs.sh`).
public enum PolicyPacks {
    /// What runs when no configuration names a pack.
    public static let defaultPack = "recommended"

    public static var names: [String] { builtIn.map(\.name) }

    public static func text(named name: String) -> String? {
        builtIn.first { $0.name == name }?.text
    }

    /// How each built-in pack treats `rule`: its level in that pack, in pack order.
    public static func levels(of rule: RuleDescription, registry: RuleRegistry = .standard) -> [(pack: String, level: RuleLevel)] {
        names.compactMap { name in
            guard case .success(let policy) = ConfigurationLoader(registry: registry).loadPack(named: name) else { return nil }
            return (name, policy.level(of: rule))
        }
    }
}
