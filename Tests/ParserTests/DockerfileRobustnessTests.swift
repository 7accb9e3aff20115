import XCTest
import SourceSupport
@testable import DockerfileParser

/// Hostile input: the parser must return (no crash, no hang), report problems with a location, and
/// otherwise parse as BuildKit does.
final class DockerfileRobustnessTests: XCTestCase {
    func assertLocated(_ dockerfile: Dockerfile, byteCount: Int, file: StaticString = #filePath, line: UInt = #line) {
        for diagnostic in dockerfile.diagnostics {
            XCTAssertGreaterThanOrEqual(diagnostic.range.start.line, 1, file: file, line: line)
            XCTAssertLessThanOrEqual(diagnostic.range.end.offset, byteCount, file: file, line: line)
            XCTAssertFalse(diagnostic.message.isEmpty, file: file, line: line)
        }
    }

    func testInvalidUTF8IsParsed() {
        let bytes: [UInt8] = Array("FROM alpine\nRUN echo ".utf8) + [0xFF, 0xFE, 0xC3] + Array(" done\nLABEL k=\u{FF}".utf8) + [0x80] + [0x0A]
        let dockerfile = DockerfileParser.parse(bytes)
        XCTAssertFalse(dockerfile.hasErrors)
        XCTAssertEqual(dockerfile.instructions.map(\.keyword), ["FROM", "RUN", "LABEL"])
        XCTAssertEqual(dockerfile.instructions[1].shellScript?.commands.first?.name, "echo")
        assertLocated(dockerfile, byteCount: bytes.count)
    }

