import XCTest
import SourceSupport
@testable import PolicyEngine

/// `.infralint.yml`: the issue's example, every error case with its location, extends, discovery.
final class ConfigTests: XCTestCase {
    static let issueExample = """
    extends: recommended            # a built-in pack (recommended, strict) or a path to a pack file
    rules:
      image-latest-tag: error       # a severity, or off
      healthcheck-missing: off
      port-published-all-interfaces:
        severity: warning
        options: { allowed-ports: [80, 443] }
    ignore-paths: ["vendor/**", "test/fixtures/**"]
    fail-on: warning

    """

    func load(_ files: [String: String], config: String? = ".infralint.yml") -> Result<ResolvedPolicy, ConfigurationErrors> {
        ConfigurationLoader(source: InMemoryFileSource(texts: files)).load(configurationAt: config)
    }

    /// The single error of loading `text` as `.infralint.yml`, as `LINE:COLUMN: MESSAGE`.
    func error(_ text: String, file: String = ".infralint.yml", others: [String: String] = [:],
               _ line: UInt = #line) -> String {
        var files = others
        files[".infralint.yml"] = text
        switch load(files) {
        case .success:
            XCTFail("expected an error for:\n\(text)", line: line)
            return ""
        case .failure(let errors):
            XCTAssertEqual(errors.errors.count, 1, "\(errors)", line: line)
            let first = errors.errors[0]
            XCTAssertEqual(first.file, file, line: line)
            guard let range = first.range else { return "?:?: \(first.message)" }
            return "\(range.start.line):\(range.start.column): \(first.message)"
        }
    }

    func testTheIssueExample() throws {
        let policy = try load([".infralint.yml": ConfigTests.issueExample]).get()
        let registry = RuleRegistry.standard
        XCTAssertEqual(policy.level(of: registry.description(named: "image-latest-tag")!), .on(.error))
        XCTAssertEqual(policy.level(of: registry.description(named: "healthcheck-missing")!), .off)
        XCTAssertEqual(policy.level(of: registry.description(named: "root-user")!), .on(.warning), "inherited from recommended")
        XCTAssertEqual(policy.ruleOptions["CP002"]?["allowed-ports"], .intList([80, 443]))
        XCTAssertEqual(policy.failOn, .severity(.warning))
        XCTAssertEqual(policy.sources, ["pack:recommended", ".infralint.yml"])
        XCTAssertTrue(policy.ignorePaths.matches("vendor/lib/Dockerfile"))
        XCTAssertTrue(policy.ignorePaths.matches("test/fixtures/compose.yaml"))
        XCTAssertFalse(policy.ignorePaths.matches("test/Dockerfile"))

        let options = policy.lintOptions
        XCTAssertEqual(options.severityOverrides, ["DF003": .error], "a level equal to the default is no override")
        XCTAssertFalse(options.enabledRules.contains("DF005"))
        XCTAssertTrue(options.enabledRules.contains("IL001"))
    }

    func testNoConfigurationIsTheRecommendedPack() throws {
        let policy = try load([:], config: nil).get()
        XCTAssertEqual(policy.sources, ["pack:recommended"])
        XCTAssertEqual(policy.lintOptions.enabledRules, LintOptions.standard.enabledRules)
        XCTAssertTrue(policy.lintOptions.severityOverrides.isEmpty)
        let empty = try load([".infralint.yml": "# nothing yet\n"]).get()
        XCTAssertEqual(empty.lintOptions.enabledRules, LintOptions.standard.enabledRules, "an empty file extends recommended")
    }

