import XCTest
import SourceSupport
@testable import ComposeParser

/// `YAMLOptions`: strict YAML 1.2 by default, Compose (go-yaml v3) leniency on request. The
/// expected values are what `docker-compose config --format json` prints for these files.
final class YAMLOptionsTests: XCTestCase {
    /// Flow continuation lines at the block key's indentation (a real Compose file's shape).
    let keyIndented = """
        services:
          daprd:
            image: daprio/daprd:1.14.4
            command: [ "./daprd",
            "-app-id", "nodeapp" ]
        """

    /// Continuation lines left of the key, down to column 0, with quoted and plain scalars
    /// folded across them.
    let leftOfKey = """
        services:
          a:
            image: x
            environment: { A: "1",
        B: "2" }
            command: [ "echo
         hi", plain
         word ]
            entrypoint: ["sh"]
        """

    func json(_ text: String, options: YAMLOptions, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let result = YAMLParser.parse(Array(text.utf8), options: options)
        switch result.documentsJSON() {
        case .success(let json): return json.serialized()
        case .failure: return nil
        }
    }

    func testStrictRejectsUnderIndentedFlowLines() {
        for text in [keyIndented, leftOfKey] {
            let error = YAMLParser.parse(Array(text.utf8)).error
            XCTAssertNotNil(error, text)
            XCTAssertEqual(YAMLParser.parse(Array(text.utf8), options: .strict).error?.message, error?.message)
        }
        XCTAssertEqual(YAMLParser.parse(Array(keyIndented.utf8)).error?.range.start.line, 5)
    }

    func testComposeAcceptsFlowLinesAtAnyIndentation() throws {
        let daprd = try XCTUnwrap(YAMLParser.parse(Array(keyIndented.utf8), options: .compose).documents.first?.root)
        XCTAssertEqual(daprd["services"]?["daprd"]?["command"]?.sequenceItems?.compactMap(\.scalarText),
                       ["./daprd", "-app-id", "nodeapp"])
        XCTAssertEqual(json(keyIndented, options: .compose),
                       #"{"documents":[{"services":{"daprd":{"image":"daprio/daprd:1.14.4","command":["./daprd","-app-id","nodeapp"]}}}]}"#)

        let result = YAMLParser.parse(Array(leftOfKey.utf8), options: .compose)
        XCTAssertNil(result.error, result.error?.message ?? "")
        let service = try XCTUnwrap(result.documents.first?.root?["services"]?["a"])
        XCTAssertEqual(service["command"]?.sequenceItems?.compactMap(\.scalarText), ["echo hi", "plain word"])
        XCTAssertEqual(service["environment"]?["B"]?.scalarText, "2")
        XCTAssertEqual(service["entrypoint"]?.sequenceItems?.compactMap(\.scalarText), ["sh"])
    }

    func testComposeKeepsOtherIndentationRules() {
        // Block structure and quoted scalars in block context are still checked.
        XCTAssertNotNil(YAMLParser.parse(Array("a:\n  b: 1\n c: 2\n".utf8), options: .compose).error)
        XCTAssertNotNil(YAMLParser.parse(Array("a:\n  b: \"x\n  y\"\n".utf8), options: .compose).error)
        XCTAssertNil(YAMLParser.parse(Array("a: [1,\n  2]\n".utf8), options: .compose).error)
    }
}
