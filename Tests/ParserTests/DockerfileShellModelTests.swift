import Foundation
import XCTest
import SourceSupport
@testable import DockerfileParser

/// The shell model on the RUN lines of the conformance Dockerfiles (copied here so the tests run
/// without ../shared) and on heredoc scripts.
final class DockerfileShellModelTests: XCTestCase {
    /// Words of each command of the first RUN (or `keyword`) instruction.
    func commands(_ text: String, keyword: InstructionKind = .run) -> [ShellCommand] {
        let dockerfile = DockerfileParser.parse("FROM scratch\n" + text)
        return dockerfile.instructions.first { $0.kind == keyword }?.shellScript.map { Array($0.commands) } ?? []
    }

    func words<Commands: Sequence<ShellCommand>>(_ commands: Commands) -> [[String]] { commands.map { $0.words.map(\.value) } }

    func testReservedWordTableMatchesTheWords() {
        for word in ["if", "then", "else", "elif", "do", "while", "until", "!", "time", "{", "fi", "done", "}"] {
            XCTAssertTrue(ShellParser.reservedKind(of: word).reserved, word)
        }
        for word in ["iff", "fix", "don", "Then", "whiles", "", "case", "esac", "in"] {
            XCTAssertFalse(ShellParser.reservedKind(of: word).reserved, word)
        }
        XCTAssertTrue(ShellParser.reservedKind(of: "case").isCase)
        XCTAssertTrue(ShellParser.reservedKind(of: "esac").isEsac)
        XCTAssertFalse(ShellParser.reservedKind(of: "cases").isCase)
    }

    /// The plain-command fast path compares a name with the reserved words only when its hash bit
    /// is set: every reserved word (and `case`, `esac`) must have its bit, and such names are
    /// never taken as command names.
    func testReservedWordHashesCoverEveryReservedWord() {
        for word in ["if", "then", "else", "elif", "do", "while", "until", "!", "time", "{", "fi", "done", "}", "case", "esac"] {
            let bytes = Array(word.utf8) + [UInt8](repeating: 0x20, count: 8)
            bytes.withUnsafeBufferPointer { buffer in
                let packed = ShellParser.packed(buffer, 0, word.utf8.count)
                XCTAssertTrue(ShellParser.mayBeReserved(packed), word)
                let read = ShellParser.commandWordEnd(buffer, from: 0, to: buffer.count)
                XCTAssertEqual(read?.isReserved, ["case", "esac"].contains(word) ? nil : true, word)
            }
        }
        for word in ["echo", "apt-get", "A=b", "Ab+=c"] {
            let bytes = Array(word.utf8) + [UInt8](repeating: 0x20, count: 8)
            bytes.withUnsafeBufferPointer { buffer in
                let expected = word.contains("=") ? nil : word.utf8.count
                XCTAssertEqual(ShellParser.commandWordEnd(buffer, from: 0, to: buffer.count)?.end, expected, word)
            }
        }
    }

    func testAptGetChainSplitsOnAndAndKeepsAssignments() {
        let found = commands("RUN\tapt-get update && DEBIAN_FRONTEND=noninteractive apt-get --no-install-recommends install -yq \\\n\tapt-utils \\\n\taufs-tools\n")
        XCTAssertEqual(words(found), [["apt-get", "update"], ["apt-get", "--no-install-recommends", "install", "-yq", "apt-utils", "aufs-tools"]])
        XCTAssertEqual(found[1].assignments.map(\.value), ["DEBIAN_FRONTEND=noninteractive"])
        XCTAssertEqual(found[0].followingOperator, .and)
        XCTAssertEqual(found[1].precedingOperator, .and)
        XCTAssertEqual(found[1].name, "apt-get")
        XCTAssertTrue(found[1].hasArgument("-yq"))
    }

    func testCurlPipelineAndRedirection() {
        let found = commands("RUN\tcurl -sSL https://golang.org/dl/go1.3.src.tar.gz | tar -v -C /usr/local -xz\n")
        XCTAssertEqual(words(found), [["curl", "-sSL", "https://golang.org/dl/go1.3.src.tar.gz"], ["tar", "-v", "-C", "/usr/local", "-xz"]])
        XCTAssertEqual(found[0].followingOperator, .pipe)

        let redirected = commands("RUN\tcd /usr/local/go/src && ./make.bash --no-clean 2>&1\n")
        XCTAssertEqual(words(redirected), [["cd", "/usr/local/go/src"], ["./make.bash", "--no-clean"]])
        XCTAssertEqual(redirected[1].redirections.first?.operatorText, ">&")
        XCTAssertEqual(redirected[1].redirections.first?.fileDescriptor, 2)
        XCTAssertEqual(redirected[1].redirections.first?.target?.value, "1")
    }