    func testEveryErrorCaseHasALocation() {
        XCTAssertEqual(error("rules: {}\nfail_on: error\n"),
                       "2:1: unknown key 'fail_on' (expected extends, rules, ignore-paths, fail-on, description)")
        XCTAssertEqual(error("rules:\n  image-latest: error\n"), "2:3: unknown rule 'image-latest' (see 'infralint rules')")
        XCTAssertEqual(error("rules:\n  root-user: high\n"),
                       "2:14: rule 'root-user' takes a severity (error, warning, info or off) or a mapping with severity and options, not 'high'")
        XCTAssertEqual(error("rules:\n  root-user:\n    severity: fatal\n"),
                       "3:15: severity of 'root-user' must be error, warning, info or off, not 'fatal'")
        XCTAssertEqual(error("rules:\n  root-user:\n    level: error\n"),
                       "3:5: unknown key 'level' in rule 'root-user' (expected severity, options)")
        XCTAssertEqual(error("rules:\n  port-published-all-interfaces:\n    options: { allowed: [80] }\n"),
                       "3:16: unknown option 'allowed' for rule 'port-published-all-interfaces' (its options: allowed-ports)")
        XCTAssertEqual(error("rules:\n  root-user:\n    options: { users: [app] }\n"),
                       "3:16: unknown option 'users' for rule 'root-user' (it has no options)")
        XCTAssertEqual(error("rules:\n  port-published-all-interfaces:\n    options:\n      allowed-ports: [80, https]\n"),
                       "4:22: option 'allowed-ports' of 'port-published-all-interfaces' must be a list of integers, not a list")
        XCTAssertEqual(error("rules:\n  port-published-all-interfaces:\n    options:\n      allowed-ports: 80\n"),
                       "4:22: option 'allowed-ports' of 'port-published-all-interfaces' must be a list of integers, not '80'")
        XCTAssertEqual(error("extends: relaxed\n"),
                       "1:10: unknown pack 'relaxed' (built-in packs: recommended, strict; a pack file is a path ending in .yml or .yaml)")
        XCTAssertEqual(error("extends: packs/team.yml\n"), "1:10: extends 'packs/team.yml': no such pack file (packs/team.yml)")
        XCTAssertEqual(error("extends: {pack: strict}\n"),
                       "1:10: extends names a built-in pack (recommended, strict) or a pack file, not a mapping")
        XCTAssertEqual(error("fail-on: sometimes\n"), "1:10: fail-on must be error, warning, info or none, not 'sometimes'")
        XCTAssertEqual(error("fail-on: [error]\n"), "1:10: fail-on must be error, warning, info or none, not a list")
        XCTAssertEqual(error("ignore-paths: vendor/**\n"), "1:15: ignore-paths must be a list of path patterns, not 'vendor/**'")
        XCTAssertEqual(error("ignore-paths:\n  - /etc/**\n"),
                       "2:5: bad ignore-paths pattern '/etc/**': it is absolute; patterns are relative to the configuration file's folder")
        XCTAssertEqual(error("ignore-paths:\n  - ../other\n"),
                       "2:5: bad ignore-paths pattern '../other': '..' cannot be used; patterns match below the configuration file's folder")
        XCTAssertEqual(error("ignore-paths: [\"\"]\n"), "1:16: bad ignore-paths pattern '': it is empty")
        XCTAssertEqual(error("ignore-paths:\n  - {path: x}\n"), "2:5: ignore-paths entries must be path patterns (strings), not a mapping")
        XCTAssertEqual(error("rules:\n  root-user: off\n  DL3002: warning\n"),
                       "3:3: 'DL3002' and 'root-user' are the same rule (root-user); set it once")
        XCTAssertEqual(error("rules: [root-user]\n"), "1:8: rules must be a mapping, not a list")
        XCTAssertEqual(error("- rules\n"), "1:1: the configuration must be a mapping, not a list")
        XCTAssertEqual(error("fail-on: error\nfail-on: info\n"), "2:1: 'fail-on' is given twice in the configuration")
    }

    func testYAMLSyntaxErrorHasALocation() {
        let message = error("rules:\n  root-user: [warning\n")
        XCTAssertTrue(message.hasPrefix("3:") || message.hasPrefix("2:"), message)
        XCTAssertTrue(message.contains("invalid YAML"), message)
        XCTAssertTrue(error("rules: {}\n---\nfail-on: error\n").contains("one YAML document"))
    }

    func testSeveralErrorsAreAllReported() throws {
        guard case .failure(let errors) = load([".infralint.yml": "rules:\n  nope: error\n  root-user: loud\nfail-on: x\n"]) else {
            return XCTFail("expected errors")
        }
        XCTAssertEqual(errors.errors.map { $0.range?.start.line ?? 0 }, [2, 3, 4])
        XCTAssertTrue(errors.description.hasPrefix(".infralint.yml:2:3: error: unknown rule 'nope'"), errors.description)
    }

    func testNamesCodesAndAliasesAreAccepted() throws {
        let policy = try load([".infralint.yml": "rules:\n  DF003: error\n  DL3002: off\n  SecretsUsedInArgOrEnv: error\n"]).get()
        XCTAssertEqual(policy.levels["DF003"], .on(.error))
        XCTAssertEqual(policy.levels["DF001"], .off)
        XCTAssertEqual(policy.levels["DF006"], .on(.error))
    }

    func testExtendsPackFilesRelativeToTheFileThatNamesThem() throws {
        let files = [
            "repo/.infralint.yml": "extends: policies/team.yml\nrules:\n  root-user: error\n",
            "repo/policies/team.yml": "extends: [strict, base.yml]\nrules:\n  root-user: off\n  single-stage-build: info\nignore-paths: [generated]\n",
            "repo/policies/base.yml": "extends: []\nrules:\n  healthcheck-missing: off\nfail-on: error\n",
        ]
        let policy = try load(files, config: "repo/.infralint.yml").get()
        XCTAssertEqual(policy.sources, ["pack:recommended", "pack:strict", "repo/policies/base.yml", "repo/policies/team.yml", "repo/.infralint.yml"])
        XCTAssertEqual(policy.levels["DF001"], .on(.error), "the file wins over what it extends")
        XCTAssertEqual(policy.levels["DF004"], .on(.warning), "from strict")
        XCTAssertEqual(policy.levels["DF008"], .on(.info), "team.yml lowers strict's warning")
        XCTAssertEqual(policy.levels["DF005"], .off, "from base.yml")
        XCTAssertEqual(policy.failOn, .severity(.error))
        XCTAssertTrue(policy.ignorePaths.matches("repo/policies/generated/Dockerfile"), "relative to team.yml's folder")
        XCTAssertFalse(policy.ignorePaths.matches("repo/generated/Dockerfile"))
    }

