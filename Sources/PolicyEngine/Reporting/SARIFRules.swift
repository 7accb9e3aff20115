import SourceSupport

/// `tool.driver.rules` entries: what GitHub code scanning shows beside an alert.
enum SARIFRules {
    static func rule(_ rule: RuleDescription) -> JSONValue {
        var properties: [(String, JSONValue)] = [("tags", .array(rule.tags.map { .string($0.rawValue) }))]
        if rule.tags.contains(.security) {
            properties.append(("security-severity", .string(securitySeverity(rule.defaultSeverity))))
        }
        properties.append(("precision", .string("high")))
        return .object([
            ("id", .string(rule.code)),
            ("name", .string(rule.name)),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(plain(rule.documentation.whatItDoes)))])),
            ("help", .object([("text", .string(helpText(rule))), ("markdown", .string(helpMarkdown(rule)))])),
            ("defaultConfiguration", .object([
                ("enabled", .bool(rule.enabledByDefault)),
                ("level", .string(SARIFReporter.level(rule.defaultSeverity))),
            ])),
            ("properties", .object(properties)),
        ])
    }

    /// GitHub's scale: 9.0+ critical, 7.0+ high, 4.0+ medium, below low.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "8.0"
        case .warning: return "5.5"
        case .info: return "3.0"
        }
    }

    /// Documentation text without markdown backticks, for plain-text fields.
    static func plain(_ text: String) -> String {
        String(text.filter { $0 != "`" })
    }

    static func language(of snippet: String, rule: RuleDescription) -> String {
        if rule.fileKinds == [.compose] || snippet.hasPrefix("services:") || snippet.contains("\nservices:") { return "yaml" }
        if rule.fileKinds == [.dockerfile] || snippet.hasPrefix("FROM") || snippet.hasPrefix("#") { return "dockerfile" }
        return ""
    }

    static func aliasesText(_ rule: RuleDescription) -> String? {
        guard !rule.aliases.isEmpty else { return nil }
        return rule.aliases.map { "\($0.tool.rawValue) \($0.id)" }.joined(separator: ", ")
    }

    static func helpText(_ rule: RuleDescription) -> String {
        let docs = rule.documentation
        var text = "\(rule.name) (\(rule.code)): \(rule.summary).\n\n\(plain(docs.whatItDoes))\n\n\(plain(docs.whyItMatters))"
        if !docs.example.isEmpty { text += "\n\nExample:\n\(docs.example)" }
        if !docs.useInstead.isEmpty { text += "\n\nUse instead:\n\(docs.useInstead)" }
        if let aliases = aliasesText(rule) { text += "\n\nAlso known as: \(aliases)." }
        text += "\n\nSuppress one finding with `# infralint ignore=\(rule.name)` on the line above."
        return text
    }

    static func helpMarkdown(_ rule: RuleDescription) -> String {
        let docs = rule.documentation
        var text = "**\(rule.name)** (`\(rule.code)`): \(rule.summary).\n\n## What it does\n\n\(docs.whatItDoes)\n\n## Why it matters\n\n\(docs.whyItMatters)\n"
        if !docs.example.isEmpty {
            text += "\n## Example\n\n```\(language(of: docs.example, rule: rule))\n\(docs.example)\n```\n"
        }
        if !docs.useInstead.isEmpty {
            text += "\n## Use instead\n\n```\(language(of: docs.useInstead, rule: rule))\n\(docs.useInstead)\n```\n"
        }
        if !rule.options.isEmpty {
            text += "\n## Options\n\n"
            for option in rule.options {
                text += "- `\(option.name)` (\(option.type.rawValue), default `\(option.defaultValue.displayText)`): \(option.documentation)\n"
            }
        }
        if let aliases = aliasesText(rule) { text += "\nAlso known as: \(aliases).\n" }
        text += "\nSuppress one finding with `# infralint ignore=\(rule.name)` on the line above it; set its severity or turn it off under `rules:` in `.infralint.yml`.\n"
        return text
    }
}
