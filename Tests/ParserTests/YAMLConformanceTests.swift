import Foundation
import XCTest
import SourceSupport
@testable import ComposeParser

/// Runs every case of the YAML test suite (`../shared/conformance/yaml-test-suite`) and prints the
/// figures. Cases known to fail are listed; any other failure is a regression, and a listed case
/// that passes must be removed from the list (so it only shrinks).
final class YAMLConformanceTests: XCTestCase {
    /// Case ids (`ID` or `ID/NN`) that are known to fail, with the reason. Empty: every case passes.
    static let knownFailures: [String: String] = [:]

    struct Case {
        let id: String
        let directory: URL
    }

    func suiteCases() throws -> [Case] {
        guard let root = SharedData.path("conformance/yaml-test-suite") else {
            throw XCTSkip("../shared not found: the YAML test suite lives in ../shared/conformance/yaml-test-suite")
        }
        var cases: [Case] = []
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        for case let url as URL in enumerator where url.lastPathComponent == "in.yaml" {
            let directory = url.deletingLastPathComponent()
            let id = String(directory.path.dropFirst(root.path.count + 1))
            cases.append(Case(id: id, directory: directory))
        }
        return cases.sorted { $0.id < $1.id }
    }

    enum Outcome: Equatable {
        case pass
        case fail(String)
    }

    func run(_ testCase: Case) throws -> (kind: String, outcome: Outcome) {
        let manager = FileManager.default
        let input = try [UInt8](Data(contentsOf: testCase.directory.appendingPathComponent("in.yaml")))
        let result = YAMLParser.parse(input)
        let json = result.documentsJSON()
        if manager.fileExists(atPath: testCase.directory.appendingPathComponent("error").path) {
            if case .success = json { return ("error", .fail("accepted, but the suite says it is invalid")) }
            return ("error", .pass)
        }
        let expectedURL = testCase.directory.appendingPathComponent("in.json")
        guard manager.fileExists(atPath: expectedURL.path) else {
            if case .failure(let error) = json { return ("other", .fail("rejected: \(error.range.start.line):\(error.range.start.column): \(error.message)")) }
            return ("other", .pass)
        }
        let expected = try JSONValue.parseStream(String(decoding: try Data(contentsOf: expectedURL), as: UTF8.self))
        switch json {
        case .failure(let error):
            return ("valid", .fail("rejected: \(error.range.start.line):\(error.range.start.column): \(error.message)"))
        case .success(let value):
            let documents = value["documents"]?.arrayValue ?? []
            if documents == expected { return ("valid", .pass) }
            return ("valid", .fail("got \(JSONValue.array(documents).serialized()), expected \(JSONValue.array(expected).serialized())"))
        }
    }

    func testYAMLTestSuite() throws {
        let cases = try suiteCases()
        XCTAssertGreaterThan(cases.count, 400, "the suite should have 402 cases")
        var passed: [String: Int] = [:]
        var total: [String: Int] = [:]
        for testCase in cases {
            let (kind, outcome) = try run(testCase)
            total[kind, default: 0] += 1
            let known = Self.knownFailures[testCase.id]
            switch outcome {
            case .pass:
                passed[kind, default: 0] += 1
                if known != nil { XCTFail("\(testCase.id) passes now: remove it from knownFailures") }
            case .fail(let why):
                if known == nil { XCTFail("\(testCase.id) (\(kind)) regressed: \(why)") }
            }
        }
        print("YAML test suite: valid \(passed["valid", default: 0])/\(total["valid", default: 0]), "
            + "error \(passed["error", default: 0])/\(total["error", default: 0]), "
            + "no-json valid \(passed["other", default: 0])/\(total["other", default: 0]) parse without error")
    }
}
