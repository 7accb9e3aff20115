import XCTest
import SourceSupport
@testable import DockerfileParser

/// Regressions found by comparing the parser with BuildKit's own parser (v0.12) on real public
/// Dockerfiles. Each case is a small Dockerfile reduced from the construct that differed, with the
/// instructions BuildKit's parser produced for it, written inline.
final class DockerfileRealWorldTests: XCTestCase {
    /// One expected instruction: the keys `infralint parse --format json` shares with BuildKit.
    struct Expected {
        var keyword: String
        var subKeyword: String? = nil
        var line: Int
        var endLine: Int
        var flags: [String] = []
        var json = false
        var arguments: [String]
        var heredocs: [(name: String, content: String)] = []

        var jsonValue: JSONValue {
            .object([
                ("keyword", .string(keyword)),
                ("subKeyword", subKeyword.map { .string($0) } ?? .null),
                ("line", .int(line)),
                ("endLine", .int(endLine)),
                ("flags", .array(flags.map { .string($0) })),
                ("json", .bool(json)),
                ("arguments", .array(arguments.map { .string($0) })),
                ("heredocs", .array(heredocs.map { .object([("name", .string($0.name)), ("content", .string($0.content))]) })),
            ])
        }
    }

    func assertParses(_ source: String, as expected: [Expected], file: StaticString = #filePath, line: UInt = #line) {
        let dockerfile = DockerfileParser.parse([UInt8](source.utf8))
        if let error = dockerfile.diagnostics.first(where: { $0.severity == .error }) {
            XCTFail("unexpected error: \(error.message)", file: file, line: line)
            return
        }
        let actual = DockerfileConformanceTests.comparable(dockerfile.parseOutputJSON())
        let wanted = JSONValue.array(expected.map(\.jsonValue))
        XCTAssertEqual(actual, wanted, "got\n\(actual.serialized(pretty: true))", file: file, line: line)
    }

    /// BuildKit v0.12 knows only the `syntax` and `escape` directives: a `check` line ends the
    /// directive run, so an `escape` after it is a comment and the backslash stays the escape.
    func testEscapeDirectiveAfterCheckIsAComment() {
        assertParses("# syntax=docker/dockerfile:1\n# check=error=true\n# escape=`\nFROM a\nRUN x `\n  y\n", as: [
            Expected(keyword: "FROM", line: 4, endLine: 4, arguments: ["a"]),
            Expected(keyword: "RUN", line: 5, endLine: 5, arguments: ["x `"]),
            Expected(keyword: "Y", line: 6, endLine: 6, arguments: [""]),
        ])
        // Nor is a second `escape` after a `check` the error a repeated directive would be.
        XCTAssertFalse(DockerfileParser.parse("# escape=`\n# check=skip=all\n# escape=\\\nFROM a\n").hasErrors)
    }

    /// A heredoc delimiter may hold a quoted or escaped space: BuildKit names the heredoc `E F` and
    /// ends it only at a line that is exactly `E F`.
    func testHeredocDelimiterWithQuotedSpace() {
        assertParses("FROM a\nRUN cat <<\"E F\"\nx\nE  F\nE F\nRUN cat <<E\\ F\ny\nE F\n", as: [
            Expected(keyword: "FROM", line: 1, endLine: 1, arguments: ["a"]),
            Expected(keyword: "RUN", line: 2, endLine: 5, arguments: ["cat <<\"E F\""],
                     heredocs: [(name: "E F", content: "x\nE  F\n")]),
            Expected(keyword: "RUN", line: 6, endLine: 8, arguments: ["cat <<E\\ F"],
                     heredocs: [(name: "E F", content: "y\n")]),
        ])
    }

    /// A delimiter holding a byte that is not UTF-8 ends at a line with the same bytes, as in
    /// BuildKit (which compares bytes); the name is reported with U+FFFD for the byte. The delimiter
    /// used to be kept as a repaired String, so no line matched and the file was rejected.
    func testHeredocDelimiterWithInvalidUTF8() {
        let dockerfile = DockerfileParser.parse([UInt8]("FROM a\nRUN <<EOF".utf8) + [0xFF] + [UInt8]("\necho hi\nEOF".utf8) + [0xFF] + [UInt8]("\nRUN x\n".utf8))
        XCTAssertFalse(dockerfile.hasErrors)
        XCTAssertEqual(dockerfile.instructions.map(\.endLine), [1, 4, 5])
        let heredoc = dockerfile.instructions[1].heredocs.first
        XCTAssertEqual(heredoc?.name, "EOF\u{FFFD}")
        XCTAssertEqual(heredoc?.content, "echo hi\n")
        XCTAssertEqual(heredoc?.script?.commands.first?.name, "echo")
    }

    /// The `<<` of a heredoc is found wherever it falls on the line (the search reads sixteen
    /// positions at a time), and a lone `<` on either side of a block boundary is no heredoc.
    func testHeredocOperatorAtEveryPosition() {
        for padding in 0...40 {
            let words = String(repeating: "x", count: padding)
            let heredoc = DockerfileParser.parse("FROM a\nRUN \(words)  cat <<EOF\nbody\nEOF\n")
            XCTAssertEqual(heredoc.instructions[1].heredocs.map(\.name), ["EOF"], "padding \(padding)")
            XCTAssertEqual(heredoc.instructions[1].endLine, 4)
            let split = DockerfileParser.parse("FROM a\nRUN \(words)cat < <EOF\nbody\n")
            XCTAssertTrue(split.instructions[1].heredocs.isEmpty, "padding \(padding)")
            XCTAssertEqual(split.instructions.count, 3)
        }
    }

    /// A directive whose value is only white space still is one: BuildKit's regex backtracks and
    /// takes the last white-space character as the value. So `# syntax= ` keeps the directive run
    /// going (the `escape` after it counts), and `# escape= ` asks for the escape character ' '.
    func testDirectiveWithOnlyWhiteSpaceAsValue() {
        assertParses("# syntax= \n# escape=`\nFROM a\nRUN a `\n b\n", as: [
            Expected(keyword: "FROM", line: 3, endLine: 3, arguments: ["a"]),
            Expected(keyword: "RUN", line: 4, endLine: 5, arguments: ["a  b"]),
        ])
        XCTAssertTrue(DockerfileParser.parse("# escape= \nFROM a\n").hasErrors)
        XCTAssertTrue(DockerfileParser.parse("# escape =\t\nFROM a\n").hasErrors)
    }

    /// BuildKit matches directives with RE2, whose `\s` is ASCII only: after `#` a no-break space
    /// (U+00A0) is not white space, so `#\u{00A0}escape=`` is a plain comment.
    func testNoBreakSpaceAfterHashIsNoDirective() {
        assertParses("#\u{00A0}escape=`\nFROM a\nRUN a \\\n b\n", as: [
            Expected(keyword: "FROM", line: 2, endLine: 2, arguments: ["a"]),
            Expected(keyword: "RUN", line: 3, endLine: 4, arguments: ["a  b"]),
        ])
    }
}
