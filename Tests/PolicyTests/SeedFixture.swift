import Foundation
import PolicyEngine

/// The seed document's own files (Tests/Fixtures/seed), and a helper to lint variants of them in memory.
enum SeedFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/seed")

    static let names = ["Dockerfile", "docker-compose.yml", "docker-compose.prod.yml"]

    /// The fixture's files by path under `seed/`.
    static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in names {
            files["seed/" + name] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// A finding reduced to what the issue specifies: rule, severity, file and line.
    struct Finding: Hashable, CustomStringConvertible {
        var rule: String
        var severity: Severity
        var file: String
        var line: Int
        var description: String { "\(file):\(line) \(severity.rawValue) \(rule)" }
    }

    /// Lints `files` as the CLI lints their directory: discovery by name, compose files grouped into
    /// projects, `.dockerignore` files only present.
    static func lint(_ files: [String: String], options: LintOptions = .standard) -> LintResult {
        let targets = TargetDiscovery.targets(files: files.keys.sorted().filter { TargetDiscovery.kind(ofName: WorkspacePath.baseName($0)) != nil })
        let workspace = Workspace(targets: targets, source: InMemoryFileSource(texts: files))
        return Linter(options: options).lint(workspace)
    }

    static func findings(_ result: LintResult) -> Set<Finding> {
        Set(result.diagnostics.map { Finding(rule: $0.ruleName, severity: $0.severity, file: $0.file, line: $0.range.start.line) })
    }

    /// True when the YAML front end is still the stub (its findings say so).
    static func yamlPending(_ result: LintResult) -> Bool {
        result.diagnostics.contains { $0.message.contains("not written yet") }
    }
}
