import ComposeParser

/// Typed reads of YAML nodes (under the YAML 1.2 core schema, as the YAML front end resolves them) for configuration files.
enum YAMLValues {
    static func isNull(_ node: YAMLNode) -> Bool {
        node.scalarText != nil && node.coreValue == .null
    }

    /// The text of a non-null scalar.
    static func string(_ node: YAMLNode) -> String? {
        guard let text = node.scalarText, !isNull(node) else { return nil }
        return text
    }

    static func int(_ node: YAMLNode) -> Int? {
        if case .int(let value) = node.coreValue { return value }
        return nil
    }

    static func bool(_ node: YAMLNode) -> Bool? {
        if case .bool(let value) = node.coreValue { return value }
        return nil
    }

    static func optionValue(_ node: YAMLNode, as type: RuleOptionType) -> RuleOptionValue? {
        switch type {
        case .bool: return bool(node).map(RuleOptionValue.bool)
        case .int: return int(node).map(RuleOptionValue.int)
        case .string:
            guard node.scalarText != nil, case .string(let text) = node.coreValue else { return nil }
            return .string(text)
        case .intList:
            guard let items = node.sequenceItems else { return nil }
            var values: [Int] = []
            for item in items {
                guard let value = int(item) else { return nil }
                values.append(value)
            }
            return .intList(values)
        case .stringList:
            guard let items = node.sequenceItems else { return nil }
            var values: [String] = []
            for item in items {
                guard item.mappingPairs == nil, item.sequenceItems == nil, let value = string(item) else { return nil }
                values.append(value)
            }
            return .stringList(values)
        }
    }

    static func kindName(_ node: YAMLNode) -> String {
        switch node.resolved.content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return isNull(node) ? "an empty value" : "a scalar"
        case .alias: return "an alias"
        }
    }

    /// How a value is named in an error: `'text'` for scalars, else its kind.
    static func shown(_ node: YAMLNode) -> String {
        if let text = string(node), node.mappingPairs == nil {
            let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "'\(short)'"
        }
        return kindName(node)
    }
}
