import XCTest
import SourceSupport
@testable import ComposeParser

/// Scalar values: escapes, folding, chomping, indentation indicators, tags and directives.
final class YAMLScalarTests: XCTestCase {
    func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLNode? {
        let result = YAMLParser.parse(Array(text.utf8))
        XCTAssertNil(result.error, "\(text.debugDescription): \(result.error?.message ?? "")", file: file, line: line)
        return result.documents.first?.root
    }

    func testDoubleQuotedEscapes() {
        let text = "\"\\0\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\\N\\_\\L\\P\\x41\\u00e9\\U0001F600\""
        XCTAssertEqual(value(text)?.scalarText,
                       "\u{0}\u{7}\u{8}\t\t\n\u{B}\u{C}\r\u{1B} \"/\\\u{85}\u{A0}\u{2028}\u{2029}Aé😀")
        XCTAssertEqual(value("\"a\\\n   b  \\\n\n  c\"")?.scalarText, "ab  \nc", "escaped line breaks")
        XCTAssertNotNil(YAMLParser.parse(Array(#""\q""#.utf8)).error, "unknown escape")
        XCTAssertNotNil(YAMLParser.parse(Array(#""\uD800""#.utf8)).error, "surrogate code point")
    }

    func testFlowScalarFolding() {
        XCTAssertEqual(value("'a\n  b\n\n  c '' d'")?.scalarText, "a b\nc ' d")
        XCTAssertEqual(value("plain\n  text\n\n  more")?.scalarText, "plain text\nmore")
        XCTAssertEqual(value("\"trailing   \n  space\"")?.scalarText, "trailing space")
    }

    func testBlockScalarsChompingAndIndicators() {
        XCTAssertEqual(value("a: |\n  x\n   y\n\n")?["a"]?.scalarText, "x\n y\n")
        XCTAssertEqual(value("a: |-\n  x\n\n")?["a"]?.scalarText, "x")
        XCTAssertEqual(value("a: |+\n  x\n\n")?["a"]?.scalarText, "x\n\n")
        XCTAssertEqual(value("a: >\n  one\n  two\n\n  three\n    indented\n  end\n")?["a"]?.scalarText,
                       "one two\nthree\n  indented\nend\n")
        XCTAssertEqual(value("a: |2\n    x\n")?["a"]?.scalarText, "  x\n")
        // At the top level an indicator counts from column 0 (libyaml, PyYAML and ruamel agree).
        XCTAssertEqual(value("|2-\n   x\n")?.scalarText, " x")
        XCTAssertNotNil(YAMLParser.parse(Array("a: |\n    \n  x\n".utf8)).error, "leading empty line deeper than content")
    }

    func testTagsAndDirectives() {
        let root = value("%TAG !e! tag:example.com,2000:\n---\n- !e!thing a\n- !<tag:x> b\n- !local c\n- ! 12\n- !!int \"7\"\n")
        let items = root?.sequenceItems.map(Array.init) ?? []
        XCTAssertEqual(items.map { $0.tag }, ["tag:example.com,2000:thing", "tag:x", "!local", "!", "tag:yaml.org,2002:int"])
        XCTAssertEqual(items[3].coreValue, .string("12"), "the non-specific tag makes a string")
        XCTAssertEqual(items[4].coreValue, .int(7))
        XCTAssertNotNil(YAMLParser.parse(Array("- !u!x a\n".utf8)).error, "undefined tag handle")
    }

    func testCoreSchemaSpellings() {
        let cases: [(String, YAMLScalarValue)] = [
            ("~", .null), ("Null", .null), ("", .null), ("TRUE", .bool(true)), ("False", .bool(false)),
            ("yes", .string("yes")), ("0o17", .int(15)), ("0x1f", .int(31)), ("+12", .int(12)), ("-0", .int(0)),
            ("1.5e3", .float(1500)), (".5", .float(0.5)), ("1.", .float(1)), ("-.INF", .float(-.infinity)),
            ("0b1", .string("0b1")), ("1_000", .string("1_000")), ("12:30", .string("12:30")), (".", .string(".")),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(YAMLCoreSchema.resolvePlain(text), expected, text)
        }
        if case .float(let nan) = YAMLCoreSchema.resolvePlain(".NaN") { XCTAssertTrue(nan.isNaN) } else { XCTFail(".NaN") }
        XCTAssertEqual(value("'true'")?.coreValue, .string("true"), "quoted scalars stay strings")
    }
}
