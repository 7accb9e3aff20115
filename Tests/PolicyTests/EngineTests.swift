import XCTest
import PolicyEngine

/// The driver and discovery, in memory.
final class EngineTests: XCTestCase {
    func testComposeFilesGroupIntoProjectsAsComposeReadsThem() {
        let targets = TargetDiscovery.targets(files: [
            "a/compose.yaml", "a/compose.override.yaml", "a/compose.prod.yaml", "a/Dockerfile", "a/Dockerfile.prod",
            "a/api.dockerfile", "b/docker-compose.yml", "b/docker-compose.ci.yml", "c/compose.dev.yaml",
        ])
        XCTAssertEqual(targets, [
            .dockerfile(path: "a/Dockerfile"), .dockerfile(path: "a/Dockerfile.prod"), .dockerfile(path: "a/api.dockerfile"),
            .composeProject(files: ["a/compose.yaml", "a/compose.override.yaml"]),
            .composeProject(files: ["a/compose.yaml", "a/compose.prod.yaml"]),
            .composeProject(files: ["b/docker-compose.yml"]),
            .composeProject(files: ["b/docker-compose.yml", "b/docker-compose.ci.yml"]),
            .composeProject(files: ["c/compose.dev.yaml"]),
        ])
        XCTAssertNil(TargetDiscovery.kind(ofName: "Dockerfile.dockerignore"))
        XCTAssertNil(TargetDiscovery.kind(ofName: "values.yaml"))
        XCTAssertEqual(TargetDiscovery.kind(ofName: "Containerfile"), .dockerfile)
    }

    func testADockerfileAComposeServiceBuildsIsLintedWhateverItsName() {
        let workspace = Workspace(targets: [.composeProject(files: ["compose.yaml"])], source: InMemoryFileSource(texts: [
            "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.df\n",
            "docker/app.df": "FROM node:20\nCOPY . .\nUSER node\n",
        ]))
        let result = Linter().lint(workspace)
        XCTAssertEqual(result.diagnostics.map(\.ruleName), ["healthcheck-missing", "dockerignore-missing"])
        XCTAssertEqual(result.diagnostics.map(\.file), ["docker/app.df", "docker/app.df"])
    }

    func testSelectionAndSeverityOverrides() throws {
        let texts = ["Dockerfile": "FROM node\n"]
        let workspace = Workspace(targets: [.dockerfile(path: "Dockerfile")], source: InMemoryFileSource(texts: texts))
        let selected = try RuleSelection(select: ["DL3006"]).resolve()
        var options = LintOptions(enabledRules: selected, severityOverrides: ["DF002": .error])
        XCTAssertEqual(Linter(options: options).lint(workspace).diagnostics.map { "\($0.ruleName) \($0.severity)" }, ["image-untagged error"])
        options.enabledRules = try RuleSelection(ignore: ["image-untagged", "root-user", "healthcheck-missing"]).resolve()
        XCTAssertEqual(Linter(options: options).lint(workspace).diagnostics.count, 0)
        XCTAssertThrowsError(try RuleSelection(select: ["nope"]).resolve())
    }

    /// The suppression hook: a filter sees each finding with its file.
    func testFiltersCanDropFindings() {
        struct DropInfos: DiagnosticFilter {
            func keeps(_ diagnostic: Diagnostic, in file: LintedFile?) -> Bool { diagnostic.severity != .info && file != nil }
        }
        let workspace = Workspace(targets: [.dockerfile(path: "Dockerfile")], source: InMemoryFileSource(texts: ["Dockerfile": "FROM alpine:3.20\nUSER 1000\n"]))
        XCTAssertEqual(Linter().lint(workspace).diagnostics.map(\.severity), [.info])
        XCTAssertEqual(Linter(options: LintOptions(enabledRules: LintOptions.standard.enabledRules, filters: [DropInfos()])).lint(workspace).diagnostics.count, 0)
    }

    func testFixesAreByteEdits() throws {
        let text = "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n"
        let workspace = Workspace(targets: [.composeProject(files: ["compose.yaml"])], source: InMemoryFileSource(texts: ["compose.yaml": text]))
        let diagnostic = try XCTUnwrap(Linter().lint(workspace).diagnostics.first { $0.ruleName == "compose-version-obsolete" })
        let edit = try XCTUnwrap(diagnostic.fix?.edits.first)
        var bytes = Array(text.utf8)
        bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\nservices:\n  web:\n    image: nginx:1.27\n")
    }
}