    func testQuotesAreResolvedAndOperatorsInsideQuotesIgnored() {
        let found = commands("RUN echo \"a;b\" && echo 'c && d' || true; echo $(date) | tee /x > /dev/null 2>&1 &\n")
        XCTAssertEqual(words(found), [["echo", "a;b"], ["echo", "c && d"], ["true"], ["date"], ["echo", "$(date)"], ["tee", "/x"]])
        XCTAssertEqual(found.map(\.followingOperator), [.and, .or, .semicolon, nil, .pipe, .background])
        XCTAssertTrue(found[3].isInCommandSubstitution)
        XCTAssertEqual(found[3].depth, 1)
        XCTAssertTrue(found[4].words[1].hasExpansion)
        XCTAssertTrue(found[1].words[1].isQuoted)
    }

    func testSetEuxChainWithIfAndFor() {
        let found = commands("RUN set -eux; if [ -f /x ]; then echo yes; else echo no; fi; for i in 1 2 3; do echo $i; done\n")
        XCTAssertEqual(words(found), [["set", "-eux"], ["[", "-f", "/x", "]"], ["echo", "yes"], ["echo", "no"], ["for", "i", "in", "1", "2", "3"], ["echo", "$i"]])
    }

    func testApkPipNpmCommands() {
        XCTAssertEqual(words(commands("RUN apk add --no-cache curl=8.5.0-r0 && pip install --no-cache-dir -r requirements.txt && npm ci --omit=dev\n")),
                       [["apk", "add", "--no-cache", "curl=8.5.0-r0"], ["pip", "install", "--no-cache-dir", "-r", "requirements.txt"], ["npm", "ci", "--omit=dev"]])
    }

    func testQuotedContinuationIsOneWord() {
        // BuildKit joins the continued lines first; the shell then sees one quoted word.
        let found = commands("RUN echo \"a \\\n  b\" \\\n  && echo 'c \\\n  d'\n")
        XCTAssertEqual(words(found), [["echo", "a   b"], ["echo", "c   d"]])
    }

    func testSubshellAndGroup() {
        let found = commands("RUN (cd /src && make) || { echo failed; exit 1; }\n")
        XCTAssertEqual(words(found), [["cd", "/src"], ["make"], ["echo", "failed"], ["exit", "1"]])
        XCTAssertTrue(found[0].isInSubshell)
        XCTAssertEqual(found[0].depth, 1)
        XCTAssertEqual(found[2].depth, 0)
    }

    func testWordRangesPointAtTheSource() {
        let text = "FROM scratch\nRUN apt-get update \\\n  && apt-get install -y \"curl\"\n"
        let dockerfile = DockerfileParser.parse(text)
        let bytes = Array(text.utf8)
        let commands = dockerfile.instructions[1].shellScript.map { Array($0.commands) } ?? []
        XCTAssertEqual(commands.count, 2)
        for command in commands {
            for word in command.words {
                let slice = String(decoding: bytes[word.range.start.offset..<word.range.end.offset], as: UTF8.self)
                XCTAssertEqual(slice, word.raw)
            }
        }
        XCTAssertEqual(commands[1].words.last?.range.start.line, 3)
        XCTAssertEqual(commands[1].words.last?.raw, "\"curl\"")
    }

    func testExecFormHasNoShellModelButCmdShellFormDoes() {
        XCTAssertTrue(commands("CMD [\"nginx\", \"-g\", \"daemon off;\"]\n", keyword: .cmd).isEmpty)
        XCTAssertEqual(words(commands("CMD setsid cron; tmux -2\n", keyword: .cmd)), [["setsid", "cron"], ["tmux", "-2"]])
        XCTAssertEqual(words(commands("HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n", keyword: .healthcheck)),
                       [["curl", "-f", "http://localhost/"], ["exit", "1"]])
    }

    func testHeredocScriptRunByTheShell() throws {
        let dockerfile = DockerfileParser.parse("FROM alpine\nRUN <<EOF\nset -e\napk add --no-cache curl\ncat <<X > /etc/motd\nnot a command\nX\nnpm ci\nEOF\n")
        let heredoc = try XCTUnwrap(dockerfile.instructions[1].heredocs.first)
        let script = try XCTUnwrap(heredoc.script)
        XCTAssertEqual(words(script.commands), [["set", "-e"], ["apk", "add", "--no-cache", "curl"], ["cat"], ["npm", "ci"]])
        XCTAssertEqual(script.commands[1].range.start.line, 4)
    }

