import SourceSupport

/// Flags the top-level `version` key of compose files.
public struct ComposeVersionObsolete: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "CP001", name: "compose-version-obsolete",
        summary: "The top-level `version` key is obsolete and ignored by Compose v2",
        documentation: RuleDocumentation(
            whatItDoes: "Flags the top-level `version:` key of a compose file.",
            whyItMatters: "Compose v2 follows the Compose Specification, which has no file versions: the key is ignored (with a warning on every command) and misleads readers into thinking features are gated by it.",
            example: "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27",
            useInstead: "services:\n  web:\n    image: nginx:1.27"),
        defaultSeverity: .warning, fileKinds: [.compose], tags: [.style, .bestPractice],
        triggeringExamples: [
            .compose("↓version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n"),
            .compose("# header\n↓version: \"3\"\nservices: {}\n", "a comment before it"),
            RuleExample(files: [
                ExampleFile("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
                ExampleFile("compose.prod.yaml", "↓version: '3.8'\nservices:\n  web:\n    restart: always\n"),
            ], note: "in an overlay, reported in the overlay"),
        ],
        nonTriggeringExamples: [
            .compose("services:\n  web:\n    image: nginx:1.27\n"),
            .compose("name: shop\nservices:\n  web:\n    image: nginx:1.27\n    environment:\n      version: '3.8'\n", "a nested key named version"),
        ])

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for (file, node) in compose.writtenFiles {
            guard let entry = node.entries?.last(where: { $0.key == "version" }) else { continue }
            let written = entry.value.scalarText.map { " ('\($0)')" } ?? ""
            report.report("The top-level `version` key\(written) is obsolete: Compose v2 ignores it and warns on every command; remove it",
                          file: file, range: entry.keyRange.union(entry.value.range),
                          fix: Fix(title: "Remove the `version` key", applicability: .safe, edits: [
                              TextEdit(file: file, range: entry.keyRange.start.offset..<entry.value.range.end.offset, replacement: ""),
                          ]))
        }
    }
}
