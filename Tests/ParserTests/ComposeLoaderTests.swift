import XCTest
import SourceSupport
@testable import ComposeParser

/// The loader on in-memory projects: validation with locations and codes, the typed model's
/// origins, and robustness against broken or hostile input.
final class ComposeLoaderTests: XCTestCase {
    private func load(_ files: [String: String], _ order: [String] = ["compose.yaml"],
                      environment: [String: String] = [:]) throws -> ComposeLoadResult {
        try ComposeCaseRunner.requireYAMLParser()
        return ComposeLoader.load(files: order, options: ComposeLoadOptions(environment: environment, workingDirectory: "/project"),
                                  readFile: { path in
            let key = path.hasPrefix("/project/") ? String(path.dropFirst(9)) : path
            return files[key].map { Array($0.utf8) }
        })
    }

    private func firstError(_ result: ComposeLoadResult) -> ComposeDiagnostic? {
        result.diagnostics.first(where: { $0.diagnostic.severity == .error })
    }

    func testLegacyFormatIsRefusedWithAHint() throws {
        let result = try load(["compose.yaml": "web:\n  image: nginx\n"])
        let error = try XCTUnwrap(firstError(result))
        XCTAssertEqual(error.diagnostic.code, "compose-invalid")
        XCTAssertTrue(error.diagnostic.message.contains("move them under `services:`"), error.diagnostic.message)
        XCTAssertEqual(error.diagnostic.range.start.line, 1)
        XCTAssertNil(result.resolvedJSON)
    }

    func testUnknownKeyIsLocatedWithASuggestion() throws {
        let result = try load(["compose.yaml": "services:\n  web:\n    image: nginx\n    enviroment:\n      A: 1\n"])
        let error = try XCTUnwrap(firstError(result))
        XCTAssertEqual(error.diagnostic.code, "compose-invalid")
        XCTAssertTrue(error.diagnostic.message.contains("did you mean 'environment'"), error.diagnostic.message)
        XCTAssertEqual(error.diagnostic.range.start.line, 4)
        XCTAssertEqual(error.diagnostic.range.start.column, 5)
    }

    func testWrongTypeIsInvalid() throws {
        let result = try load(["compose.yaml": "services:\n  web:\n    image: nginx\n    user: 1000\n"])
        let error = try XCTUnwrap(firstError(result))
        XCTAssertTrue(error.diagnostic.message.contains("services.web.user must be a string"), error.diagnostic.message)
        XCTAssertEqual(error.diagnostic.range.start.line, 4)
    }

    func testUndefinedReferences() throws {
        let text = """
        services:
          web:
            image: nginx
            depends_on: [api]
            networks: [front]
            volumes: [data:/data]
            secrets: [token]
        """
        let result = try load(["compose.yaml": text])
        let codes = result.diagnostics.map(\.diagnostic.code)
        XCTAssertEqual(codes.filter { $0 == "compose-undefined-reference" }.count, 4, "\(result.diagnostics.map(\.diagnostic.message))")
        XCTAssertEqual(result.diagnostics.first?.diagnostic.range.start.line, 4)
    }

    func testDependencyCycle() throws {
        let text = "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [c]}\n  c: {image: x, depends_on: [a]}\n"
        let error = try XCTUnwrap(firstError(try load(["compose.yaml": text])))
        XCTAssertEqual(error.diagnostic.code, "compose-dependency-cycle")
        XCTAssertEqual(error.diagnostic.message, "dependency cycle detected: a -> b -> c -> a")
    }

    func testExtendsAndIncludeCyclesTerminate() throws {
        let extendsCycle = try load(["compose.yaml": "services:\n  a: {image: x, extends: b}\n  b: {image: y, extends: a}\n"])
        XCTAssertEqual(firstError(extendsCycle)?.diagnostic.code, "compose-dependency-cycle")
        let includeCycle = try load(["compose.yaml": "include: [other.yaml]\nservices:\n  a: {image: x}\n",
                                     "other.yaml": "include: [compose.yaml]\nservices:\n  b: {image: y}\n"])
        XCTAssertEqual(firstError(includeCycle)?.diagnostic.code, "compose-dependency-cycle")
    }

