import SourceSupport

/// Entry point of the Dockerfile front end: a pure function of the file's bytes.
public enum DockerfileParser {
    /// Parses a Dockerfile the way BuildKit does and computes the typed detail (stages, variable
    /// scopes, image references, shell model). Never fails: problems become `diagnostics`.
    public static func parse(_ bytes: [UInt8]) -> Dockerfile {
        let table = LineTable(utf8: bytes)
        var scanner = DockerfileScanner(bytes: bytes, lines: SourceLocator(table: table))
        scanner.run()
        var dockerfile = Dockerfile(
            instructions: scanner.instructions, comments: scanner.comments, directives: scanner.directiveParser.directives,
            escapeCharacter: scanner.escape, diagnostics: scanner.diagnostics, lineTable: table,
            hasByteOrderMark: scanner.hasByteOrderMark)
        SemanticAnalysis.run(on: &dockerfile, bytes: bytes)
        dockerfile.diagnostics.sort { $0.range.start.offset < $1.range.start.offset }
        return dockerfile
    }

    /// Convenience for tests and tools holding text.
    public static func parse(_ text: String) -> Dockerfile { parse(Array(text.utf8)) }
}
