import SourceSupport
import ComposeParser

/// Reads `.infralint.yml` and pack files with the project's YAML parser and checks every key, rule
/// name, severity and option against the registry. Every problem is collected with its location.
public struct ConfigurationReader: Sendable {
    public static let topLevelKeys = ["extends", "rules", "ignore-paths", "fail-on", "description"]

    public var registry: RuleRegistry

    public init(registry: RuleRegistry = .standard) { self.registry = registry }

    /// Reads a file's bytes. `path` names the file in errors; ignore patterns are relative to its directory.
    public func read(_ bytes: [UInt8], path: String) -> Result<ConfigurationFile, ConfigurationErrors> {
        let parsed = YAMLParser.parse(bytes)
        if let error = parsed.error {
            return .failure(ConfigurationErrors([ConfigurationError(file: path, range: error.range, message: "invalid YAML: \(error.message)")]))
        }
        if parsed.documents.count > 1 {
            return .failure(ConfigurationErrors([ConfigurationError(file: path, range: parsed.documents[1].range,
                                                message: "a configuration file holds one YAML document, this one has \(parsed.documents.count)")]))
        }
        return read(root: parsed.documents.first?.root, path: path)
    }

    /// Reads an already parsed document (nil or null: an empty configuration).
    public func read(root: YAMLNode?, path: String) -> Result<ConfigurationFile, ConfigurationErrors> {
        var session = ReadSession(path: path, registry: registry)
        let file = session.readFile(root)
        return session.errors.isEmpty ? .success(file) : .failure(ConfigurationErrors(session.errors))
    }
}

/// One file's read: the errors found so far.
struct ReadSession {
    let path: String
    let registry: RuleRegistry
    var errors: [ConfigurationError] = []

    init(path: String, registry: RuleRegistry) {
        self.path = path
        self.registry = registry
    }

    mutating func fail(_ node: YAMLNode, _ message: String) {
        errors.append(ConfigurationError(file: path, range: node.range, message: message))
    }

