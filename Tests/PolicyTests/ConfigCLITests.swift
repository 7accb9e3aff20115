import XCTest
import Foundation

/// The binary with configuration: discovery upwards, --config, errors exit 2 with a location,
/// ignore-paths, fail-on, suppressions and --format sarif.
final class ConfigCLITests: BinaryTestCase {
    static let dockerfile = "FROM node:latest\nUSER app\nHEALTHCHECK CMD true\n"

    func testConfigurationIsFoundUpwardsAndApplied() throws {
        let root = try project([
            ".infralint.yml": "rules:\n  image-latest-tag: error\nignore-paths: [vendor]\n",
            "app/Dockerfile": Self.dockerfile,
            "vendor/Dockerfile": "FROM python\n",
            "app/.dockerignore": "node_modules\n",
        ])
        let result = try run(["app"], in: root)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("app/Dockerfile:1:6: error: "), result.stdout)
        let fromBelow = try run(["."], in: root.appendingPathComponent("app"))
        XCTAssertTrue(fromBelow.stdout.contains("Dockerfile:1:6: error: "), "found from a subfolder: \(fromBelow.stdout)")
        let all = try run(["."], in: root)
        XCTAssertFalse(all.stdout.contains("vendor"), "ignore-paths: \(all.stdout)")
        let built = try project([
            ".infralint.yml": "ignore-paths: [vendor]\n",
            "compose.yaml": "services:\n  lib:\n    build: vendor/lib\n",
            "vendor/lib/Dockerfile": "FROM python\n",
        ])
        let throughCompose = try run(["."], in: built)
        XCTAssertFalse(throughCompose.stdout.contains("vendor/lib/Dockerfile"), "a built Dockerfile in an ignored folder: \(throughCompose.stdout)")
    }

    func testExplicitConfigFailOnAndSuppressions() throws {
        let root = try project([
            "ci/lenient.yml": "rules:\n  image-latest-tag: info\nfail-on: error\n",
            "Dockerfile": "# hadolint ignore=DL3006\nFROM node\n" + Self.dockerfile.dropFirst("FROM node:latest\n".count) + "FROM node:latest AS b\n",
            ".dockerignore": "x\n",
        ])
        let lenient = try run(["--config", "ci/lenient.yml", "Dockerfile"], in: root)
        XCTAssertEqual(lenient.status, 0, "only info findings and fail-on: error: \(lenient.stdout)")
        XCTAssertTrue(lenient.stdout.contains("info: "), lenient.stdout)
        XCTAssertFalse(lenient.stdout.contains("image-untagged"), "the hadolint pragma suppresses it")
        XCTAssertEqual(try run(["--config", "ci/lenient.yml", "--fail-on", "info", "Dockerfile"], in: root).status, 1,
                       "--fail-on wins over the file")
        XCTAssertEqual(try run(["Dockerfile"], in: root).status, 1, "no configuration: recommended, fail-on warning")
    }

    func testConfigurationErrorsExitTwoWithALocation() throws {
        let root = try project([".infralint.yml": "rules:\n  no-such-rule: error\n", "Dockerfile": Self.dockerfile])
        let result = try run(["."], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains(".infralint.yml:2:3: error: unknown rule 'no-such-rule'"), result.stderr)
        XCTAssertEqual(result.stdout, "")
        let missing = try run(["--config", "nope.yml", "."], in: root)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.yml"), missing.stderr)
    }

    func testSARIFFormatAndRulesPacks() throws {
        let root = try project(["Dockerfile": Self.dockerfile, ".dockerignore": "x\n"])
        let result = try run(["--format", "sarif", "."], in: root)
        XCTAssertEqual(result.status, 1)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try XCTUnwrap((document["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.first?["ruleId"] as? String, "DF003")
        let bases = try XCTUnwrap(run["originalUriBaseIds"] as? [String: [String: String]])
        XCTAssertTrue(bases["%SRCROOT%"]?["uri"]?.hasSuffix("/") == true)

        let rules = try self.run(["rules"], in: root)
        XCTAssertTrue(rules.stdout.contains("image-digest-unpinned") && rules.stdout.contains("[recommended: off, strict: warning]"), rules.stdout)
        XCTAssertEqual(try self.run(["rules", "--format", "sarif"], in: root).status, 2)
    }
}
