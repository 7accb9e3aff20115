import SourceSupport

/// Entry point of the YAML front end: bytes in, documents of `YAMLNode`s with source ranges out.
///
/// Pipeline: `YAMLInputCheck` (line starts, first unreadable byte) → `YAMLScanner` (tokens, with
/// indentation made explicit and implicit keys found) → `YAMLTreeBuilder` (node records in one
/// `YAMLNodeStore` per parse, built with an explicit stack; a `YAMLNode` is a view of one) →
/// `YAMLCoreSchema` / `YAMLJSON` for consumers.
///
/// Choices a consumer should know:
/// - The first syntax error stops the parse: the documents completed before it are returned with
///   one `.error` diagnostic (line, column and a message for people).
/// - Duplicate keys are `.warning` diagnostics (code `duplicate-key`, `related` = the first key);
///   the mapping keeps both pairs. The YAML test suite has no duplicate-key error case.
/// - Aliases share their target node. `expandedCount`, `expandedDepth` and `writtenCount` are
///   computed as nodes are built, so `expansionProblem(limits:)` checks an alias bomb in O(1).
/// - Nesting deeper than `limits.maxDepth` is an error; nothing recurses on input depth.
public enum YAMLParser {
    /// `options`: strict YAML 1.2 by default; `.compose` for Compose files (see `YAMLOptions`).
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .standard, options: YAMLOptions = .strict) -> YAMLParseResult {
        guard bytes.count < maxInputSize else {
            let table = LineTable(bytes)
            let start = SourcePosition(offset: 0, line: 1, column: 1)
            return YAMLParseResult(documents: [], comments: [], diagnostics: [
                ParseDiagnostic(message: "the file is 1 GiB or larger, more than the YAML parser reads", range: SourceRange(at: start)),
            ], lineTable: table)
        }
        let check = YAMLInputCheck(bytes)
        let table = LineTable(lineStarts: check.lineStarts, byteCount: bytes.count)
        // The scanner reads through a buffer pointer: it must not escape this closure.
        return bytes.withUnsafeBufferPointer { buffer in
            var builder = YAMLTreeBuilder(source: bytes, bytes: buffer, end: check.firstUnreadable, limits: limits, options: options)
            var diagnostics: [ParseDiagnostic] = []
            do throws(YAMLSyntaxError) {
                try builder.parseStream()
            } catch {
                diagnostics.append(ParseDiagnostic(message: error.message, range: SourceRange(at: error.position)))
            }
            diagnostics.append(contentsOf: builder.warnings)
            // The records become the store every node of every document is a view of.
            var arena = builder.arena
            arena.text = builder.scanner.scalarValues
            let store = YAMLNodeStore(arena)
            return YAMLParseResult(
                documents: builder.documents.map { document in
                    YAMLDocument(root: document.root.map { YAMLNode(store: store, index: $0) }, range: document.range)
                },
                comments: builder.scanner.comments,
                diagnostics: diagnostics,
                lineTable: table
            )
        }
    }

    /// Node records keep offsets in 32 bits: larger inputs are refused (as by the Dockerfile parser).
    public static let maxInputSize = 1 << 30
}
