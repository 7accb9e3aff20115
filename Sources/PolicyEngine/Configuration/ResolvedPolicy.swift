/// The policy one run applies: every rule's level and options, the ignored paths and the fail-on
/// threshold, after a configuration and the packs it extends are layered (base first).
public struct ResolvedPolicy: Sendable {
    /// By rule code; every rule of the registry has one.
    public var levels: [String: RuleLevel]
    /// Option values set by configuration, by rule code.
    public var ruleOptions: [String: [String: RuleOptionValue]]
    public var ignorePaths: IgnorePaths
    /// nil when no file sets it (the command line's default applies).
    public var failOn: FailOnThreshold?
    /// What was applied, base first: `pack:recommended`, then files by path.
    public var sources: [String]

    let defaults: [String: Severity]
    let frontEndCodes: Set<String>

    /// The registry's own defaults: rules on by default at their default severity, no options.
    public init(registry: RuleRegistry = .standard) {
        var levels: [String: RuleLevel] = [:]
        var defaults: [String: Severity] = [:]
        for rule in registry.allDescriptions {
            levels[rule.code] = rule.enabledByDefault ? .on(rule.defaultSeverity) : .off
            defaults[rule.code] = rule.defaultSeverity
        }
        self.levels = levels
        self.defaults = defaults
        self.frontEndCodes = Set(registry.frontEndRules.map(\.code))
        self.ruleOptions = [:]
        self.ignorePaths = IgnorePaths()
        self.failOn = nil
        self.sources = []
    }

    public func level(of rule: RuleDescription) -> RuleLevel { levels[rule.code] ?? .off }

    /// Layers one file's settings over this policy.
    public mutating func apply(_ file: ConfigurationFile, source: String) {
        for setting in file.rules {
            if let level = setting.level { levels[setting.code] = level }
            for (name, value) in setting.options { ruleOptions[setting.code, default: [:]][name] = value }
        }
        ignorePaths.patterns += file.ignorePaths
        if let failOn = file.failOn { self.failOn = failOn }
        sources.append(source)
    }

    /// The command line's `--select` (exactly these rules, plus the front-end findings) and
    /// `--ignore`, over the configured levels. A selected rule that is off runs at its default severity.
    public func applying(select: [String]?, ignore: [String], registry: RuleRegistry = .standard) throws(RuleSelection.UnknownRule) -> ResolvedPolicy {
        var policy = self
        if let select {
            var chosen = Set<String>()
            for name in select {
                guard let rule = registry.description(named: name) else { throw RuleSelection.UnknownRule(name: name) }
                chosen.insert(rule.code)
            }
            for (code, level) in policy.levels where !frontEndCodes.contains(code) {
                if !chosen.contains(code) {
                    policy.levels[code] = .off
                } else if level == .off {
                    policy.levels[code] = .on(defaults[code] ?? .warning)
                }
            }
        }
        for name in ignore {
            guard let rule = registry.description(named: name) else { throw RuleSelection.UnknownRule(name: name) }
            policy.levels[rule.code] = .off
        }
        return policy
    }

    /// What the linter reads. A severity equal to the rule's default is no override: rules that grade
    /// their findings (an ordinary port is info, a database port a warning) keep grading.
    public var lintOptions: LintOptions {
        var enabled = Set<String>()
        var overrides: [String: Severity] = [:]
        for (code, level) in levels {
            guard case .on(let severity) = level else { continue }
            enabled.insert(code)
            if severity != defaults[code] { overrides[code] = severity }
        }
        var options = LintOptions(enabledRules: enabled, severityOverrides: overrides)
        options.ruleOptions = ruleOptions
        return options
    }
}

extension LintOptions {
    /// The option values `rule` runs with.
    public func optionValues(for rule: RuleDescription) -> RuleOptionValues {
        RuleOptionValues(declared: rule.options, configured: ruleOptions[rule.code] ?? [:])
    }
}
