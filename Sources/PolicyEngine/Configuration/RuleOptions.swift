/// The types a rule option can have. Small on purpose: what a YAML scalar or flat list can say.
public enum RuleOptionType: String, Sendable, Hashable {
    case bool, int, string
    case intList = "list of integers"
    case stringList = "list of strings"
}

/// A value of a rule option.
public enum RuleOptionValue: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case string(String)
    case intList([Int])
    case stringList([String])

    public var type: RuleOptionType {
        switch self {
        case .bool: return .bool
        case .int: return .int
        case .string: return .string
        case .intList: return .intList
        case .stringList: return .stringList
        }
    }

    /// As written in configuration and documentation (`[80, 443]`, `true`, `"web"`).
    public var displayText: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .string(let value): return "\"\(value)\""
        case .intList(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .stringList(let values): return "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }
}

/// An option a rule declares: users set it under `rules: NAME: options:` in `.infralint.yml`.
public struct RuleOptionDescription: Sendable, Hashable {
    /// Kebab-case, as users write it (`allowed-ports`).
    public var name: String
    public var type: RuleOptionType
    public var defaultValue: RuleOptionValue
    public var documentation: String

    public init(name: String, type: RuleOptionType, defaultValue: RuleOptionValue, documentation: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.documentation = documentation
    }
}

/// The option values one rule runs with: what the configuration set, else the declared defaults.
/// Rules read them from their context (`compose.options.intList("allowed-ports")`).
public struct RuleOptionValues: Sendable, Hashable {
    public var declared: [RuleOptionDescription]
    public var configured: [String: RuleOptionValue]

    public init(declared: [RuleOptionDescription] = [], configured: [String: RuleOptionValue] = [:]) {
        self.declared = declared
        self.configured = configured
    }

    public func value(_ name: String) -> RuleOptionValue? {
        configured[name] ?? declared.first { $0.name == name }?.defaultValue
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let value)? = value(name) { return value }
        return nil
    }

    public func int(_ name: String) -> Int? {
        if case .int(let value)? = value(name) { return value }
        return nil
    }

    public func string(_ name: String) -> String? {
        if case .string(let value)? = value(name) { return value }
        return nil
    }

    public func intList(_ name: String) -> [Int] {
        if case .intList(let values)? = value(name) { return values }
        return []
    }

    public func stringList(_ name: String) -> [String] {
        if case .stringList(let values)? = value(name) { return values }
        return []
    }
}
