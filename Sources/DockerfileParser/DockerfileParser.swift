import SourceSupport

/// Entry point of the Dockerfile front end: a pure function of the file's bytes.
///
/// What rules read (see the types for details):
/// - `Dockerfile.instructions`: `Instruction` with `keyword`/`kind`, `range`, `keywordRange`, `flags`
///   (`Flag` name/value/ranges), `arguments` (BuildKit's values with ranges), `isExecForm`, `heredocs`,
///   `keyValuePairs` (ENV/LABEL/ARG), `shellScript`, `trigger` (ONBUILD) and typed views (`from`,
///   `copy`, `user`, `exposedPorts`, `healthcheck`, `mounts`).
/// - `Dockerfile.stages`: `Stage` with index, name, base `ImageReference`, instruction indices, the
///   earlier stage it builds on, and its ARG/ENV `VariableScope`; `globalScope` for ARGs before FROM;
///   `scope(before:)` and `expand(_:before:)` for any instruction.
/// - `Dockerfile.comments` (suppression comments), `directives`, `diagnostics`.
/// - `ShellScript` / `ShellCommand` / `ShellWord`: commands with operators, words and ranges.
///
/// Storage: the parse appends plain records (byte offsets and spans, no strings) to the arrays of
/// one `SyntaxStore` (see `SyntaxStore.swift`). `Instruction`, `ShellScript` and `ShellCommand` are
/// views of those records and lists are `NodeList`s (random-access collections whose `count` is
/// free); a node's strings and line/column ranges are made when they are read. Every node exists
/// after `parse`; reading one costs what building it eagerly used to.
public enum DockerfileParser {
    /// Parses a Dockerfile the way BuildKit does and computes the typed detail (stages, variable
    /// scopes, image references, shell model). Never fails: problems become `diagnostics`.
    public static func parse(_ bytes: [UInt8]) -> Dockerfile {
        // Node offsets are stored in 32 bits, with room for the text the parse adds.
        guard bytes.count < maximumSize else { return tooLarge(bytes) }
        let table = LineTable(bytes)
        let locator = SourceLocator(table: table)
        // The scanner reads the bytes through a pointer (no bounds checks or retains per access);
        // it does not outlive this call.
        var dockerfile = bytes.withUnsafeBufferPointer { buffer in
            var scanner = DockerfileScanner(source: bytes, bytes: buffer, lines: locator)
            scanner.run()
            let store = SyntaxStore(scanner.arena.take(), lineTable: table)
            return Dockerfile(
                store: store, directives: scanner.directiveParser.directives, escapeCharacter: scanner.escape,
                diagnostics: scanner.diagnostics, hasByteOrderMark: scanner.hasByteOrderMark)
        }
        SemanticAnalysis.run(on: &dockerfile, bytes: bytes, locator: locator)
        dockerfile.diagnostics.sort { $0.range.start.offset < $1.range.start.offset }
        return dockerfile
    }

    /// The largest input parsed (256 MiB, far beyond any Dockerfile); larger ones get one error.
    public static let maximumSize = 1 << 28

    private static func tooLarge(_ bytes: [UInt8]) -> Dockerfile {
        let table = LineTable(lineStarts: [0], byteCount: bytes.count)
        let store = SyntaxStore(SyntaxArena(source: []), lineTable: table)
        let start = SourcePosition(offset: 0, line: 1, column: 1)
        return Dockerfile(
            store: store, directives: [], escapeCharacter: UInt8(ascii: "\\"),
            diagnostics: [ParseDiagnostic(
                message: "the file is \(bytes.count) bytes long; Dockerfiles of \(maximumSize) bytes or more are not parsed",
                range: SourceRange(at: start), code: "file-too-large")],
            hasByteOrderMark: false)
    }

    /// Convenience for tests and tools holding text.
    public static func parse(_ text: String) -> Dockerfile { parse(Array(text.utf8)) }
}
