import SourceSupport

/// Entry point of the YAML front end: bytes in, documents of `YAMLNode`s with source ranges out.
public enum YAMLParser {
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .standard) -> YAMLParseResult {
        let table = LineTable(utf8: bytes)
        var builder = YAMLTreeBuilder(bytes: bytes, limits: limits, lineTable: table)
        var diagnostics: [ParseDiagnostic] = []
        do {
            try builder.parseStream()
        } catch {
            diagnostics.append(ParseDiagnostic(message: error.message, range: SourceRange(at: error.position)))
        }
        diagnostics.append(contentsOf: builder.warnings)
        return YAMLParseResult(
            documents: builder.documents,
            comments: builder.scanner.comments,
            diagnostics: diagnostics,
            lineTable: table
        )
    }
}