    func testHeredocBodiesThatAreNotShellScripts() {
        let python = DockerfileParser.parse("FROM python\nRUN <<EOF python3\nimport sys\nEOF\n")
        XCTAssertNil(python.instructions[1].heredocs.first?.script)
        let file = DockerfileParser.parse("FROM alpine\nRUN cat <<EOF > /x\nhello world\nEOF\n")
        XCTAssertNil(file.instructions[1].heredocs.first?.script)
        let bash = DockerfileParser.parse("FROM alpine\nRUN bash <<EOF\necho hi\nEOF\n")
        XCTAssertEqual(bash.instructions[1].heredocs.first?.script?.commands.first?.name, "echo")
        let shebang = DockerfileParser.parse("FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
        XCTAssertNil(shebang.instructions[1].heredocs.first?.script)
        // The `#!` line's interpreter: the last part of its path, or the word after `env`,
        // spaces before and between words ignored, a trailing slash ignored.
        func runsScript(_ firstLine: String) -> Bool {
            DockerfileParser.parse("FROM alpine\nRUN <<EOF\n\(firstLine)\necho hi\nEOF\n").instructions[1].heredocs.first?.script != nil
        }
        XCTAssertTrue(runsScript("#!/bin/sh"))
        XCTAssertTrue(runsScript("#! /usr/bin/env  bash"))
        XCTAssertTrue(runsScript("#!/bin/dash -e"))
        XCTAssertTrue(runsScript("#!/opt/sh/"))
        XCTAssertTrue(runsScript("#!sh"))
        XCTAssertFalse(runsScript("#!/usr/bin/env"))
        XCTAssertFalse(runsScript("#!"))
        XCTAssertFalse(runsScript("#!/bin/shell"))
        XCTAssertFalse(runsScript("#!///"))
        XCTAssertFalse(runsScript("#!/bin/sh/python3"))
    }

    /// Every shell-form RUN of the conformance files yields commands whose words are where they say.
    func testConformanceRunLinesHaveConsistentRanges() throws {
        guard let root = SharedData.path("conformance/dockerfile-parser") else {
            throw XCTSkip("../shared not found: conformance/dockerfile-parser is needed for this test")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix("LICENSE") }
        var checkedCommands = 0
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(name).appendingPathComponent("Dockerfile")))
            let dockerfile = DockerfileParser.parse(bytes)
            for instruction in dockerfile.instructions where instruction.kind == .run && !instruction.isExecForm && !instruction.argumentText.isEmpty {
                let script = try XCTUnwrap(instruction.shellScript, "\(name) line \(instruction.startLine)")
                for command in script.commands {
                    checkedCommands += 1
                    for word in Array(command.assignments) + Array(command.words) {
                        XCTAssertLessThanOrEqual(word.range.start.offset, word.range.end.offset)
                        XCTAssertTrue(instruction.range.start.offset <= word.range.start.offset && word.range.end.offset <= instruction.range.end.offset,
                                      "\(name): word \(word.raw) outside its instruction")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checkedCommands, 50)
    }
}

extension DockerfileShellModelTests {
    func testArithmeticIsNotACommand() {
        let dockerfile = DockerfileParser.parse("FROM a\nRUN (( i = 1 + (2 * 3) )) && echo $(( i + 1 )) && make -j$(nproc)\n")
        let script = dockerfile.instructions[1].shellScript
        XCTAssertEqual(words(script.map { Array($0.commands) } ?? []), [["echo", "$(( i + 1 ))"], ["nproc"], ["make", "-j$(nproc)"]])
        XCTAssertEqual(script?.problems, [])
    }
}

extension DockerfileShellModelTests {
    /// Substitutions inside words and redirection targets put records of their own between a
    /// command's words; each command still lists its own words and redirections, in order.
    func testSubstitutionsAndRedirectionsBetweenWordsKeepEachCommandsWords() {
        let found = commands("RUN a $(b c) d > e `f` g 2>&1 h $(i $(j) k) l\n")
        XCTAssertEqual(words(found), [["b", "c"], ["f"], ["j"], ["i", "$(j)", "k"], ["a", "$(b c)", "d", "`f`", "g", "h", "$(i $(j) k)", "l"]])
        XCTAssertEqual(found.last?.redirections.map(\.operatorText), [">", ">&"])
        XCTAssertEqual(found.last?.redirections.compactMap { $0.target?.value }, ["e", "1"])
    }

