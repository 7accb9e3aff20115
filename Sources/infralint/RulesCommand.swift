import SourceSupport
import PolicyEngine

/// `infralint rules [--format json]`: every rule with its code, name, severity, kinds, tags, aliases.
enum RulesCommand {
    static func run(_ arguments: [String]) -> Int32 {
        var format = OutputFormat.text
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--help", "-h":
                Output.line(Usage.rules)
                return 0
            case "--format":
                guard index + 1 < arguments.count, let chosen = OutputFormat(rawValue: arguments[index + 1]), chosen != .sarif else {
                    Output.error("infralint rules: --format takes text or json\n\n" + Usage.rules)
                    return 2
                }
                format = chosen
                index += 1
            case "--format=json": format = .json
            case "--format=text": format = .text
            default:
                Output.error("infralint rules: unknown argument '\(arguments[index])'\n\n" + Usage.rules)
                return 2
            }
            index += 1
        }
        let descriptions = RuleRegistry.standard.allDescriptions
        switch format {
        case .json, .sarif:
            Output.line(JSONValue.array(descriptions.map(json)).serialized(pretty: true))
        case .text:
            let nameWidth = descriptions.map(\.name.count).max() ?? 0
            for rule in descriptions {
                let name = rule.name + String(repeating: " ", count: nameWidth - rule.name.count)
                let severity = rule.defaultSeverity.rawValue + String(repeating: " ", count: 7 - rule.defaultSeverity.rawValue.count)
                let aliases = rule.aliases.isEmpty ? "" : " (" + rule.aliases.map(\.id).joined(separator: ", ") + ")"
                let packs = " [" + PolicyPacks.levels(of: rule).map { "\($0.pack): \($0.level.keyword)" }.joined(separator: ", ") + "]"
                Output.line("\(rule.code)  \(name)  \(severity)  \(rule.summary)\(aliases)\(packs)")
            }
        }
        return 0
    }

    static func json(_ rule: RuleDescription) -> JSONValue {
        .object([
            ("code", .string(rule.code)),
            ("name", .string(rule.name)),
            ("severity", .string(rule.defaultSeverity.rawValue)),
            ("enabledByDefault", .bool(rule.enabledByDefault)),
            ("kinds", .array(rule.fileKinds.map { .string($0.rawValue) })),
            ("tags", .array(rule.tags.map { .string($0.rawValue) })),
            ("aliases", .array(rule.aliases.map { .object([("tool", .string($0.tool.rawValue)), ("id", .string($0.id))]) })),
            ("summary", .string(rule.summary)),
            ("packs", .object(PolicyPacks.levels(of: rule).map { ($0.pack, .string($0.level.keyword)) })),
            ("options", .array(rule.options.map { option in
                .object([("name", .string(option.name)), ("type", .string(option.type.rawValue)),
                         ("default", .string(option.defaultValue.displayText)), ("documentation", .string(option.documentation))])
            })),
        ])
    }
}

/// `infralint explain NAME`: a rule's documentation, from its description.
enum ExplainCommand {
    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            Output.line(Usage.explain)
            return 0
        }
        guard arguments.count == 1 else {
            Output.error("infralint explain: give exactly one rule name\n\n" + Usage.explain)
            return 2
        }
        guard let rule = RuleRegistry.standard.description(named: arguments[0]) else {
            Output.error("infralint explain: unknown rule '\(arguments[0])' (see 'infralint rules')")
            return 2
        }
        Output.write(render(rule))
        return 0
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    static func render(_ rule: RuleDescription) -> String {
        var out = "\(rule.name) (\(rule.code))\n\n\(rule.summary).\n\n"
        out += "Default severity: \(rule.defaultSeverity.rawValue)\(rule.enabledByDefault ? "" : " (off by default; enable with --select \(rule.name))")\n"
        out += "Files: \(rule.fileKinds.map(\.rawValue).joined(separator: ", "))\n"
        out += "Tags: \(rule.tags.map(\.rawValue).joined(separator: ", "))\n"
        if !rule.aliases.isEmpty {
            out += "Also known as: \(rule.aliases.map { "\($0.id) (\($0.tool.rawValue))" }.joined(separator: ", "))\n"
        }
        out += "Packs: \(PolicyPacks.levels(of: rule).map { "\($0.pack) \($0.level.keyword)" }.joined(separator: ", "))\n"
        for option in rule.options {
            out += "Option \(option.name) (\(option.type.rawValue), default \(option.defaultValue.displayText)): \(option.documentation)\n"
        }
        let docs = rule.documentation
        out += "\n## What it does\n\n\(docs.whatItDoes)\n\n## Why it matters\n\n\(docs.whyItMatters)\n"
        out += "\n## Example\n\n\(indent(docs.example))\n\n## Use instead\n\n\(indent(docs.useInstead))\n"
        return out
    }
}
