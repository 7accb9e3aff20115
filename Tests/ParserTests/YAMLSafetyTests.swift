import XCTest
import SourceSupport
@testable import ComposeParser

/// Hostile and broken input: bounded work, clear errors, never a crash or a hang.
final class YAMLSafetyTests: XCTestCase {
    func parse(_ text: String, limits: YAMLLimits = .standard) -> YAMLParseResult {
        YAMLParser.parse(Array(text.utf8), limits: limits)
    }

    func testBillionLaughsIsRefusedWhenExpanded() throws {
        var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let aliases = Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
            text += "\(name): &\(name) [\(aliases)]\n"
        }
        let result = parse(text)
        XCTAssertNil(result.error, "the document itself is valid YAML")
        let root = try XCTUnwrap(result.documents.first?.root)
        // Aliases are shared, not copied: the tree is small, the expansion is 9^9 + ... nodes.
        XCTAssertGreaterThan(root.expandedCount, 300_000_000)
        guard case .failure(let error) = result.documentsJSON() else { return XCTFail("expansion must be refused") }
        XCTAssertEqual(error.code, "alias-expansion")
        XCTAssertTrue(error.message.contains("more than 1000000 nodes"), error.message)
    }

    func testTheBudgetCountsWhatAliasesAdd() throws {
        let limits = YAMLLimits(maxExpandedNodes: 100)
        let plain = "[" + Array(repeating: "x", count: 500).joined(separator: ", ") + "]"
        let large = YAMLParser.parse(Array(plain.utf8), limits: limits)
        guard case .success = large.documentsJSON(limits: limits) else { return XCTFail("no aliases: a large document is fine") }
        let aliased = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [" + Array(repeating: "*a", count: 20).joined(separator: ", ") + "]\n"
        let bomb = YAMLParser.parse(Array(aliased.utf8), limits: limits)
        let root = try XCTUnwrap(bomb.documents.first?.root)
        XCTAssertEqual(root.writtenCount, 1 + 2 + 10 + 21)
        XCTAssertEqual(root.expandedCount, 1 + 2 + 10 + 1 + 20 * 10)
        guard case .failure(let error) = bomb.documentsJSON(limits: limits) else { return XCTFail("aliases add 180 > 100 nodes") }
        XCTAssertEqual(error.code, "alias-expansion")
    }

    func testModestAliasUseExpands() throws {
        let result = parse("base: &base {a: 1}\nuse: [*base, *base]\n")
        guard case .success(let json) = result.documentsJSON() else { return XCTFail("should expand") }
        XCTAssertEqual(json.serialized(), #"{"documents":[{"base":{"a":1},"use":[{"a":1},{"a":1}]}]}"#)
        let use = try XCTUnwrap(result.documents.first?.root?["use"]?.sequenceItems)
        XCTAssertTrue(use[0].isAlias)
        XCTAssertTrue(use[0].resolved.isSameNode(as: result.documents.first?.root?["base"]), "an alias shares its target")
    }

    func testDeepFlowNestingIsRefused() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let result = parse(text)
        let error = result.error
        XCTAssertNotNil(error)
        XCTAssertTrue(error?.message.contains("nesting is deeper than 1000 levels") ?? false, error?.message ?? "")
        XCTAssertTrue(result.documents.isEmpty)
    }

    func testDeepFlowMappingAndBlockNestingAreRefused() {
        let mappings = String(repeating: "{a: ", count: 10_000) + String(repeating: "}", count: 10_000)
        XCTAssertTrue(parse(mappings).error?.message.contains("nesting is deeper") ?? false)
        let sequences = String(repeating: "- ", count: 10_000) + "x\n"
        XCTAssertTrue(parse(sequences).error?.message.contains("nesting is deeper") ?? false)
        var indented = ""
        for level in 0..<10_000 { indented += String(repeating: " ", count: level) + "k:\n" }
        XCTAssertTrue(parse(indented).error?.message.contains("nesting is deeper") ?? false)
    }

    func testNestingAtTheLimitIsAccepted() throws {
        let depth = YAMLLimits.standard.maxDepth
        let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let result = parse(text)
        XCTAssertNil(result.error)
        XCTAssertEqual(result.documents.first?.root?.expandedDepth, depth)
        guard case .success = result.documentsJSON() else { return XCTFail("depth \(depth) is allowed") }
    }

    func testAliasesCannotDeepenPastTheLimit() {
        var text = "a0: &a0 " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "\n"
        text += "a1: &a1 " + String(repeating: "[", count: 600) + "*a0" + String(repeating: "]", count: 600) + "\n"
        let result = parse(text)
        XCTAssertNil(result.error)
        guard case .failure(let error) = result.documentsJSON() else { return XCTFail("expanded depth 1200 must be refused") }
        XCTAssertTrue(error.message.contains("deeper than 1000"), error.message)
    }

    func testErrorsHaveUsefulPositionsAndMessages() throws {
        let cases: [(String, Int, Int, String)] = [
            ("a: b: c\n", 1, 5, "mapping values are not allowed here"),
            ("key:\n\tvalue: 1\n", 2, 1, "found a tab character where indentation is expected"),
            ("a: \"unterminated\n", 2, 1, "a closing \" is missing"),
            ("list: [1, 2\n", 2, 1, "expected ',' or ']'"),
            ("a: *nothing\n", 1, 4, "undefined anchor 'nothing'"),
            ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed here"),
            ("x: \u{0}\n", 1, 4, "control character (U+00)"),
        ]
        for (text, line, column, message) in cases {
            let error = try XCTUnwrap(parse(text).error, "\(text.debugDescription) must be rejected")
            XCTAssertEqual(error.range.start.line, line, "\(text.debugDescription): \(error.message)")
            XCTAssertEqual(error.range.start.column, column, "\(text.debugDescription): \(error.message)")
            XCTAssertTrue(error.message.contains(message), "\(text.debugDescription): \(error.message)")
        }
    }

    func testInvalidUTF8IsAnErrorAfterEarlierDocuments() throws {
        var bytes = Array("first: 1\n---\nsecond: ".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        let result = YAMLParser.parse(bytes)
        let error = try XCTUnwrap(result.error)
        XCTAssertTrue(error.message.contains("not valid UTF-8"), error.message)
        XCTAssertEqual(error.range.start.line, 3)
        XCTAssertEqual(result.documents.count, 1, "the document before the bad byte is kept")
    }

    func testDuplicateKeysAreWarningsWithBothLocations() throws {
        let result = parse("a: 1\nb: 2\na: 3\n")
        XCTAssertNil(result.error)
        let warning = try XCTUnwrap(result.diagnostics.first { $0.code == "duplicate-key" })
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.range.start.line, 3)
        XCTAssertEqual(warning.related.first?.start.line, 1)
    }

    /// Every prefix of every test-suite input, and byte-level mutations of them: the parser
    /// returns (documents or an error) without crashing or hanging.
    func testTruncatedAndMutatedInputsNeverCrash() throws {
        guard let root = SharedData.path("conformance/yaml-test-suite") else {
            throw XCTSkip("../shared not found: the YAML test suite lives in ../shared/conformance/yaml-test-suite")
        }
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var generator = SplitMix(seed: 42)
        var parsed = 0
        while let url = enumerator?.nextObject() as? URL {
            guard url.lastPathComponent == "in.yaml" else { continue }
            let bytes = try [UInt8](Data(contentsOf: url))
            for cut in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 40)) {
                _ = YAMLParser.parse(Array(bytes[..<cut])).documentsJSON()
                parsed += 1
            }
            let interesting: [UInt8] = Array("-?:,[]{}#&*!|>'\"%@` \t\n\r\\.0".utf8) + [0, 0x80, 0xC3]
            for _ in 0..<20 where !bytes.isEmpty {
                var mutated = bytes
                let position = Int(generator.next() % UInt64(mutated.count))
                mutated[position] = interesting[Int(generator.next() % UInt64(interesting.count))]
                _ = YAMLParser.parse(mutated).documentsJSON()
                parsed += 1
            }
        }
        XCTAssertGreaterThan(parsed, 10_000)
    }
}

