import XCTest
import Foundation

/// The `infralint` binary end to end: discovery, formats, options and exit codes.
final class CLITests: BinaryTestCase {
    func testSeedProjectTextAndExitStatus() throws {
        var files = try SeedFixture.files()
        files["seed/node_modules/Dockerfile"] = "FROM node\n"  // skipped directory
        let root = try project(files)
        let result = try run(["seed"], in: root)
        XCTAssertEqual(result.status, 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 9, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("seed/docker-compose.yml:2:1: warning: ") && $0.hasSuffix("[compose-version-obsolete]") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("seed/docker-compose.yml:21:26: error: ") && $0.hasSuffix("[plaintext-secret]") }, result.stdout)
        XCTAssertEqual(lines, lines.sorted { a, b in
            let (fa, la) = (a.split(separator: ":")[0], Int(a.split(separator: ":")[1])!)
            let (fb, lb) = (b.split(separator: ":")[0], Int(b.split(separator: ":")[1])!)
            return fa != fb ? fa < fb : la <= lb
        }, "sorted by file and line")
        XCTAssertEqual(try run(["lint", "seed", "--fail-on", "error"], in: root).status, 1)
        XCTAssertEqual(try run(["seed", "--ignore", "plaintext-secret", "--fail-on", "error"], in: root).status, 0)
    }

    func testJSONReport() throws {
        let root = try project(["Dockerfile": "FROM node:latest\nUSER node\nHEALTHCHECK NONE\nLABEL note=\"ünïcödé\" x=1\n"])
        let result = try run(["--format", "json", "."], in: root)
        XCTAssertEqual(result.status, 1)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["version"] as? Int, 1)
        XCTAssertEqual((json["tool"] as? [String: Any])?["name"] as? String, "infralint")
        XCTAssertEqual((json["files"] as? [[String: Any]])?.first?["path"] as? String, "Dockerfile")
        XCTAssertEqual((json["files"] as? [[String: Any]])?.first?["kind"] as? String, "dockerfile")
        let diagnostics = try XCTUnwrap(json["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics[0]["ruleId"] as? String, "DF003")
        XCTAssertEqual(diagnostics[0]["ruleName"] as? String, "image-latest-tag")
        XCTAssertEqual(diagnostics[0]["severity"] as? String, "warning")
        XCTAssertEqual(diagnostics[0]["file"] as? String, "Dockerfile")
        let start = try XCTUnwrap((diagnostics[0]["range"] as? [String: Any])?["start"] as? [String: Any])
        XCTAssertEqual(start["line"] as? Int, 1)
        XCTAssertEqual(start["column"] as? Int, 6)
        XCTAssertEqual(json["summary"] as? [String: Int], ["files": 1, "errors": 0, "warnings": 1, "infos": 0])
    }

    func testColumnsCountCharacters() throws {
        let root = try project(["compose.yaml": "services:\n  app:\n    image: app:1\n    labels: {ü: 1}\n    environment: {DB_PASSWORD: \"é\"}\n"])
        let result = try run(["--format", "json"], in: root)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostic = try XCTUnwrap((json["diagnostics"] as? [[String: Any]])?.first { $0["ruleName"] as? String == "plaintext-secret" })
        let range = try XCTUnwrap(diagnostic["range"] as? [String: [String: Int]])
        XCTAssertEqual(range["start"]?["column"], 32)
        XCTAssertEqual(range["end"]?["column"], 35, "three characters (\"é\"), four bytes")
    }

    func testBrokenFilesAreFindingsAndOthersStillLinted() throws {
        let root = try project([
            "api/Dockerfile": "FROM node:20\nRUN <<EOF\n",
            "web/compose.yaml": "services:\n  web: [unclosed\n",
            "ok/Dockerfile": "FROM node\nUSER node\nHEALTHCHECK NONE\n",
        ])
        let result = try run(["api", "web", "ok", "missing/Dockerfile"], in: root)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("web/compose.yaml:3:1: error: ") && result.stdout.contains("[parse-error]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("api/Dockerfile:2:5: error: heredoc"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok/Dockerfile:1:6: warning: ") && result.stdout.contains("[image-untagged]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("missing/Dockerfile:1:1: error: ") && result.stdout.contains("[file-unreadable]"), result.stdout)
    }

    func testOverlaysAreMergedOnTheirBase() throws {
        let root = try project([
            "compose.yaml": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PG}\n",
            "compose.prod.yaml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: hunter2\n",
        ])
        let result = try run(["."], in: root)
        XCTAssertEqual(result.stdout, "compose.prod.yaml:4:26: error: `POSTGRES_PASSWORD` of service 'db' is a plaintext secret; reference it from the environment (`${POSTGRES_PASSWORD}`) or use a compose `secrets:` entry, and rotate it [plaintext-secret]\n")
        let explicit = try run(["-f", "compose.yaml", "-f", "compose.prod.yaml", "--select", "plaintext-secret"], in: root)
        XCTAssertEqual(explicit.stdout, result.stdout)
    }

    func testStandardInput() throws {
        let root = try project([:])
        let result = try run(["-", "--stdin-filename", "Dockerfile", "--select", "DL3007"], in: root, stdin: "FROM alpine:latest\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("Dockerfile:1:6: warning: "), result.stdout)
        XCTAssertEqual(try run(["-"], in: root, stdin: "").status, 2, "needs --stdin-filename")
    }

    func testUsageErrorsAndOtherCommands() throws {
        let root = try project([:])
        XCTAssertEqual(try run(["--format", "xml"], in: root).status, 2)
        XCTAssertEqual(try run(["--select", "no-such-rule"], in: root).status, 2)
        XCTAssertEqual(try run(["--fail-on", "fatal"], in: root).status, 2)
        XCTAssertEqual(try run(["--bogus"], in: root).status, 2)
        for command in [["--help"], ["lint", "--help"], ["rules", "--help"], ["explain", "--help"], ["version", "--help"]] {
            let result = try run(command, in: root)
            XCTAssertEqual(result.status, 0, "\(command)")
            XCTAssertTrue(result.stdout.contains("USAGE"), "\(command)")
        }
        let rules = try run(["rules", "--format", "json"], in: root)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rules.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.count, 17, "16 rules and findings plus unused-suppression")
        XCTAssertTrue(list.contains { $0["name"] as? String == "root-user" && $0["code"] as? String == "DF001" })
        let explain = try run(["explain", "DL3002"], in: root)
        XCTAssertTrue(explain.stdout.hasPrefix("root-user (DF001)"), explain.stdout)
        XCTAssertTrue(explain.stdout.contains("## Why it matters"))
        XCTAssertEqual(try run(["explain", "nope"], in: root).status, 2)
        XCTAssertTrue(try run(["version"], in: root).stdout.hasPrefix("infralint "))
        XCTAssertEqual(try run(["."], in: root).status, 0, "nothing to lint is clean")
    }
}

extension CLITests {
    func testAnOverlayNamedAloneIsReadOnItsBase() throws {
        let root = try project([
            "docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n",
            "docker-compose.prod.yml": "services:\n  web:\n    user: root\n",
        ])
        let result = try run(["docker-compose.prod.yml", "--select", "root-user"], in: root)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1, result.stdout)
        XCTAssertTrue(result.stdout.hasPrefix("docker-compose.prod.yml:3:11: warning: "), result.stdout + result.stderr)
        XCTAssertFalse(result.stdout.contains("[compose-invalid]"), "not linted alone (no image there)")
    }
}
