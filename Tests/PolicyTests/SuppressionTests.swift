import XCTest
import SourceSupport
@testable import PolicyEngine

/// Inline suppressions in Dockerfiles and compose files, hadolint's pragmas, and unused-suppression.
final class SuppressionTests: XCTestCase {
    /// `RULE@LINE` of every finding of a lint of `files` with the given rules (plus front-end findings).
    func findings(_ files: [String: String], rules: [String], unused: Bool = false) -> [String] {
        var targets: [LintTarget] = []
        for path in files.keys.sorted() {
            targets.append(path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? .composeProject(files: [path]) : .dockerfile(path: path))
        }
        var selection = rules
        if unused { selection.append("unused-suppression") }
        let enabled = (try? RuleSelection(select: selection).resolve()) ?? []
        let result = Linter(options: LintOptions(enabledRules: enabled)).lint(Workspace(targets: targets, source: InMemoryFileSource(texts: files)))
        return result.diagnostics.map { "\($0.ruleName)@\($0.range.start.line)" }
    }

    func dockerfile(_ text: String, _ rules: [String], unused: Bool = false) -> [String] {
        findings(["Dockerfile": text], rules: rules, unused: unused)
    }

    func compose(_ text: String, _ rules: [String], unused: Bool = false) -> [String] {
        findings(["compose.yaml": text], rules: rules, unused: unused)
    }

