import ComposeParser

/// Typed reads of YAML nodes under the YAML 1.2 core schema, for configuration files.
enum YAMLValues {
    static func isPlain(_ node: YAMLNode) -> Bool {
        if case .scalar(_, .plain) = node.resolved.content { return node.resolved.tag == nil }
        return false
    }

    static func isNull(_ node: YAMLNode) -> Bool {
        guard isPlain(node), let text = node.scalarText else { return node.resolved.tag == "tag:yaml.org,2002:null" }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// The text of a non-null scalar.
    static func string(_ node: YAMLNode) -> String? {
        guard let text = node.scalarText, !isNull(node) else { return nil }
        return text
    }

    static func int(_ node: YAMLNode) -> Int? {
        guard isPlain(node) || node.resolved.tag == "tag:yaml.org,2002:int", let text = node.scalarText else { return nil }
        var digits = Substring(text)
        var sign = 1
        if digits.first == "-" || digits.first == "+" {
            if digits.first == "-" { sign = -1 }
            digits = digits.dropFirst()
        }
        if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16).map { $0 * sign } }
        if digits.hasPrefix("0o") { return Int(digits.dropFirst(2), radix: 8).map { $0 * sign } }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits).map { $0 * sign }
    }

    static func bool(_ node: YAMLNode) -> Bool? {
        guard isPlain(node) || node.resolved.tag == "tag:yaml.org,2002:bool", let text = node.scalarText else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func optionValue(_ node: YAMLNode, as type: RuleOptionType) -> RuleOptionValue? {
        switch type {
        case .bool: return bool(node).map(RuleOptionValue.bool)
        case .int: return int(node).map(RuleOptionValue.int)
        case .string:
            guard node.scalarText != nil, !isNull(node), bool(node) == nil, int(node) == nil || !isPlain(node) else { return nil }
            return string(node).map(RuleOptionValue.string)
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
