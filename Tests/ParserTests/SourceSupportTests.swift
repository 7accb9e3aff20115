import XCTest
import SourceSupport

final class SourceSupportTests: XCTestCase {
    func testLineTablePositions() {
        let bytes = Array("ab\ncd\r\nef".utf8)
        let table = LineTable(bytes)
        XCTAssertEqual(table.lineCount, 3)
        XCTAssertEqual(table.position(atOffset: 0), SourcePosition(offset: 0, line: 1, column: 1))
        XCTAssertEqual(table.position(atOffset: 4), SourcePosition(offset: 4, line: 2, column: 2))
        XCTAssertEqual(table.position(atOffset: 7), SourcePosition(offset: 7, line: 3, column: 1))
        XCTAssertEqual(table.contentRange(ofLine: 2, in: bytes), 3..<5)
    }

    /// The block-wise newline search against a byte-by-byte one: random texts of every length up
    /// to 200 bytes with few or many newlines (more lines than the first storage estimate holds),
    /// bytes that differ from `\n` in one bit, and high bytes.
    func testLineStartsMatchAByteByByteSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0B, 0x08, 0x0D, 0x8A, 0x20, 0x61, 0xFF, 0x00]
        for length in 0...200 {
            for newlineShare in [0, 1, 8, 50] {
                let bytes = (0..<length).map { _ -> UInt8 in
                    Int.random(in: 0..<100, using: &generator) < newlineShare ? 0x0A : alphabet[Int.random(in: 1..<alphabet.count, using: &generator)]
                }
                var expected = [0]
                for (index, byte) in bytes.enumerated() where byte == 0x0A { expected.append(index + 1) }
                XCTAssertEqual(LineTable(bytes).lineStarts, expected, "\(bytes)")
            }
        }
        let allNewlines = [UInt8](repeating: 0x0A, count: 5000)
        XCTAssertEqual(LineTable(allNewlines).lineStarts, Array(0...5000))
    }

    func testColumnCounting() {
        let bytes = Array("é😀x".utf8)
        XCTAssertEqual(ColumnCounting.characters(in: bytes, 0..<bytes.count), 3)
        XCTAssertEqual(ColumnCounting.utf16Units(in: bytes, 0..<bytes.count), 4)
    }

    func testJSONRoundTrip() throws {
        let text = #"{"a": [1, 2.5, true, null, "x\"\u00e9\ud83d\ude00"], "b": {}}"#
        let value = try JSONValue.parse(text)
        XCTAssertEqual(value["a"]?.arrayValue?.count, 5)
        XCTAssertEqual(value["a"]?.arrayValue?[4], .string("x\"é😀"))
        XCTAssertEqual(try JSONValue.parse(value.serialized(pretty: true)), value)
        XCTAssertEqual(JSONValue.int(1), JSONValue.double(1.0))
        XCTAssertEqual(try JSONValue.parseStream("1 {\"a\":2}\n[]").count, 3)
        XCTAssertThrowsError(try JSONValue.parse("[1,"))
    }
}

final class JSONWriterTests: XCTestCase {
    func testEscapes() {
        let value = JSONValue.string("q\"b\\n\nt\tc\u{01}d\u{7F}s\u{2028}é")
        XCTAssertEqual(value.serialized(), #""q\"b\\n\nt\tc\u0001d\u007fs\u2028é""#)
        XCTAssertEqual(try JSONValue.parse(value.serialized()), value)
    }

    func testPrettyAndCompactLayout() {
        let value = JSONValue.object([("a", .array([.int(1), .double(2.5), .double(3)])), ("b", .object([])), ("c", .null)])
        XCTAssertEqual(value.serialized(), #"{"a":[1,2.5,3.0],"b":{},"c":null}"#)
        XCTAssertEqual(value.serialized(pretty: true), "{\n  \"a\": [\n    1,\n    2.5,\n    3.0\n  ],\n  \"b\": {},\n  \"c\": null\n}")
    }
}