    func testDockerfileLineAboveAndEndOfLine() {
        let rules = ["image-latest-tag", "secret-in-arg-or-env"]
        XCTAssertEqual(dockerfile("FROM node:latest\nENV A=1\n", rules), ["image-latest-tag@1"])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag\nFROM node:latest\n", rules), [])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag\n# why: the base is rebuilt nightly\nFROM node:latest\n", rules), [],
                       "other comment lines may sit between")
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag\n\nFROM node:latest\n", rules), ["image-latest-tag@3"],
                       "a blank line ends the suppression's reach")
        XCTAssertEqual(dockerfile("FROM node:20\n# infralint ignore=root-user\nFROM node:latest\n", rules), ["image-latest-tag@3"],
                       "another rule's suppression does not cover it")
        XCTAssertEqual(dockerfile("FROM alpine:3.20\nRUN echo hi \\\n  && echo $API_TOKEN # infralint ignore=image-latest-tag\n", rules), [])
        let continued = "FROM node:20-alpine\n# infralint ignore=secret-in-arg-or-env\nENV A=1 \\\n    DB_PASSWORD=hunter2\n"
        XCTAssertEqual(dockerfile(continued, rules), [], "covers a finding on a continuation line")
        XCTAssertEqual(dockerfile("FROM node:20-alpine\nENV A=1 \\\n    DB_PASSWORD=hunter2\n", rules), ["secret-in-arg-or-env@3"])
    }

    func testSeveralNamesCodesAndAReason() {
        let rules = ["image-latest-tag", "root-user"]
        XCTAssertEqual(dockerfile("FROM node:latest\n", rules), ["root-user@1", "image-latest-tag@1"])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag,root-user\nFROM node:latest\n", rules), [])
        XCTAssertEqual(dockerfile("# infralint ignore=DF003, DL3002 reviewed in SEC-12\nFROM node:latest\n", rules), [])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag reviewed, root-user\nFROM node:latest\n", rules), ["root-user@2"],
                       "the list ends at the first blank not after a comma")
    }

    func testIgnoreFile() {
        let text = "FROM node:latest\nFROM python:latest AS b\n# infralint ignore-file=image-latest-tag\n"
        XCTAssertEqual(dockerfile(text, ["image-latest-tag"]), [])
    }

    func testHadolintPragmas() {
        let rules = ["image-latest-tag", "image-untagged", "root-user"]
        XCTAssertEqual(dockerfile("# hadolint ignore=DL3007\nFROM node:latest\nUSER app\n", rules), [])
        XCTAssertEqual(dockerfile("# hadolint ignore=DL3006,DL3008\nFROM node\nUSER app\n", rules), [])
        XCTAssertEqual(dockerfile("# hadolint global ignore=DL3006\nFROM node\nFROM python AS b\nUSER app\n", rules), [])
        XCTAssertEqual(dockerfile("# hadolint shell=bash\nFROM node\nUSER app\n", rules), ["image-untagged@2"], "not a suppression")
    }

    func testComposeEntries() {
        let rules = ["port-published-all-interfaces", "image-latest-tag"]
        let plain = "services:\n  db:\n    image: postgres:latest\n    ports:\n      - \"5432:5432\"\n      - \"5433:5433\"\n"
        XCTAssertEqual(compose(plain, rules), ["image-latest-tag@3", "port-published-all-interfaces@5", "port-published-all-interfaces@6"])
        let item = "services:\n  db:\n    image: postgres:latest\n    ports:\n      # infralint ignore=port-published-all-interfaces\n      - \"5432:5432\"\n      - \"5433:5433\"\n"
        XCTAssertEqual(compose(item, rules), ["image-latest-tag@3", "port-published-all-interfaces@7"])
        let endOfLine = "services:\n  db:\n    image: postgres:latest # infralint ignore=image-latest-tag\n    ports: [\"5432:5432\"]\n"
        XCTAssertEqual(compose(endOfLine, rules), ["port-published-all-interfaces@4"])
        let key = "services:\n  db:\n    image: postgres:latest\n    # infralint ignore=port-published-all-interfaces\n    ports:\n      - \"5432:5432\"\n      - \"5433:5433\"\n"
        XCTAssertEqual(compose(key, rules), ["image-latest-tag@3"], "above a key: its whole block")
        let service = "services:\n  # infralint ignore=image-latest-tag,port-published-all-interfaces\n  db:\n    image: postgres:latest\n    ports:\n    - \"5432:5432\"\n  cache:\n    image: redis:latest\n"
        XCTAssertEqual(compose(service, rules), ["image-latest-tag@8"], "the service's block, not the next service")
        let file = "# infralint ignore-file=image-latest-tag\nservices:\n  a:\n    image: a:latest\n  b:\n    image: b:latest\n"
        XCTAssertEqual(compose(file, rules), [])
        let quoted = "services:\n  a:\n    image: a:latest\n    command: \"echo # infralint ignore=image-latest-tag\"\n"
        XCTAssertEqual(compose(quoted, rules), ["image-latest-tag@3"], "a # inside a quoted string is not a comment")
    }

    func testUnusedSuppressionIsOffByDefault() throws {
        let policy = try ConfigurationLoader().load(configurationAt: nil).get()
        let result = Linter(options: policy.lintOptions).lint(Workspace(
            targets: [.dockerfile(path: "Dockerfile")],
            source: InMemoryFileSource(texts: ["Dockerfile": "# infralint ignore=nonsense\nFROM alpine:3.20\nUSER app\nHEALTHCHECK CMD true\n"])))
        XCTAssertFalse(result.diagnostics.contains { $0.ruleName == "unused-suppression" })
    }

    func testUnusedSuppressionReports() {
        let rules = ["image-latest-tag"]
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag\nFROM node:latest\n", rules, unused: true), [])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tag\nFROM node:20\n", rules, unused: true), ["unused-suppression@1"])
        XCTAssertEqual(dockerfile("# infralint ignore=image-latest-tags\nFROM node:latest\n", rules, unused: true),
                       ["unused-suppression@1", "image-latest-tag@2"])
        XCTAssertEqual(dockerfile("# infralint ignore=root-user\nFROM node:20\n", rules, unused: true), ["unused-suppression@1"], "rule not enabled")
        XCTAssertEqual(dockerfile("FROM node:20\n# hadolint ignore=DL3008\nRUN apk add curl\n", rules, unused: true), ["unused-suppression@2"])
        XCTAssertEqual(dockerfile("FROM node:20\n# infralint ingore=image-latest-tag\nRUN true\n", rules, unused: true), ["unused-suppression@2"])
        XCTAssertEqual(dockerfile("FROM node:20\nRUN true\n# infralint ignore=image-latest-tag\n", rules, unused: true), ["unused-suppression@3"],
                       "covers nothing: no instruction follows")
        XCTAssertEqual(dockerfile("# infralint ignore-file=unused-suppression\n# infralint ignore=image-latest-tag\nFROM node:20\n", rules, unused: true), [],
                       "unused-suppression can itself be suppressed")
        XCTAssertEqual(compose("services:\n  a:\n    image: a:1 # infralint ignore=image-latest-tag\n", rules, unused: true), ["unused-suppression@3"])
    }

    func testUnusedSuppressionMessagesAndRanges() {
        let text = "# infralint ignore=image-latest-tag,nope\nFROM node:latest\n"
        let enabled = (try? RuleSelection(select: ["image-latest-tag", "unused-suppression"]).resolve()) ?? []
        let result = Linter(options: LintOptions(enabledRules: enabled)).lint(Workspace(
            targets: [.dockerfile(path: "Dockerfile")], source: InMemoryFileSource(texts: ["Dockerfile": text])))
        XCTAssertEqual(result.diagnostics.count, 1)
        let report = result.diagnostics[0]
        XCTAssertEqual(report.ruleName, "unused-suppression")
        XCTAssertEqual(report.severity, .info)
        XCTAssertEqual(report.range.start.column, 37, "points at the unknown name")
        XCTAssertEqual(report.range.end.column, 41)
        XCTAssertTrue(report.message.contains("names no rule infralint knows"), report.message)
    }

    func testCommentParsing() {
        let table = LineTable(Array("# infralint ignore=a,b".utf8))
        let range = table.range(from: 0, to: 22)
        let parsed = SuppressionComment.parse(" infralint ignore=a,b", range: range, ownLine: true, lineTable: table)
        XCTAssertEqual(parsed?.names.map(\.name), ["a", "b"])
        XCTAssertEqual(parsed?.names.map(\.range.start.column), [20, 22])
        XCTAssertNil(SuppressionComment.parse(" install infralint", range: range, ownLine: true, lineTable: table))
        XCTAssertNil(SuppressionComment.parse(" infralinter", range: range, ownLine: true, lineTable: table))
        XCTAssertNotNil(SuppressionComment.parse(" infralint ignore=", range: range, ownLine: true, lineTable: table)?.malformed)
        XCTAssertFalse(SuppressionScanner.mayHoldSuppressions(Array("FROM node\n# hello\n".utf8)))
    }

    func testEveryPrefixOfFilesWithSuppressionsIsHandled() {
        let dockerfile = "# hadolint global ignore=DL3006\n# infralint ignore=root-user,\nFROM node \\\n  AS b # infralint ignore=image-untagged\nRUN <<EOF\n# infralint ignore=x\nEOF\n# infralint ignore-file=\n"
        let compose = "# infralint ignore-file=image-latest-tag\nservices:\n  # infralint ignore=port-published-all-interfaces\n  a: {image: \"a:latest # infralint ignore=b\", ports: [\"1:1\"]} # infralint ignore=\n"
        for text in [dockerfile, compose] {
            let bytes = Array(text.utf8)
            for length in 0...bytes.count {
                let prefix = String(decoding: bytes[0..<length], as: UTF8.self)
                let name = text == compose ? "compose.yaml" : "Dockerfile"
                _ = findings([name: prefix], rules: ["image-untagged", "image-latest-tag", "root-user", "port-published-all-interfaces"], unused: true)
            }
        }
    }
}
