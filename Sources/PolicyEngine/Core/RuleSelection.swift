/// Which rules run: the default set, or exactly `select`, minus `ignore`. Names, codes and aliases
/// are all accepted (`root-user`, `DF001`, `DL3002`).
public struct RuleSelection: Sendable, Hashable {
    public var select: [String]?
    public var ignore: [String]

    public init(select: [String]? = nil, ignore: [String] = []) {
        self.select = select
        self.ignore = ignore
    }

    public struct UnknownRule: Error, Hashable, Sendable {
        public var name: String
    }

    /// The codes of the rules that run. Front-end findings (`parse-error`, `compose-invalid`, …) are
    /// always reported unless ignored: a file that cannot be read is never silently clean.
    public func resolve(in registry: RuleRegistry = .standard) throws(UnknownRule) -> Set<String> {
        var enabled: Set<String>
        if let select {
            enabled = Set(registry.frontEndRules.map(\.code))
            for name in select {
                guard let rule = registry.description(named: name) else { throw UnknownRule(name: name) }
                enabled.insert(rule.code)
            }
        } else {
            enabled = Set(registry.allDescriptions.filter(\.enabledByDefault).map(\.code))
        }
        for name in ignore {
            guard let rule = registry.description(named: name) else { throw UnknownRule(name: name) }
            enabled.remove(rule.code)
        }
        return enabled
    }
}