    func testExtendsLoopsAreErrors() {
        let files = [".infralint.yml": "extends: a.yml\n", "a.yml": "extends: b.yml\n", "b.yml": "extends: a.yml\n"]
        guard case .failure(let errors) = load(files) else { return XCTFail("a loop must fail") }
        XCTAssertEqual(errors.description, "b.yml:1:10: error: extends 'a.yml' loops back to a file that extends it")
    }

    func testDiscoveryWalksUpwards() {
        let source = InMemoryFileSource(texts: ["/work/repo/.infralint.yml": "{}", "/work/repo/sub/deeper/Dockerfile": "FROM x\n",
                                                "/work/other/.infralint.yaml": "{}"])
        let loader = ConfigurationLoader(source: source)
        XCTAssertEqual(loader.discover(from: "/work/repo/sub/deeper"), "/work/repo/.infralint.yml")
        XCTAssertEqual(loader.discover(from: "/work/other"), "/work/other/.infralint.yaml")
        XCTAssertNil(loader.discover(from: "/elsewhere"))
    }

    func testIgnorePatterns() {
        func matches(_ pattern: String, _ path: String, base: String = ".") -> Bool {
            IgnorePaths([IgnorePattern(pattern: pattern, baseDirectory: base)]).matches(path, workingDirectory: "/w")
        }
        XCTAssertTrue(matches("vendor/**", "vendor/a/b/Dockerfile"))
        XCTAssertTrue(matches("vendor", "vendor/Dockerfile"))
        XCTAssertFalse(matches("vendor/**", "src/vendor2/Dockerfile"))
        XCTAssertTrue(matches("*.generated.yml", "deep/er/x.generated.yml"), "no slash: any depth")
        XCTAssertTrue(matches("services/*/Dockerfile", "services/api/Dockerfile"))
        XCTAssertFalse(matches("services/*/Dockerfile", "services/api/v2/Dockerfile"))
        XCTAssertTrue(matches("**/fixtures/**", "a/b/fixtures/c/compose.yaml"))
        XCTAssertTrue(matches("Dockerfile.?", "Dockerfile.a"))
        XCTAssertTrue(matches("test/**", "/w/repo/test/Dockerfile", base: "repo"), "absolute paths are made relative")
        XCTAssertFalse(matches("test/**", "test/Dockerfile", base: "repo"), "outside the configuration's folder")
    }

    func testRuleOptionsReachTheRule() throws {
        let compose = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n      - \"443:443\"\n      - \"8080:80\"\n"
        let workspace = Workspace(targets: [.composeProject(files: ["compose.yaml"])], source: InMemoryFileSource(texts: ["compose.yaml": compose]))
        func reportedLines(_ config: String) throws -> [Int] {
            let policy = try load([".infralint.yml": config]).get()
            return Linter(options: policy.lintOptions).lint(workspace).diagnostics
                .filter { $0.ruleName == "port-published-all-interfaces" }.map(\.range.start.line)
        }
        XCTAssertEqual(try reportedLines("{}"), [5, 6, 7])
        XCTAssertEqual(try reportedLines("rules:\n  port-published-all-interfaces:\n    options: { allowed-ports: [80, 443] }\n"), [7])
        let values = RuleOptionValues(declared: PortPublishedAllInterfaces.description.options)
        XCTAssertEqual(values.intList("allowed-ports"), [], "the declared default")
    }

    func testCommandLineSelectionOverTheConfiguration() throws {
        let policy = try load([".infralint.yml": "rules:\n  root-user: error\n"]).get()
        let selected = try policy.applying(select: ["root-user", "image-digest-unpinned"], ignore: [])
        XCTAssertEqual(selected.levels["DF001"], .on(.error), "keeps the configured severity")
        XCTAssertEqual(selected.levels["DF004"], .on(.info), "an off rule runs at its default")
        XCTAssertEqual(selected.levels["DF003"], .off)
        XCTAssertEqual(selected.levels["IL001"], .on(.error), "front-end findings stay")
        XCTAssertEqual(try policy.applying(select: nil, ignore: ["DL3002"]).levels["DF001"], .off)
        XCTAssertThrowsError(try policy.applying(select: ["nope"], ignore: []))
    }

    func testFailOnThreshold() {
        let summary = LintSummary(files: 1, errors: 0, warnings: 1, infos: 2)
        XCTAssertTrue(FailOnThreshold.severity(.warning).fails(summary))
        XCTAssertFalse(FailOnThreshold.severity(.error).fails(summary))
        XCTAssertFalse(FailOnThreshold.none.fails(summary))
    }
}
