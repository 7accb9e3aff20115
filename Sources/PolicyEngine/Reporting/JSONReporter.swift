import SourceSupport

/// `--format json`: one object with the tool, the files, the diagnostics and a summary. Lines and
/// columns are 1-based; columns count characters (Unicode scalars), not bytes.
public struct JSONReporter: Reporter {
    public static let formatVersion = 1

    public var pretty: Bool

    public init(pretty: Bool = true) { self.pretty = pretty }

    public func render(_ result: LintResult) -> String {
        json(result).serialized(pretty: pretty) + "\n"
    }

    public func json(_ result: LintResult) -> JSONValue {
        let summary = result.summary
        return .object([
            ("version", .int(JSONReporter.formatVersion)),
            ("tool", .object([("name", .string("infralint")), ("version", .string(PolicyEngine.version))])),
            ("files", .array(result.files.map { .object([("path", .string($0.path)), ("kind", .string($0.kind.rawValue))]) })),
            ("diagnostics", .array(result.diagnostics.map { diagnostic(for: $0, in: result) })),
            ("summary", .object([
                ("files", .int(summary.files)), ("errors", .int(summary.errors)),
                ("warnings", .int(summary.warnings)), ("infos", .int(summary.infos)),
            ])),
        ])
    }

    private func diagnostic(for diagnostic: Diagnostic, in result: LintResult) -> JSONValue {
        let file = result.file(diagnostic.file)
        func position(_ position: SourcePosition) -> JSONValue {
            .object([("line", .int(position.line)), ("column", .int(file?.characterColumn(of: position) ?? position.column))])
        }
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(diagnostic.code)),
            ("ruleName", .string(diagnostic.ruleName)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("message", .string(diagnostic.message)),
            ("file", .string(diagnostic.file)),
            ("range", .object([("start", position(diagnostic.range.start)), ("end", position(diagnostic.range.end))])),
        ]
        if !diagnostic.related.isEmpty {
            members.append(("related", .array(diagnostic.related.map { related in
                let relatedFile = result.file(related.file)
                return .object([
                    ("file", .string(related.file)),
                    ("message", .string(related.message)),
                    ("line", .int(related.range.start.line)),
                    ("column", .int(relatedFile?.characterColumn(of: related.range.start) ?? related.range.start.column)),
                ])
            })))
        }
        return .object(members)
    }
}
