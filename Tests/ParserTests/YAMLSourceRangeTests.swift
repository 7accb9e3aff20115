import XCTest
import SourceSupport
@testable import ComposeParser

/// Source ranges of keys, values and comments in a compose-like document.
final class YAMLSourceRangeTests: XCTestCase {
    let text = """
        services:
          web:
            image: "nginx:1.25" # pinned
            command: |
              echo hi
              echo there
            ports: [ "80:80", 443 ]
            environment:
              - A=1
        # database
          db: {image: postgres}

        """

    func assertStart(_ node: YAMLNode?, _ line: Int, _ column: Int, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertEqual(node?.range.start.line, line, "line", file: file, line: lineNumber)
        XCTAssertEqual(node?.range.start.column, column, "column", file: file, line: lineNumber)
    }

    func assertEnd(_ node: YAMLNode?, _ line: Int, _ column: Int, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertEqual(node?.range.end.line, line, "end line", file: file, line: lineNumber)
        XCTAssertEqual(node?.range.end.column, column, "end column", file: file, line: lineNumber)
    }

    func key(_ mapping: YAMLNode?, _ name: String) -> YAMLNode? {
        mapping?.mappingPairs?.first { $0.key.scalarText == name }?.key
    }

    func testKeysAndValues() throws {
        let bytes = Array(text.utf8)
        let result = YAMLParser.parse(bytes)
        XCTAssertTrue(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let root = try XCTUnwrap(result.documents.first?.root)
        assertStart(root, 1, 1)
        assertStart(key(root, "services"), 1, 1)
        assertEnd(key(root, "services"), 1, 9)
        let services = root["services"]
        assertStart(key(services, "web"), 2, 3)
        let web = services?["web"]
        assertStart(web, 3, 5)
        assertEnd(web, 9, 12)

        let image = web?["image"]
        assertStart(image, 3, 12)
        assertEnd(image, 3, 24)
        XCTAssertEqual(image?.range.start.offset, bytes.firstIndex(of: UInt8(ascii: "\"")))
        if case .scalar(let value, let style)? = image?.content {
            XCTAssertEqual(value, "nginx:1.25")
            XCTAssertEqual(style, .doubleQuoted)
        } else {
            XCTFail("image is a scalar")
        }

        let command = web?["command"]
        assertStart(command, 4, 14)
        assertEnd(command, 6, 17)
        XCTAssertEqual(command?.scalarText, "echo hi\necho there\n")
        // After the block scalar, positions are still right.
        assertStart(key(web, "ports"), 7, 5)
        let ports = web?["ports"]
        assertStart(ports, 7, 12)
        assertEnd(ports, 7, 28)
        let items = try XCTUnwrap(ports?.sequenceItems)
        assertStart(items[0], 7, 14)
        assertStart(items[1], 7, 23)
        XCTAssertEqual(items[1].coreValue, .int(443))

        let environment = web?["environment"]
        assertStart(environment, 9, 7)
        assertStart(environment?.sequenceItems?.first, 9, 9)

        let db = services?["db"]
        assertStart(key(services, "db"), 11, 3)
        assertStart(db, 11, 7)
        assertEnd(db, 11, 24)
        assertStart(key(db, "image"), 11, 8)
        assertStart(db?["image"], 11, 15)
        if case .mapping(_, let style)? = db?.content { XCTAssertEqual(style, .flow) } else { XCTFail("db is a mapping") }
    }

    func testComments() throws {
        let result = YAMLParser.parse(Array(text.utf8))
        XCTAssertEqual(result.comments.count, 2)
        let trailing = result.comments[0]
        XCTAssertEqual(trailing.text, " pinned")
        XCTAssertFalse(trailing.ownLine)
        XCTAssertEqual(trailing.range.start.line, 3)
        XCTAssertEqual(trailing.range.start.column, 25)
        XCTAssertEqual(trailing.range.end.column, 33)
        let ownLine = result.comments[1]
        XCTAssertEqual(ownLine.text, " database")
        XCTAssertTrue(ownLine.ownLine)
        XCTAssertEqual(ownLine.range.start.line, 10)
        XCTAssertEqual(ownLine.range.start.column, 1)
    }

    func testAnchorsTagsAndAliasRanges() throws {
        let result = YAMLParser.parse(Array("base: &b !!map {x: 1}\nuse: *b\n".utf8))
        let root = try XCTUnwrap(result.documents.first?.root)
        let base = root["base"]
        XCTAssertEqual(base?.anchor, "b")
        XCTAssertEqual(base?.tag, "tag:yaml.org,2002:map")
        assertStart(base, 1, 16)  // properties are not part of the range
        let use = try XCTUnwrap(root.mappingPairs?[1].value)
        XCTAssertTrue(use.isAlias)
        assertStart(use, 2, 6)
        assertEnd(use, 2, 8)
    }

    func testMultipleDocumentsAndCoreSchema() throws {
        let text = "%YAML 1.2\n---\na: 0x1F\nb: 0o17\nc: -.inf\nd: ~\ne: True\nf: '1'\ng: 1e3\n...\n--- second\n"
        let result = YAMLParser.parse(Array(text.utf8))
        XCTAssertNil(result.error)
        XCTAssertEqual(result.documents.count, 2)
        let first = try XCTUnwrap(result.documents[0].root)
        XCTAssertEqual(first["a"]?.coreValue, .int(31))
        XCTAssertEqual(first["b"]?.coreValue, .int(15))
        XCTAssertEqual(first["c"]?.coreValue, .float(-.infinity))
        XCTAssertEqual(first["d"]?.coreValue, .null)
        XCTAssertEqual(first["e"]?.coreValue, .bool(true))
        XCTAssertEqual(first["f"]?.coreValue, .string("1"))
        XCTAssertEqual(first["g"]?.coreValue, .float(1000))
        XCTAssertEqual(result.documents[0].range.start.line, 2)
        XCTAssertEqual(result.documents[1].root?.scalarText, "second")
        assertStart(result.documents[1].root, 11, 5)
    }
}
