import XCTest
import Foundation
@testable import PolicyEngine

/// The built-in packs: embedded copies agree with `policies/`, and the packs say what the issue says.
final class ConfigPackTests: XCTestCase {
    static let policiesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies")

    func testEmbeddedPacksMatchPoliciesFolder() throws {
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.policiesFolder.path)
            .filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
        XCTAssertEqual(onDisk, PolicyPacks.names.sorted(), "every policies/*.yml is embedded, and nothing else")
        for name in PolicyPacks.names {
            let file = try String(contentsOf: Self.policiesFolder.appendingPathComponent(name + ".yml"), encoding: .utf8)
            let trimmedLines = file.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                String(line.reversed().drop(while: { $0 == " " }).reversed())
            }.joined(separator: "\n")
            var expected = trimmedLines
            while expected.hasSuffix("\n") { expected.removeLast() }
            XCTAssertEqual(PolicyPacks.text(named: name), expected, "\(name): run scripts/generate-packs.sh after editing policies/\(name).yml")
        }
    }

    func testPacksLoadWithoutErrors() {
        for name in PolicyPacks.names {
            if case .failure(let errors) = ConfigurationLoader().loadPack(named: name) { XCTFail("\(name): \(errors)") }
        }
    }

    func testRecommendedNamesEveryRuleAndIsTheDefault() throws {
        let text = try XCTUnwrap(PolicyPacks.text(named: "recommended"))
        let file = try ConfigurationReader().read(Array(text.utf8), path: "pack:recommended").get()
        let named = Set(file.rules.map(\.code))
        for rule in RuleRegistry.standard.allDescriptions {
            XCTAssertTrue(named.contains(rule.code), "recommended.yml decides on \(rule.name) (on at a severity, or off)")
        }
        let policy = try ConfigurationLoader().loadPack(named: "recommended").get()
        XCTAssertEqual(policy.lintOptions.enabledRules, LintOptions.standard.enabledRules,
                       "recommended is what runs without configuration (rules' enabledByDefault)")
        XCTAssertEqual(policy.lintOptions.severityOverrides, [:], "recommended uses each rule's default severity")
        XCTAssertEqual(policy.levels["IL006"], .off, "unused-suppression is off in recommended")
    }

    func testStrictIsRecommendedPlusDigestsWithInfoRaised() throws {
        let recommended = try ConfigurationLoader().loadPack(named: "recommended").get()
        let strict = try ConfigurationLoader().loadPack(named: "strict").get()
        for rule in RuleRegistry.standard.allDescriptions {
            let inRecommended = recommended.level(of: rule)
            let inStrict = strict.level(of: rule)
            switch inRecommended {
            case .on(.info):
                XCTAssertEqual(inStrict, .on(.warning), "\(rule.name): info-level rules are warnings in strict")
            case .on(let severity):
                XCTAssertEqual(inStrict, .on(severity), "\(rule.name): strict keeps recommended")
            case .off where rule.name == "image-digest-unpinned":
                XCTAssertEqual(inStrict, .on(.warning))
            case .off:
                XCTAssertEqual(inStrict, .off, "\(rule.name)")
            }
        }
        let levels = PolicyPacks.levels(of: ImageDigestUnpinned.description)
        XCTAssertEqual(levels.map(\.pack), ["recommended", "strict"])
        XCTAssertEqual(levels.map(\.level), [.off, .on(.warning)])
    }

    func testAConfigurationCanExtendStrict() throws {
        let source = InMemoryFileSource(texts: [".infralint.yml": "extends: strict\nrules:\n  image-digest-unpinned: off\n"])
        let policy = try ConfigurationLoader(source: source).load(configurationAt: ".infralint.yml").get()
        XCTAssertEqual(policy.levels["DF004"], .off)
        XCTAssertEqual(policy.levels["DF008"], .on(.warning))
        XCTAssertEqual(policy.lintOptions.severityOverrides["DF008"], .warning)
    }

    func testNoConfigurationIsTheParsedDefaultPack() throws {
        let parsed = try ConfigurationLoader().loadPack(named: PolicyPacks.defaultPack).get()
        let implicit = try ConfigurationLoader().load(configurationAt: nil).get()
        XCTAssertEqual(implicit.levels, parsed.levels)
        XCTAssertEqual(implicit.lintOptions.severityOverrides, parsed.lintOptions.severityOverrides)
        XCTAssertEqual(implicit.sources, parsed.sources)
        XCTAssertNil(implicit.failOn)
        XCTAssertTrue(implicit.ignorePaths.isEmpty)
    }
}
