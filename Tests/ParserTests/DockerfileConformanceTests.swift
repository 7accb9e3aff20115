import Foundation
import XCTest
import SourceSupport
@testable import DockerfileParser

/// Runs every case of `../shared/conformance/dockerfile-parser`: the eight keys BuildKit's parser
/// defines must match exactly; `{"error": ...}` cases must produce an error diagnostic.
final class DockerfileConformanceTests: XCTestCase {
    static let comparedKeys = ["keyword", "subKeyword", "line", "endLine", "flags", "json", "arguments", "heredocs"]

    func testAllConformanceCases() throws {
        guard let root = SharedData.path("conformance/dockerfile-parser") else {
            throw XCTSkip("../shared not found: conformance/dockerfile-parser is needed for this test")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { !$0.hasPrefix(".") && !$0.hasPrefix("LICENSE") }.sorted()
        XCTAssertEqual(names.count, 62, "expected 62 conformance cases")
        var passed = 0
        for name in names {
            let folder = root.appendingPathComponent(name)
            let input = try Data(contentsOf: folder.appendingPathComponent("Dockerfile"))
            let expectedText = try String(contentsOf: folder.appendingPathComponent("expected.json"), encoding: .utf8)
            let expected = try JSONValue.parse(expectedText)
            let dockerfile = DockerfileParser.parse([UInt8](input))
            if expected["error"] != nil {
                if dockerfile.hasErrors { passed += 1 } else { XCTFail("\(name): BuildKit rejects this file but no error was reported") }
                continue
            }
            if let error = dockerfile.diagnostics.first(where: { $0.severity == .error }) {
                XCTFail("\(name): unexpected error \(error.message) at \(error.range.start.line):\(error.range.start.column)")
                continue
            }
            let actual = Self.comparable(dockerfile.parseOutputJSON())
            let wanted = Self.comparable(expected)
            if actual == wanted {
                passed += 1
            } else {
                XCTFail("\(name): got\n\(actual.serialized(pretty: true))\nexpected\n\(wanted.serialized(pretty: true))")
            }
        }
        XCTAssertEqual(passed, names.count)
    }

    /// The instructions reduced to the compared keys.
    static func comparable(_ output: JSONValue) -> JSONValue {
        let instructions = output["instructions"]?.arrayValue ?? []
        return .array(instructions.map { instruction in
            .object(comparedKeys.map { ($0, instruction[$0] ?? .null) })
        })
    }
}
