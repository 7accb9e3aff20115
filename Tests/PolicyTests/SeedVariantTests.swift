import XCTest
import PolicyEngine

/// Variants of the seed files: the rules must hold for the general case, not the one document.
final class SeedVariantTests: XCTestCase {
    typealias Finding = SeedFixture.Finding

    /// The seed files with `edit` applied to one of them.
    func seed(_ name: String, _ edit: (String) -> String) throws -> [String: String] {
        var files = try SeedFixture.files()
        files["seed/" + name] = edit(files["seed/" + name]!)
        return files
    }

    func lint(_ files: [String: String]) -> Set<Finding> {
        SeedFixture.findings(SeedFixture.lint(files))
    }

    func findings(_ files: [String: String], rule: String) -> [Finding] {
        lint(files).filter { $0.rule == rule }.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    func testRootUserForms() throws {
        for user in ["0:0", "root", "root:root", "0"] {
            let files = try seed("Dockerfile") { $0.replacingOccurrences(of: "USER nextjs", with: "USER \(user)") }
            XCTAssertEqual(findings(files, rule: "root-user"), [Finding(rule: "root-user", severity: .warning, file: "seed/Dockerfile", line: 25)], user)
        }
        let noUser = try seed("Dockerfile") { $0.replacingOccurrences(of: "USER nextjs\n", with: "") }
        XCTAssertEqual(findings(noUser, rule: "root-user").map(\.line), [18], "no USER: the final stage's FROM")
        let composeRoot = try seed("docker-compose.yml") { $0.replacingOccurrences(of: "    image: redis:7-alpine\n", with: "    image: redis:7-alpine\n    user: \"0\"\n") }
        XCTAssertEqual(findings(composeRoot, rule: "root-user"), [Finding(rule: "root-user", severity: .warning, file: "seed/docker-compose.yml", line: 30)])
    }

    func testImageReferences() throws {
        let untagged = try seed("docker-compose.yml") { $0.replacingOccurrences(of: "image: redis:7-alpine", with: "image: redis") }
        XCTAssertEqual(findings(untagged, rule: "image-untagged"), [Finding(rule: "image-untagged", severity: .warning, file: "seed/docker-compose.yml", line: 29)])
        XCTAssertEqual(findings(untagged, rule: "image-latest-tag"), [])

        let argLatest = try seed("Dockerfile") {
            "ARG TAG=latest\n" + $0.replacingOccurrences(of: "FROM node:20.19.5-alpine AS runner", with: "FROM node:${TAG} AS runner")
        }
        XCTAssertEqual(findings(argLatest, rule: "image-latest-tag"), [Finding(rule: "image-latest-tag", severity: .warning, file: "seed/Dockerfile", line: 19)])

        let latest = try seed("docker-compose.yml") { $0.replacingOccurrences(of: "nginx:alpine", with: "nginx:latest") }
        XCTAssertEqual(findings(latest, rule: "image-latest-tag").map(\.line), [35])
    }

    func testPortsBoundToAnAddressAreFine() throws {
        let bound = try seed("docker-compose.yml") { $0.replacingOccurrences(of: "\"5432:5432\"", with: "\"127.0.0.1:5432:5432\"") }
        XCTAssertFalse(findings(bound, rule: "port-published-all-interfaces").contains { $0.line == 25 })

        let longForm = try seed("docker-compose.yml") {
            $0.replacingOccurrences(of: "      - \"5432:5432\"\n", with: "      - target: 5432\n        published: \"5432\"\n        host_ip: 127.0.0.1\n")
              .replacingOccurrences(of: "      - \"6379:6379\"\n", with: "      - target: 6379\n        published: \"6379\"\n")
        }
        let ports = findings(longForm, rule: "port-published-all-interfaces")
        XCTAssertFalse(ports.contains { $0.line == 25 }, "long form with host_ip")
        XCTAssertTrue(ports.contains(Finding(rule: "port-published-all-interfaces", severity: .warning, file: "seed/docker-compose.yml", line: 33)),
                      "long form without host_ip: \(ports)")
    }

    func testOverlayThatWritesAPassword() throws {
        let files = try seed("docker-compose.prod.yml") {
            $0.replacingOccurrences(of: "      - DATABASE_URL=${DATABASE_URL}\n", with: "      - DATABASE_URL=${DATABASE_URL}\n      - DB_PASSWORD=hunter2\n")
        }
        let secrets = findings(files, rule: "plaintext-secret")
        XCTAssertTrue(secrets.contains(Finding(rule: "plaintext-secret", severity: .error, file: "seed/docker-compose.prod.yml", line: 6)), "\(secrets)")
        XCTAssertFalse(secrets.contains { $0.file.hasSuffix("prod.yml") && $0.line == 5 })
        XCTAssertEqual(secrets.filter { $0.file == "seed/docker-compose.yml" }.count, 1, "the base's finding once")
    }

    func testComposeBuiltDockerfileInItsContext() throws {
        var files = try SeedFixture.files()
        let dockerfile = files.removeValue(forKey: "seed/Dockerfile")!.replacingOccurrences(of: "EXPOSE 3000\n", with: "")
        files["seed/app/Dockerfile.prod"] = dockerfile
        files["seed/docker-compose.yml"] = files["seed/docker-compose.yml"]!
            .replacingOccurrences(of: "    build: .\n", with: "    build:\n      context: ./app\n      dockerfile: Dockerfile.prod\n")
        files["seed/.dockerignore"] = "node_modules\n"  // beside the compose file, not in the context
        let found = lint(files)
        XCTAssertTrue(found.contains(Finding(rule: "dockerignore-missing", severity: .warning, file: "seed/app/Dockerfile.prod", line: 13)), "\(found)")
        XCTAssertTrue(found.contains(Finding(rule: "healthcheck-missing", severity: .warning, file: "seed/app/Dockerfile.prod", line: 18)),
                      "no EXPOSE, but compose publishes its port: \(found)")

        files["seed/app/.dockerignore"] = ".git\n"
        XCTAssertEqual(findings(files, rule: "dockerignore-missing"), [])
    }

    func testHealthcheckChoices() throws {
        let none = try seed("Dockerfile") { $0.replacingOccurrences(of: "EXPOSE 3000\n", with: "EXPOSE 3000\nHEALTHCHECK NONE\n") }
        XCTAssertEqual(findings(none, rule: "healthcheck-missing"), [])

        let waited = try seed("docker-compose.yml") {
            $0.replacingOccurrences(of: "    depends_on:\n      - postgres\n      - redis\n",
                                    with: "    depends_on:\n      postgres:\n        condition: service_healthy\n      redis:\n        condition: service_started\n")
        }
        let found = findings(waited, rule: "healthcheck-missing")
        XCTAssertTrue(found.contains(Finding(rule: "healthcheck-missing", severity: .error, file: "seed/docker-compose.yml", line: 18)), "\(found)")
        XCTAssertFalse(found.contains { $0.severity == .error && $0.line != 18 })
    }

    func testNoFindingsWhenEverythingIsFixed() throws {
        var files = try seed("Dockerfile") { $0.replacingOccurrences(of: "EXPOSE 3000\n", with: "EXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1\n") }
        files["seed/.dockerignore"] = ".git\nnode_modules\n"
        files["seed/docker-compose.yml"] = files["seed/docker-compose.yml"]!
            .replacingOccurrences(of: "version: '3.8'\n", with: "")
            .replacingOccurrences(of: "POSTGRES_PASSWORD: password", with: "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}")
            .replacingOccurrences(of: "- \"", with: "- \"127.0.0.1:")
        XCTAssertEqual(lint(files), [])
    }
}
