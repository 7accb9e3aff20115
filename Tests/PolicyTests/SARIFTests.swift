import XCTest
import Foundation
import SourceSupport
@testable import PolicyEngine

/// `--format sarif`: the structure GitHub code scanning reads, UTF-16 columns, stable fingerprints,
/// and (where Python and jsonschema are installed) the SARIF 2.1.0 schema.
final class SARIFTests: XCTestCase {
    func lint(_ files: [String: String], rules: [String] = ["image-latest-tag", "root-user", "port-published-all-interfaces"]) -> LintResult {
        var targets: [LintTarget] = []
        for path in files.keys.sorted() {
            targets.append(path.hasSuffix(".yaml") ? .composeProject(files: [path]) : .dockerfile(path: path))
        }
        let enabled = (try? RuleSelection(select: rules).resolve()) ?? []
        return Linter(options: LintOptions(enabledRules: enabled)).lint(Workspace(targets: targets, source: InMemoryFileSource(texts: files)))
    }

    func sarif(_ result: LintResult, workingDirectory: String? = "/work/repo") throws -> [String: Any] {
        let text = SARIFReporter(workingDirectory: workingDirectory).render(result)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func run(_ document: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap((document["runs"] as? [[String: Any]])?.first)
    }

    func results(_ document: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap(try run(document)["results"] as? [[String: Any]])
    }

    func region(_ result: [String: Any]) throws -> [String: Int] {
        let location = try XCTUnwrap((result["locations"] as? [[String: Any]])?.first)
        let physical = try XCTUnwrap(location["physicalLocation"] as? [String: Any])
        return try XCTUnwrap(physical["region"] as? [String: Int])
    }

    func artifact(_ result: [String: Any]) throws -> [String: Any] {
        let location = try XCTUnwrap((result["locations"] as? [[String: Any]])?.first)
        return try XCTUnwrap((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
    }

    func testRunStructureForCodeScanning() throws {
        let document = try sarif(lint(["Dockerfile": "FROM node:latest\n",
                                       "compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports: [\"5432:5432\"]\n"]))
        XCTAssertEqual(document["version"] as? String, "2.1.0")
        XCTAssertEqual(document["$schema"] as? String, SARIFReporter.schemaURI)
        let run = try run(document)
        XCTAssertEqual(run["columnKind"] as? String, "utf16CodeUnits")
        let base = try XCTUnwrap(run["originalUriBaseIds"] as? [String: [String: String]])
        XCTAssertEqual(base["%SRCROOT%"]?["uri"], "file:///work/repo/")
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "infralint")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, RuleRegistry.standard.allDescriptions.count)
        for rule in rules {
            let id = rule["id"] as? String ?? "?"
            XCTAssertNotNil(rule["name"] as? String, id)
            XCTAssertNotNil((rule["shortDescription"] as? [String: String])?["text"], id)
            XCTAssertNotNil((rule["fullDescription"] as? [String: String])?["text"], id)
            let help = try XCTUnwrap(rule["help"] as? [String: String], id)
            XCTAssertNotNil(help["text"], id)
            XCTAssertTrue(help["markdown"]?.contains("## Why it matters") == true, id)
            XCTAssertNotNil((rule["defaultConfiguration"] as? [String: Any])?["level"], id)
            let properties = try XCTUnwrap(rule["properties"] as? [String: Any], id)
            let tags = try XCTUnwrap(properties["tags"] as? [String], id)
            if tags.contains("security") {
                XCTAssertNotNil(Double(properties["security-severity"] as? String ?? ""), "\(id) has a security-severity")
            } else {
                XCTAssertNil(properties["security-severity"], id)
            }
        }
        let found = try results(document)
        XCTAssertEqual(found.count, 3)
        for result in found {
            let id = try XCTUnwrap(result["ruleId"] as? String)
            XCTAssertTrue(ids.contains(id))
            XCTAssertEqual(ids[try XCTUnwrap(result["ruleIndex"] as? Int)], id)
            XCTAssertNotNil((result["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey])
            XCTAssertEqual(try artifact(result)["uriBaseId"] as? String, "%SRCROOT%")
        }
        XCTAssertEqual(found.map { $0["level"] as? String }, ["warning", "warning", "warning"])
        let portHelp = rules.first { $0["id"] as? String == "CP002" }?["help"] as? [String: String]
        XCTAssertTrue(portHelp?["markdown"]?.contains("`allowed-ports`") == true, "options are documented")
    }

    func testColumnsCountUTF16CodeUnits() throws {
        // 😀 is 4 UTF-8 bytes, 1 character and 2 UTF-16 code units.
        let compose = "services:\n  web: {labels: {a: \"😀\"}, image: \"node:latest\"}\n"
        let result = lint(["compose.yaml": compose], rules: ["image-latest-tag"])
        let diagnostic = try XCTUnwrap(result.diagnostics.first)
        let bytePrefix = Array("  web: {labels: {a: \"😀\"}, image: ".utf8).count
        XCTAssertEqual(diagnostic.range.start.column, bytePrefix + 1)
        let found = try region(try XCTUnwrap(try results(sarif(result)).first))
        let utf16Prefix = "  web: {labels: {a: \"😀\"}, image: ".utf16.count
        XCTAssertEqual(found["startLine"], 2)
        XCTAssertEqual(found["startColumn"], utf16Prefix + 1)
        XCTAssertEqual(found["endColumn"], utf16Prefix + 1 + "\"node:latest\"".utf16.count)
    }

    func testURIsAreRelativeToTheWorkingFolder() {
        let reporter = SARIFReporter(workingDirectory: "/work/repo")
        XCTAssertEqual(reporter.uri(for: "./app/Dockerfile").uri, "app/Dockerfile")
        XCTAssertEqual(reporter.uri(for: "/work/repo/app/Dockerfile").uri, "app/Dockerfile")
        XCTAssertEqual(reporter.uri(for: "/work/repo/app/Dockerfile").baseId, "%SRCROOT%")
        XCTAssertEqual(reporter.uri(for: "/elsewhere/Dockerfile").uri, "file:///elsewhere/Dockerfile")
        XCTAssertNil(reporter.uri(for: "/elsewhere/Dockerfile").baseId)
        XCTAssertEqual(reporter.uri(for: "../other/Dockerfile").uri, "file:///work/other/Dockerfile")
        XCTAssertEqual(reporter.uri(for: "my app/Dockerfile #1").uri, "my%20app/Dockerfile%20%231")
        XCTAssertEqual(reporter.uri(for: "é/Dockerfile").uri, "%C3%A9/Dockerfile")
    }

    func testFingerprintsSurviveUnrelatedEdits() throws {
        func fingerprints(_ text: String) throws -> [String] {
            try results(sarif(lint(["Dockerfile": text], rules: ["image-latest-tag"]))).map {
                try XCTUnwrap(($0["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey])
            }
        }
        let before = try fingerprints("FROM node:latest AS a\nFROM node:latest AS b\n")
        let after = try fingerprints("# a new comment\nARG X=1\n\nFROM node:latest AS a\nRUN true\nFROM node:latest AS b\n")
        XCTAssertEqual(before.count, 2)
        XCTAssertEqual(before, after, "moving lines keeps fingerprints")
        XCTAssertNotEqual(before[0], before[1], "two flagged lines differ")
        let same = try fingerprints("FROM node:latest\nFROM node:latest\n")
        XCTAssertNotEqual(same[0], same[1], "identical lines differ by occurrence")
        let changed = try fingerprints("FROM node:latest AS a\nFROM python:latest AS b\n")
        XCTAssertEqual(changed[0], before[0])
        XCTAssertNotEqual(changed[1], before[1], "a changed line is a new finding")
    }

    func testRelatedLocationsAndUnreadableFiles() throws {
        let result = lint(["compose.yaml": "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1\n    depends_on: [a]\n"], rules: [])
        let document = try sarif(result)
        XCTAssertFalse(try results(document).isEmpty)
        let missing = Linter().lint(Workspace(targets: [.dockerfile(path: "nope/Dockerfile")], source: InMemoryFileSource()))
        let found = try results(sarif(missing))
        XCTAssertEqual(found.first?["ruleId"] as? String, "IL005")
        XCTAssertEqual(try region(try XCTUnwrap(found.first))["startLine"], 1)
        try validateAgainstSchema([document, try sarif(missing), try sarif(missing, workingDirectory: nil)])
    }

    func testTheSchema() throws {
        let files = ["Dockerfile": "FROM node:latest\nUSER root\nENV API_TOKEN=abcdefghijklmnop1234\n",
                     "compose.yaml": "services:\n  db:\n    image: \"postgres:latest\" # 😀\n    ports: [\"5432:5432\", \"80:80\"]\n    environment:\n      POSTGRES_PASSWORD: hunter2hunter2\n"]
        let result = Linter().lint(Workspace(targets: [.dockerfile(path: "Dockerfile"), .composeProject(files: ["compose.yaml"])],
                                             source: InMemoryFileSource(texts: files)))
        XCTAssertFalse(result.diagnostics.isEmpty)
        try validateAgainstSchema([try sarif(result), try sarif(LintResult(files: [], diagnostics: []))])
    }

    /// Runs scripts/validate-sarif.py on the documents; skips where ../shared, Python or jsonschema is missing.
    func validateAgainstSchema(_ documents: [[String: Any]]) throws {
        let schema = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json")
        guard FileManager.default.fileExists(atPath: schema.path) else { throw XCTSkip("../shared is absent: SARIF schema check skipped") }
        // INFRALINT_PYTHON names a Python with jsonschema; .ci/run's virtualenv is the next choice.
        let candidates = [ProcessInfo.processInfo.environment["INFRALINT_PYTHON"], "/tmp/infralint-ci-venv/bin/python",
                          "/usr/bin/python3", "/usr/local/bin/python3"].compactMap { $0 }
        guard let python = candidates.first(where: { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            return (try? Self.execute(path, ["-c", "import jsonschema"]).status) == 0
        }) else { throw XCTSkip("no Python with jsonschema: SARIF schema check skipped (pip install jsonschema)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infralint-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let url = folder.appendingPathComponent("\(index).sarif")
            try JSONSerialization.data(withJSONObject: document).write(to: url)
            paths.append(url.path)
        }
        let script = Self.packageRoot.appendingPathComponent("scripts/validate-sarif.py").path
        let outcome = try Self.execute(python, [script] + paths)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("0 with errors"), outcome.output)
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func execute(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