    func testInputsTooLargeForTheRecordsGetOneErrorAtTheStart() throws {
        // Node offsets are 32-bit: inputs of `maximumSize` bytes or more are refused, not parsed wrongly.
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: DockerfileParser.maximumSize)
        let dockerfile = DockerfileParser.parse(bytes)
        let error = try XCTUnwrap(dockerfile.diagnostics.first)
        XCTAssertEqual(dockerfile.diagnostics.count, 1)
        XCTAssertEqual(error.code, "file-too-large")
        XCTAssertEqual(error.range.start.line, 1)
        XCTAssertTrue(dockerfile.instructions.isEmpty)
        XCTAssertTrue(dockerfile.hasErrors)
    }

    func testNulBytesAreKept() {
        let bytes: [UInt8] = Array("FROM alpine\nRUN echo a".utf8) + [0] + Array("b\n\0\nCMD [\"x\\u0000y\"]\n".utf8)
        let dockerfile = DockerfileParser.parse(bytes)
        XCTAssertEqual(dockerfile.instructions.first { $0.kind == .run }?.arguments.first?.value, "echo a\u{0}b")
        XCTAssertEqual(dockerfile.instructions.last?.arguments.first?.value, "x\u{0}y")
        assertLocated(dockerfile, byteCount: bytes.count)
    }

    func testOneMegabyteLineIsReportedWhereItIs() throws {
        let bytes = Array("FROM alpine\nRUN echo ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20) + Array("\nUSER 1000\n".utf8)
        let dockerfile = DockerfileParser.parse(bytes)
        let error = try XCTUnwrap(dockerfile.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.range.start.line, 2)
        XCTAssertEqual(error.code, "line-too-long")
        // The rest is still parsed for the linter.
        XCTAssertEqual(dockerfile.instructions.map(\.keyword), ["FROM", "RUN", "USER"])
    }

    func testLineJustUnderBuildKitsLimitIsAccepted() {
        let bytes = Array("FROM alpine\nRUN ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 65_535 - 4) + [0x0A]
        XCTAssertFalse(DockerfileParser.parse(bytes).hasErrors)
        let over = Array("FROM alpine\nRUN ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 65_536 - 4) + [0x0A]
        XCTAssertTrue(DockerfileParser.parse(over).hasErrors)
    }

    func testUnterminatedHeredocPointsAtItsMarker() throws {
        let text = "FROM alpine\nRUN cat <<EOF > /x\nline one\nline two\n"
        let dockerfile = DockerfileParser.parse(text)
        let error = try XCTUnwrap(dockerfile.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.code, "unterminated-heredoc")
        XCTAssertEqual(error.range.start.line, 2)
        XCTAssertEqual(error.range.start.column, 9)
        XCTAssertEqual(dockerfile.instructions[1].heredocs.first?.content, "line one\nline two\n")
        XCTAssertEqual(dockerfile.instructions[1].endLine, 4)
    }

    func testUnterminatedJSONArrayFallsBackToShellForm() {
        let dockerfile = DockerfileParser.parse("FROM alpine\nCMD [\"sh\", \"-c\"\nENTRYPOINT [\"unterminated\n")
        XCTAssertFalse(dockerfile.hasErrors)
        XCTAssertEqual(dockerfile.instructions[1].arguments.map(\.value), ["[\"sh\", \"-c\""])
        XCTAssertFalse(dockerfile.instructions[1].isExecForm)
        XCTAssertEqual(dockerfile.instructions[2].arguments.map(\.value), ["[\"unterminated"])
    }

    func testNonStringJSONElementIsAnErrorAtTheElement() throws {
        let dockerfile = DockerfileParser.parse("FROM alpine\nCMD [ \"echo\", [ \"nested json\" ] ]\n")
        let error = try XCTUnwrap(dockerfile.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.range.start.line, 2)
        XCTAssertEqual(error.range.start.column, 15)
    }

    func testHundredThousandContinuationLinesMakeOneInstruction() {
        var text = "FROM alpine\nRUN echo start"
        text.reserveCapacity(1_500_000)
        for _ in 0..<100_000 { text += " \\\n  && true" }
        text += "\n"
        let dockerfile = DockerfileParser.parse(text)
        XCTAssertFalse(dockerfile.hasErrors)
        XCTAssertEqual(dockerfile.instructions.count, 2)
        XCTAssertEqual(dockerfile.instructions[1].startLine, 2)
        XCTAssertEqual(dockerfile.instructions[1].endLine, 100_002)
        XCTAssertEqual(dockerfile.instructions[1].shellScript?.commands.count, 100_001)
        XCTAssertEqual(dockerfile.instructions[1].shellScript?.commands.last?.range.start.line, 100_002)
    }

    func testHundredThousandEmptyContinuationLines() {
        let text = "FROM alpine\nRUN a \\\n" + String(repeating: "\n", count: 100_000) + "b\n"
        let dockerfile = DockerfileParser.parse(text)
        XCTAssertEqual(dockerfile.instructions.count, 2)
        XCTAssertEqual(dockerfile.instructions[1].arguments.first?.value, "a b")
        XCTAssertTrue(dockerfile.diagnostics.contains { $0.code == "empty-continuation-line" })
    }

    func testDeepNestingDoesNotOverflow() {
        let shell = "FROM alpine\nRUN " + String(repeating: "$(", count: 50_000) + "x\n"
        XCTAssertEqual(DockerfileParser.parse(shell).instructions.count, 2)
        let json = "FROM alpine\nCMD " + String(repeating: "[", count: 50_000) + "\n"
        XCTAssertFalse(DockerfileParser.parse(json).instructions[1].isExecForm)
        let variables = "ARG A\nFROM " + String(repeating: "${A:-", count: 20_000) + "x\n"
        XCTAssertEqual(DockerfileParser.parse(variables).stages.count, 1)
        let subshells = "FROM alpine\nRUN " + String(repeating: "(", count: 50_000) + "\n"
        XCTAssertEqual(DockerfileParser.parse(subshells).instructions.count, 2)
    }

    func testEmptyAndCommentOnlyFilesAreRejectedWithALocation() {
        for text in ["", "\n\n", "# only a comment\n", "\u{FEFF}"] {
            let dockerfile = DockerfileParser.parse(text)
            XCTAssertTrue(dockerfile.hasErrors, text)
            XCTAssertEqual(dockerfile.diagnostics.first?.code, "no-instructions")
        }
    }

    func testRandomBytesNeverCrash() {
        var generator = SplitMix(seed: 0x5eed)
        let alphabet = Array("FROM RUN COPY ENV ARG ONBUILD HEALTHCHECK <<EOF -\\`\"'[]{}$()=#&|;\n\t \r".utf8) + [0, 0x80, 0xC3, 0xA0, 0xFF]
        for _ in 0..<600 {
            let length = Int(generator.next() % 400)
            // Half the inputs switch the escape character, which changes what ends a line.
            var bytes: [UInt8] = generator.next() % 2 == 0 ? Array("# escape=`\n".utf8) : []
            for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let dockerfile = DockerfileParser.parse(bytes)
            assertLocated(dockerfile, byteCount: bytes.count)
            _ = dockerfile.parseOutputJSON().serialized()
        }
    }
}

extension DockerfileRobustnessTests {
    /// Found by differential fuzzing: an unterminated backquote ending in a backslash.
    func testUnterminatedBackquoteEndingInBackslash() {
        // With `#escape=``, a backslash at the very end of a RUN line stays in the shell text.
        for text in ["# escape=`\nFROM a\nRUN echo `abc\\", "# escape=`\nFROM a\nRUN echo `\\\n", "# escape=`\nFROM a\nRUN echo \"`\\"] {
            let dockerfile = DockerfileParser.parse(text)
            XCTAssertEqual(dockerfile.instructions.count, 2, text)
            XCTAssertFalse(dockerfile.instructions[1].shellScript?.problems.isEmpty ?? true, text)
        }
    }
}
