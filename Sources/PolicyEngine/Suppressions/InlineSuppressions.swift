import SourceSupport

/// Applies the suppression comments of the linted files to a result: removes what they suppress and,
/// when `unused-suppression` is enabled, reports those that suppress nothing or name no known rule.
public enum InlineSuppressions {
    struct Entry {
        var placed: PlacedSuppression
        /// Per written name: the rule's code (nil: no such rule) and whether it suppressed something.
        var codes: [String?]
        var used: [Bool]
    }

    public static func apply(to result: LintResult, options: LintOptions, registry: RuleRegistry = .standard) -> LintResult {
        var entriesByFile: [String: [Entry]] = [:]
        for file in result.files {
            let placed = SuppressionScanner.suppressions(in: file)
            guard !placed.isEmpty else { continue }
            entriesByFile[file.path] = placed.map { placed in
                let codes = placed.comment.names.map { code(for: $0.name, tool: placed.comment.tool, registry: registry) }
                return Entry(placed: placed, codes: codes, used: Array(repeating: false, count: codes.count))
            }
        }
        if entriesByFile.isEmpty { return result }

        var kept: [Diagnostic] = []
        for diagnostic in result.diagnostics {
            if !suppress(diagnostic, in: &entriesByFile) { kept.append(diagnostic) }
        }

        let unusedCode = UnusedSuppression.description.code
        if options.enabledRules.contains(unusedCode) {
            let severity = options.severityOverrides[unusedCode] ?? UnusedSuppression.description.defaultSeverity
            var reports: [Diagnostic] = []
            for (path, entries) in entriesByFile.sorted(by: { $0.key < $1.key }) {
                for entry in entries {
                    reports += unused(entry, file: path, severity: severity, options: options)
                }
            }
            for report in reports where !suppress(report, in: &entriesByFile) {
                let file = result.file(report.file)
                if options.filters.allSatisfy({ $0.keeps(report, in: file) }) { kept.append(report) }
            }
            kept.sort(by: Diagnostic.reportOrder)
        }
        return LintResult(files: result.files, diagnostics: kept)
    }

    /// The code a written name stands for: a name, code or alias; hadolint comments name hadolint codes.
    static func code(for name: String, tool: SuppressionComment.Tool, registry: RuleRegistry) -> String? {
        registry.description(named: name)?.code
    }

    /// Whether a suppression covers the diagnostic; marks every suppression that does as used.
    static func suppress(_ diagnostic: Diagnostic, in entriesByFile: inout [String: [Entry]]) -> Bool {
        guard var entries = entriesByFile[diagnostic.file] else { return false }
        var suppressed = false
        let line = diagnostic.range.start.line
        for entryIndex in entries.indices {
            guard let lines = entries[entryIndex].placed.lines, lines.contains(line) else { continue }
            for (nameIndex, code) in entries[entryIndex].codes.enumerated() where code == diagnostic.code {
                entries[entryIndex].used[nameIndex] = true
                suppressed = true
            }
        }
        if suppressed { entriesByFile[diagnostic.file] = entries }
        return suppressed
    }

    static func unused(_ entry: Entry, file: String, severity: Severity, options: LintOptions) -> [Diagnostic] {
        let rule = UnusedSuppression.description
        let comment = entry.placed.comment
        func report(_ message: String, _ range: SourceRange) -> Diagnostic {
            Diagnostic(code: rule.code, ruleName: rule.name, severity: severity, message: message, file: file, range: range)
        }
        if let malformed = comment.malformed {
            return [report("Suppression comment not understood: \(malformed)", comment.range)]
        }
        let written = "# \(comment.tool.rawValue) \(comment.scope == .file ? (comment.tool == .hadolint ? "global ignore" : "ignore-file") : "ignore")"
        if entry.placed.lines == nil {
            return [report("`\(written)` covers nothing: put it on the line above an instruction or YAML entry (or at the end of its line)", comment.range)]
        }
        var reports: [Diagnostic] = []
        for (index, (name, range)) in comment.names.enumerated() where !entry.used[index] {
            guard let code = entry.codes[index] else {
                if comment.tool == .hadolint {
                    reports.append(report("hadolint's \(name) has no infralint equivalent, so this suppression does nothing; remove it", range))
                } else {
                    reports.append(report("`\(written)=\(name)` names no rule infralint knows (see 'infralint rules')", range))
                }
                continue
            }
            // A suppression of unused-suppression itself is used when it hides such a report.
            if code == rule.code { continue }
            if !options.enabledRules.contains(code) {
                reports.append(report("`\(name)` is not enabled, so `\(written)=\(name)` suppresses nothing; remove it", range))
            } else {
                reports.append(report("`\(name)` reports nothing here, so `\(written)=\(name)` suppresses nothing; remove it", range))
            }
        }
        return reports
    }
}

/// The finding the suppression pass reports itself (it has no check of its own).
public struct UnusedSuppression: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "IL006", name: "unused-suppression",
        summary: "A suppression comment suppresses nothing, or names an unknown rule",
        documentation: RuleDocumentation(
            whatItDoes: "Reports `# infralint ignore=…`, `# infralint ignore-file=…` and `# hadolint ignore=…` comments that suppress no finding, that name a rule infralint does not know (or a hadolint code it has no equivalent for), or that are not written as a suppression.",
            whyItMatters: "A suppression left behind after the problem was fixed hides the next real finding of that rule on the same line; a misspelt rule name suppresses nothing while looking like it does.",
            example: "# infralint ignore=root-usr\nUSER root",
            useInstead: "# infralint ignore=root-user\nUSER root"),
        defaultSeverity: .info, fileKinds: [.dockerfile, .compose], tags: [.style], enabledByDefault: false,
        triggeringExamples: [
            .dockerfile("# infralint ignore=↓root-usr\nFROM alpine:3.20\n", "a misspelt rule name"),
            .dockerfile("# infralint ignore=↓image-latest-tag\nFROM alpine:3.20\n", "nothing to suppress"),
            .dockerfile("FROM alpine:3.20\n# hadolint ignore=↓DL3008\nRUN apk add curl\n", "a hadolint code infralint has no equivalent for"),
            .dockerfile("FROM alpine:3.20\n↓# infralint ignroe=root-user\nUSER app\n", "not a suppression"),
        ],
        nonTriggeringExamples: [
            .dockerfile("# install the app\nFROM alpine:3.20\n", "an ordinary comment"),
            .dockerfile("# hadolint shell=bash\nFROM alpine:3.20\n", "hadolint's other pragmas"),
        ])
}
