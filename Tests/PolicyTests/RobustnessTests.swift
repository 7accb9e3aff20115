import XCTest
import PolicyEngine
import SourceSupport
import DockerfileParser

/// The linter never crashes, whatever the bytes: damaged seed files, truncations and odd text.
final class RobustnessTests: XCTestCase {
    /// A small deterministic generator, so a failure reproduces.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    func testDamagedSeedFilesNeverCrash() throws {
        let seed = try SeedFixture.files()
        var generator = Generator(state: 2)  // round 216 holds a compose slip
        let pieces = ["${", "}", ":", "\"", "'", "\\\n", "\n", "@", "://", "-----BEGIN ", "USER 0", "FROM ", " AS ", "<<EOF\n",
                      "- ", "[", "]", "{", "&a ", "*a ", "<<: *a\n", "\t", "é", "\u{0}", "ports:\n  - ", "0.0.0.0:", "AKIA", "ghp_"]
        for round in 0..<300 {
            var files = seed
            for (path, text) in seed.sorted(by: { $0.key < $1.key }) {
                var bytes = Array(text.utf8)
                for _ in 0..<(1 + generator.next(6)) {
                    let position = generator.next(bytes.count + 1)
                    switch generator.next(3) {
                    case 0: bytes.insert(contentsOf: Array(pieces[generator.next(pieces.count)].utf8), at: position)
                    case 1: if position < bytes.count { bytes.removeSubrange(position..<min(bytes.count, position + 1 + generator.next(20))) }
                    default: bytes = Array(bytes.prefix(position))
                    }
                }
                files[path] = String(decoding: bytes, as: UTF8.self)
            }
            let result = SeedFixture.lint(files, options: LintOptions(enabledRules: Set(RuleRegistry.standard.allDescriptions.map(\.code))))
            for diagnostic in result.diagnostics {
                XCTAssertGreaterThanOrEqual(diagnostic.range.start.line, 1, "round \(round)")
                XCTAssertLessThanOrEqual(diagnostic.range.start.offset, diagnostic.range.end.offset, "round \(round)")
            }
            // A range whose offsets are not on its lines is the front end's slip (reported to it, e.g. a
            // compose diagnostic naming the overlay with a range in the base): the reporters must survive it.
            for slip in RobustnessTests.inconsistent(result) {
                print("round \(round): \(slip.ruleName) \(slip.file) \(slip.range) is not where its lines say: \(slip.message)")
            }
            _ = TextReporter(color: true, showSource: true).render(result)
            _ = JSONReporter().render(result)
        }
    }

    func testOddInputs() {
        for text in ["", "\n", "FROM", "FROM \n", "USER", "HEALTHCHECK", "EXPOSE", "COPY", "ENV", "ARG =", "FROM ${", "FROM a:${T:-}",
                     "\u{FEFF}FROM x:latest", String(repeating: "FROM a AS a\n", count: 200), String(repeating: "\\\n", count: 1000)] {
            let workspace = Workspace(targets: [.dockerfile(path: "Dockerfile"), .composeProject(files: ["compose.yaml"])],
                                      source: InMemoryFileSource(texts: ["Dockerfile": text, "compose.yaml": text]))
            let result = Linter().lint(workspace)
            _ = TextReporter(showSource: true).render(result)
        }
    }

    func testSharedHelpers() {
        XCTAssertTrue(SecretDetection.isSecretName("POSTGRES_PASSWORD"))
        XCTAssertTrue(SecretDetection.isSecretName("githubToken"))
        XCTAssertTrue(SecretDetection.isSecretName("AWS_SECRET_ACCESS_KEY"))
        XCTAssertTrue(SecretDetection.isSecretName("PGPASSWORD"))
        XCTAssertFalse(SecretDetection.isSecretName("POSTGRES_PASSWORD_FILE"))
        XCTAssertFalse(SecretDetection.isSecretName("SSH_PUBLIC_KEY"))
        XCTAssertFalse(SecretDetection.isSecretName("TOKEN_URL"))
        XCTAssertFalse(SecretDetection.isSecretName("BYPASS_CACHE"))
        XCTAssertFalse(SecretDetection.isLiteralValue("${DB_PASSWORD}"))
        XCTAssertFalse(SecretDetection.isLiteralValue("  "))
        XCTAssertTrue(SecretDetection.isLiteralValue("hunter2"))
        XCTAssertTrue(SecretDetection.isLiteralValue("pa\\$word"), "an escaped dollar is literal")
        XCTAssertFalse(SecretDetection.isLiteralValue("pa$word"))
        XCTAssertEqual(CredentialPatterns.scan("postgres://user:pass@host/db").map(\.range), [16..<20])
        XCTAssertEqual(CredentialPatterns.scan("postgres://user:${PW}@host/db").count, 0)
        XCTAssertEqual(CredentialPatterns.scan("key AKIAIOSFODNN7EXAMPLE").first?.kind, "an AWS access key ID")
        XCTAssertEqual(CredentialPatterns.scan("-----BEGIN RSA PRIVATE KEY-----\nMIIE").first?.kind, "a private key")
        XCTAssertEqual(PortClassification.sensitiveService(5432), "PostgreSQL")
        XCTAssertNil(PortClassification.sensitiveService(443))
        XCTAssertTrue(UserSpec.isRoot("0:0") && UserSpec.isRoot("root:wheel") && UserSpec.isRoot("root"))
        XCTAssertFalse(UserSpec.isRoot("10001:0") || UserSpec.isRoot("$UID") || UserSpec.isRoot("rootless"))
        let nowhere = SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
        XCTAssertTrue(ImageReference.parse("gcr.io/distroless/static:nonroot", range: nowhere).isKnownNonRoot)
        XCTAssertFalse(ImageReference.parse("node:20", range: nowhere).isKnownNonRoot)
        XCTAssertEqual(ImageReference.parse("localhost:5000/app", range: nowhere).name, "localhost:5000/app")
        XCTAssertTrue(ImageReference.parse("redis:7@sha256:abc", range: nowhere).hasDigest)
        XCTAssertEqual(WorkspacePath.join("./seed", "../app/./Dockerfile"), "app/Dockerfile")
    }
}

extension RobustnessTests {
    /// Diagnostics whose offset and line disagree (a front-end slip the reporters must survive).
    static func inconsistent(_ result: LintResult) -> [Diagnostic] {
        result.diagnostics.filter { diagnostic in
            guard let file = result.file(diagnostic.file) else { return false }
            return [diagnostic.range.start, diagnostic.range.end].contains { position in
                position.offset <= file.bytes.count && file.lineTable.line(atOffset: position.offset) != position.line
            }
        }
    }
}
