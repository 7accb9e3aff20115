import XCTest
import PolicyEngine

/// Runs every rule's triggering and non-triggering examples: adding a rule adds its tests.
final class RuleExamplesTests: XCTestCase {
    func testEveryRuleExample() throws {
        var pending: [String] = []
        var checked = 0
        for rule in RuleRegistry.standard.rules.map(\.description) {
            let cases = rule.triggeringExamples.map { ($0, true) } + rule.nonTriggeringExamples.map { ($0, false) }
            for (index, (example, triggers)) in cases.enumerated() {
                let label = "\(rule.name) \(triggers ? "triggering" : "non-triggering") example \(index + 1)\(example.note.isEmpty ? "" : " (\(example.note))")"
                let outcome = ExampleRunner.run(example, rule: rule)
                if outcome.pendingFrontEnd {
                    pending.append(label)
                    continue
                }
                checked += 1
                let parseErrors = outcome.frontEnd.filter { $0.severity == .error }
                XCTAssertTrue(parseErrors.isEmpty, "\(label): the example does not parse: \(parseErrors.map(\.message))")
                if triggers { XCTAssertFalse(outcome.expected.isEmpty, "\(label): a triggering example needs a marker") }
                XCTAssertEqual(outcome.found, outcome.expected,
                               "\(label): expected findings at \(outcome.expected), got \(outcome.diagnostics.map { "\($0.file):\($0.range.start.line):\($0.range.start.column) \($0.message)" })")
            }
        }
        XCTAssertGreaterThan(checked, 0)
        if !pending.isEmpty {
            throw XCTSkip("\(pending.count) examples pending on an unwritten front end (not counted as passing): \(pending.joined(separator: "; "))")
        }
    }

    func testEveryRuleIsDescribed() {
        let descriptions = RuleRegistry.standard.allDescriptions
        XCTAssertEqual(Set(descriptions.map(\.code)).count, descriptions.count, "codes are unique")
        XCTAssertEqual(Set(descriptions.map(\.name)).count, descriptions.count, "names are unique")
        for rule in descriptions {
            XCTAssertTrue(rule.name.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.name) is kebab-case")
            XCTAssertFalse(rule.summary.isEmpty)
            XCTAssertFalse(rule.documentation.whatItDoes.isEmpty)
            XCTAssertFalse(rule.documentation.whyItMatters.isEmpty)
        }
        for rule in RuleRegistry.standard.rules.map(\.description) {
            XCTAssertFalse(rule.triggeringExamples.isEmpty, "\(rule.name) has triggering examples")
            XCTAssertFalse(rule.nonTriggeringExamples.isEmpty, "\(rule.name) has non-triggering examples")
        }
    }

    func testTheIssueNamesAndAliases() {
        let registry = RuleRegistry.standard
        for name in ["root-user", "image-untagged", "image-latest-tag", "image-digest-unpinned", "healthcheck-missing",
                     "secret-in-arg-or-env", "plaintext-secret", "single-stage-build", "dockerignore-missing",
                     "compose-version-obsolete", "port-published-all-interfaces", "parse-error", "compose-invalid",
                     "compose-undefined-reference", "compose-dependency-cycle"] {
            XCTAssertNotNil(registry.description(named: name), name)
        }
        XCTAssertEqual(registry.description(named: "DL3007")?.name, "image-latest-tag")
        XCTAssertEqual(registry.description(named: "SecretsUsedInArgOrEnv")?.name, "secret-in-arg-or-env")
        XCTAssertEqual(registry.description(named: "CL-0005")?.name, "port-published-all-interfaces")
        XCTAssertFalse(registry.description(named: "image-digest-unpinned")!.enabledByDefault)
    }
}