    /// Many substitutions in one command: every word is kept, in order (and the work stays linear).
    func testManySubstitutionsInOneCommand() {
        let count = 20_000
        let text = "RUN echo" + String(repeating: " $(b) x", count: count) + "\n"
        let found = commands(text)
        XCTAssertEqual(found.count, count + 1)
        XCTAssertEqual(found.last?.words.count, 1 + 2 * count)
        XCTAssertEqual(found.last?.words.last?.value, "x")
        XCTAssertEqual(found.last?.words[1].value, "$(b)")
    }
}

extension DockerfileShellModelTests {
    /// The packed keyword constants of `InstructionBuilder.kind` spell exactly the instruction
    /// keywords, in any case, and nothing near them.
    func testKeywordTableMatchesTheKeywords() {
        func kind(_ text: String) -> InstructionKind {
            Array(text.utf8).withUnsafeBufferPointer { InstructionBuilder.kind($0, 0, $0.count) }
        }
        for expected in InstructionKind.allCases where expected != .unknown {
            XCTAssertEqual(kind(expected.rawValue), expected)
            XCTAssertEqual(kind(expected.rawValue.lowercased()), expected)
            XCTAssertEqual(kind(expected.rawValue + "X"), .unknown)
            XCTAssertEqual(kind(String(expected.rawValue.dropLast())), .unknown)
        }
        for other in ["", "RU", "RUNS", "MAINTAINERS", "HEALTHCHECKS", "STOPSIGNA", "ENTRYPOINTX", "FR0M"] {
            XCTAssertEqual(kind(other), .unknown, other)
        }
    }
}

extension DockerfileShellModelTests {
    /// The eight-bytes-at-once upper-casing of keywords agrees with byte-wise ASCII upper-casing on
    /// every byte value in every position.
    func testUpperCasedASCIIMatchesBytewise() {
        for byte in 0...255 {
            for position in 0..<8 {
                let word = UInt64(byte) << (8 * UInt64(position)) | 0x4100_0000_0000_0000 >> (position == 7 ? 8 : 0)
                var expected: UInt64 = 0
                for index in 0..<8 {
                    var value = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index)))
                    if value >= 0x61 && value <= 0x7A { value -= 0x20 }
                    expected |= UInt64(value) << (8 * UInt64(index))
                }
                XCTAssertEqual(InstructionBuilder.upperCasedASCII(word), expected, "byte \(byte) at \(position)")
            }
        }
    }
}

extension DockerfileShellModelTests {
    /// The shell's byte table gives each byte the kind its documentation names.
    func testShellByteKindTable() {
        XCTAssertEqual(ShellParser.byteKinds.utf8CodeUnitCount, 256)
        let endsWord = Set(" \t\n;&|<>()".utf8)
        let changesReading = Set("\r\\'\"$`".utf8)
        let nameStart = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_".utf8)
        for byte in 0...255 {
            let value = UInt8(byte)
            let expected: Unicode.Scalar = endsWord.contains(value) ? "3" : changesReading.contains(value) ? "4"
                : value == UInt8(ascii: "#") ? "2" : ByteClass.isDigit(value) ? "1" : nameStart.contains(value) ? "0" : "."
            XCTAssertEqual(ShellParser.byteKinds.utf8Start[byte], UInt8(ascii: expected), "byte \(byte)")
        }
    }
}

extension DockerfileShellModelTests {
    /// The argument scanners' table of bytes that end a run: each scanner's stop bytes.
    func testRunStopsTable() {
        XCTAssertEqual(RunStops.table.utf8CodeUnitCount, 256)
        for value in 0...255 {
            let byte = UInt8(value)
            let word = byte <= 0x20 || byte >= 0x80 || Array("\"'=\\`".utf8).contains(byte)
            let flag = byte <= 0x20 || byte >= 0x80 || Array("\"'=\\".utf8).contains(byte)
            let jsonString = byte < 0x20 || byte >= 0x80 || Array("\"\\".utf8).contains(byte)
            XCTAssertEqual(RunStops.stops(byte, RunStops.word), word, "byte \(byte)")
            XCTAssertEqual(RunStops.stops(byte, RunStops.flag), flag, "byte \(byte)")
            XCTAssertEqual(RunStops.stops(byte, RunStops.jsonString), jsonString, "byte \(byte)")
        }
    }
}