final class YAMLInputCheckTests: XCTestCase {
    /// The line table built during the input check matches the generic one, whatever the bytes.
    func testLineStartsMatchTheGenericLineTable() {
        var generator = SplitMix(seed: 7)
        let mixed: [UInt8] = Array("ab :-\n\r\t#".utf8) + [0x00, 0x7F, 0xC3, 0xA9, 0xFF, 0xE2, 0x80]
        // Mostly printable ASCII and line feeds, so that whole words of eight bytes take the fast path.
        let plain: [UInt8] = Array("abcdefgh :-\n\n".utf8) + [0x09, 0x7F, 0x0D]
        for (alphabet, length) in [mixed, plain].flatMap({ alphabet in [0, 1, 7, 8, 9, 63, 64, 65, 300].map { (alphabet, $0) } }) {
            for _ in 0..<30 {
                let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                let check = YAMLInputCheck(bytes)
                XCTAssertEqual(check.lineStarts, LineTable(bytes).lineStarts)
                XCTAssertEqual(check.firstUnreadable, Self.firstUnreadableByDecoding(bytes))
            }
        }
    }

    /// Reference: decode scalar by scalar with the standard library.
    static func firstUnreadableByDecoding(_ bytes: [UInt8]) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let value = scalar.value
                let printable = value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value < 0x7F)
                    || value == 0x85 || (value >= 0xA0 && value != 0xFFFE && value != 0xFFFF)
                if !printable { return offset }
                offset += String(scalar).utf8.count
            case .emptyInput:
                return bytes.count
            case .error:
                return offset
            }
        }
    }
}

final class YAMLSmallStackTests: XCTestCase {
    /// Linting runs files in parallel on threads with small stacks (512 KiB): parsing, converting
    /// and freeing a document nested to the depth limit must fit.
    func testDeepDocumentOnASmallStackThread() {
        let depth = YAMLLimits.standard.maxDepth
        let text = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let finished = expectation(description: "parsed on a 512 KiB stack")
        let thread = Thread {
            let result = YAMLParser.parse(Array(text.utf8))
            if case .success = result.documentsJSON() {} else { XCTFail("should convert") }
            finished.fulfill()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        wait(for: [finished], timeout: 30)
    }
}