    func testDuplicateKeyAndSyntaxError() throws {
        let duplicate = try load(["compose.yaml": "services:\n  web:\n    image: a\n    image: b\n"])
        XCTAssertEqual(firstError(duplicate)?.diagnostic.code, "compose-invalid")
        XCTAssertEqual(firstError(duplicate)?.diagnostic.range.start.line, 4)
        let broken = try load(["compose.yaml": "services:\n  web:\n    image: [unclosed\n"])
        let error = try XCTUnwrap(firstError(broken))
        XCTAssertEqual(error.diagnostic.code, "parse-error")
        XCTAssertGreaterThanOrEqual(error.diagnostic.range.start.line, 3)
    }

    func testRequiredVariableIsLocated() throws {
        let result = try load(["compose.yaml": "services:\n  web:\n    image: \"nginx:${TAG:?set TAG}\"\n"])
        let error = try XCTUnwrap(firstError(result))
        XCTAssertEqual(error.diagnostic.message, "error while interpolating services.web.image: required variable TAG is missing a value: set TAG")
        XCTAssertEqual(error.diagnostic.range.start.line, 3)
    }

    func testModelKeepsOriginsAndVariables() throws {
        let base = """
        version: "3.8"
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: ${DB_PASSWORD}
              POSTGRES_USER: admin
            ports:
              - "127.0.0.1:5432-5433:5432-5433"
        """
        let overlay = "services:\n  db:\n    image: postgres:17\n    privileged: true\n"
        let result = try load(["compose.yaml": base, "compose.override.yaml": overlay], environment: ["DB_PASSWORD": "x"])
        XCTAssertNil(firstError(result))
        let project = try XCTUnwrap(result.project)
        XCTAssertEqual(project.version?.value, "3.8")
        XCTAssertEqual(project.version?.range.start.line, 1)
        let db = try XCTUnwrap(project.service(named: "db"))
        XCTAssertEqual(db.image?.value, "postgres:17")
        XCTAssertEqual(db.image?.file, "compose.override.yaml")
        XCTAssertEqual(db.privileged?.value, true)
        let password = try XCTUnwrap(db.environment.first(where: { $0.name == "POSTGRES_PASSWORD" }))
        XCTAssertTrue(password.isInterpolated)
        XCTAssertEqual(password.variables, ["DB_PASSWORD"])
        XCTAssertEqual(password.file, "compose.yaml")
        XCTAssertEqual(password.range.start.line, 6)
        XCTAssertFalse(try XCTUnwrap(db.environment.first(where: { $0.name == "POSTGRES_USER" })).isInterpolated)
        XCTAssertEqual(db.ports.map(\.target), [5432, 5433])
        XCTAssertEqual(db.ports.map(\.hostIP), ["127.0.0.1", "127.0.0.1"])
        XCTAssertEqual(db.ports.first?.range.start.line, 9)
    }

    func testBrokenInputNeverCrashesOrHangs() throws {
        try ComposeCaseRunner.requireYAMLParser()
        let seed = Array("""
        x-a: &a {image: "n:${T:-1}", ports: ["80:80"], environment: [A=1]}
        services:
          web:
            <<: *a
            volumes: [./x:/x:ro, data:/d]
            depends_on: {db: {condition: service_healthy}}
            extends: {service: db}
          db: {image: pg, healthcheck: {test: "true", interval: 1m}}
        volumes: {data: {}}
        """.utf8)
        var generator = SplitMix(seed: 42)
        for round in 0..<400 {
            var bytes = seed
            switch round % 4 {
            case 0: bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            case 2: bytes.insert(contentsOf: Array("${:-}[{&*<<!reset".utf8).shuffled(using: &generator), at: Int(generator.next() % UInt64(bytes.count)))
            default: bytes.remove(at: Int(generator.next() % UInt64(bytes.count)))
            }
            let result = ComposeLoader.load(files: ["compose.yaml"], environment: [:], readFile: { _ in bytes })
            for diagnostic in result.diagnostics {
                XCTAssertGreaterThanOrEqual(diagnostic.diagnostic.range.start.line, 1)
            }
        }
    }

    func testAliasBombIsBounded() throws {
        var text = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 { text += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += "services:\n  web:\n    image: nginx\n    command: *x9\n"
        let result = try load(["compose.yaml": text])
        XCTAssertTrue(result.isRefused)
        XCTAssertTrue(result.diagnostics.contains(where: { $0.diagnostic.message.contains("too large") }))
    }
}