    /// The pairs of a mapping with scalar keys, reporting duplicates and non-scalar keys.
    mutating func pairs(of node: YAMLNode, what: String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard let pairs = node.mappingPairs else {
            fail(node, "\(what) must be a mapping, not \(YAMLValues.kindName(node))")
            return nil
        }
        var seen = Set<String>()
        var result: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                fail(pair.key, "keys of \(what) must be plain names")
                continue
            }
            guard seen.insert(key).inserted else {
                fail(pair.key, "'\(key)' is given twice in \(what)")
                continue
            }
            result.append((key, pair.key, pair.value))
        }
        return result
    }

    mutating func readFile(_ root: YAMLNode?) -> ConfigurationFile {
        var file = ConfigurationFile(path: path)
        guard let root, !YAMLValues.isNull(root) else { return file }
        guard let entries = pairs(of: root, what: "the configuration") else { return file }
        for (key, keyNode, value) in entries {
            switch key {
            case "description":
                if let text = YAMLValues.string(value) { file.description = text } else { fail(value, "description must be a string") }
            case "extends":
                file.extends = readExtends(value)
            case "rules":
                file.rules = readRules(value)
            case "ignore-paths":
                file.ignorePaths = readIgnorePaths(value)
            case "fail-on":
                if let text = YAMLValues.string(value), let threshold = FailOnThreshold(keyword: text) {
                    file.failOn = threshold
                } else {
                    fail(value, "fail-on must be error, warning, info or none, not \(YAMLValues.shown(value))")
                }
            default:
                fail(keyNode, "unknown key '\(key)' (expected \(ConfigurationReader.topLevelKeys.joined(separator: ", ")))")
            }
        }
        return file
    }

    mutating func readExtends(_ node: YAMLNode) -> [ExtendsReference] {
        // One name, or a list of names.
        let items = node.sequenceItems.map(Array.init) ?? [node]
        var references: [ExtendsReference] = []
        for item in items {
            guard let name = YAMLValues.string(item), !name.isEmpty else {
                fail(item, "extends names a built-in pack (\(PolicyPacks.names.joined(separator: ", "))) or a pack file, not \(YAMLValues.shown(item))")
                continue
            }
            references.append(ExtendsReference(name: name, range: item.range))
        }
        return references
    }

    mutating func readIgnorePaths(_ node: YAMLNode) -> [IgnorePattern] {
        guard let items = node.sequenceItems else {
            fail(node, "ignore-paths must be a list of path patterns, not \(YAMLValues.shown(node))")
            return []
        }
        let base = WorkspacePath.directory(path)
        var patterns: [IgnorePattern] = []
        for item in items {
            guard let text = YAMLValues.string(item) else {
                fail(item, "ignore-paths entries must be path patterns (strings), not \(YAMLValues.shown(item))")
                continue
            }
            if let problem = IgnorePaths.problem(with: text) {
                fail(item, "bad ignore-paths pattern '\(text)': \(problem)")
                continue
            }
            patterns.append(IgnorePattern(pattern: text, baseDirectory: base, range: item.range))
        }
        return patterns
    }

    mutating func readRules(_ node: YAMLNode) -> [RuleSetting] {
        if YAMLValues.isNull(node) { return [] }
        guard let entries = pairs(of: node, what: "rules") else { return [] }
        var settings: [RuleSetting] = []
        var seenCodes: [String: String] = [:]
        for (name, keyNode, value) in entries {
            guard let rule = registry.description(named: name) else {
                fail(keyNode, "unknown rule '\(name)' (see 'infralint rules')")
                continue
            }
            if let earlier = seenCodes[rule.code] {
                fail(keyNode, "'\(name)' and '\(earlier)' are the same rule (\(rule.name)); set it once")
                continue
            }
            seenCodes[rule.code] = name
            if let setting = readRule(rule, name: name, keyNode: keyNode, value: value) { settings.append(setting) }
        }
        return settings
    }

    mutating func readRule(_ rule: RuleDescription, name: String, keyNode: YAMLNode, value: YAMLNode) -> RuleSetting? {
        let range = keyNode.range.union(value.range)
        if value.mappingPairs == nil {
            guard let text = YAMLValues.string(value), let level = RuleLevel(keyword: text) else {
                fail(value, "rule '\(name)' takes a severity (\(RuleLevel.keywords)) or a mapping with severity and options, not \(YAMLValues.shown(value))")
                return nil
            }
            return RuleSetting(writtenName: name, code: rule.code, level: level, range: range)
        }
        guard let entries = pairs(of: value, what: "rule '\(name)'") else { return nil }
        var setting = RuleSetting(writtenName: name, code: rule.code, level: nil, range: range)
        for (key, entryKey, entryValue) in entries {
            switch key {
            case "severity":
                if let text = YAMLValues.string(entryValue), let level = RuleLevel(keyword: text) {
                    setting.level = level
                } else {
                    fail(entryValue, "severity of '\(name)' must be \(RuleLevel.keywords), not \(YAMLValues.shown(entryValue))")
                }
            case "options":
                setting.options = readOptions(rule, name: name, entryValue)
            default:
                fail(entryKey, "unknown key '\(key)' in rule '\(name)' (expected severity, options)")
            }
        }
        return setting
    }

    mutating func readOptions(_ rule: RuleDescription, name: String, _ node: YAMLNode) -> [String: RuleOptionValue] {
        guard let entries = pairs(of: node, what: "the options of '\(name)'") else { return [:] }
        var values: [String: RuleOptionValue] = [:]
        for (key, keyNode, value) in entries {
            guard let declared = rule.options.first(where: { $0.name == key }) else {
                let known = rule.options.map(\.name)
                let expected = known.isEmpty ? "it has no options" : "its options: \(known.joined(separator: ", "))"
                fail(keyNode, "unknown option '\(key)' for rule '\(rule.name)' (\(expected))")
                continue
            }
            guard let typed = YAMLValues.optionValue(value, as: declared.type) else {
                fail(value, "option '\(key)' of '\(rule.name)' must be a \(declared.type.rawValue), not \(YAMLValues.shown(value))")
                continue
            }
            values[key] = typed
        }
        return values
    }
}
