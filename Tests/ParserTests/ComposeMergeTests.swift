import XCTest
import SourceSupport
@testable import ComposeParser

/// Compose's merge rules across files, extends and include, checked on the resolved JSON.
final class ComposeMergeTests: XCTestCase {
    private func resolve(_ files: [String: String], _ order: [String]) throws -> JSONValue {
        try ComposeCaseRunner.requireYAMLParser()
        let result = ComposeLoader.load(files: order, options: ComposeLoadOptions(workingDirectory: "/p", loadOverrideFile: false),
                                        readFile: { path in
            let key = path.hasPrefix("/p/") ? String(path.dropFirst(3)) : path
            return files[key].map { Array($0.utf8) }
        })
        XCTAssertFalse(result.isRefused, "\(result.diagnostics.map(\.diagnostic.message))")
        return try XCTUnwrap(result.resolvedJSON)
    }

    func testOverlayRules() throws {
        let base = """
        services:
          app:
            image: app:1
            command: ["run", "prod"]
            ports: ["80:80", "443:443"]
            volumes: ["./conf:/conf:ro"]
            environment: [A=1, B=2]
            cap_add: [NET_ADMIN]
            logging: {driver: json-file, options: {max-size: 10m}}
        """
        let overlay = """
        services:
          app:
            command: run dev
            ports: ["80:80", "8080:8080"]
            volumes: ["./dev:/conf"]
            environment: {B: 3, C: 4}
            cap_add: [NET_ADMIN, SYS_PTRACE]
            logging: {driver: syslog}
        """
        let app = try XCTUnwrap(resolve(["a.yml": base, "b.yml": overlay], ["a.yml", "b.yml"])["services"]?["app"])
        XCTAssertEqual(app["command"], .array([.string("run"), .string("dev")]))
        XCTAssertEqual(app["ports"]?.arrayValue?.compactMap { $0["published"]?.stringValue }, ["80", "443", "8080"])
        XCTAssertEqual(app["volumes"]?.arrayValue?.count, 1)
        XCTAssertEqual(app["volumes"]?.arrayValue?.first?["source"], .string("/p/dev"))
        XCTAssertEqual(app["environment"], .object([("A", .string("1")), ("B", .string("3")), ("C", .string("4"))]))
        XCTAssertEqual(app["cap_add"], .array([.string("NET_ADMIN"), .string("SYS_PTRACE")]))
        XCTAssertEqual(app["logging"], .object([("driver", .string("syslog"))]))
    }

    func testResetAndOverrideTags() throws {
        let base = "services:\n  app:\n    image: a\n    ports: [\"80:80\"]\n    environment: {A: \"1\", B: \"2\"}\n"
        let overlay = "services:\n  app:\n    ports: !reset []\n    environment: !override {C: \"3\"}\n"
        let app = try XCTUnwrap(resolve(["a.yml": base, "b.yml": overlay], ["a.yml", "b.yml"])["services"]?["app"])
        XCTAssertNil(app["ports"])
        XCTAssertEqual(app["environment"], .object([("C", .string("3"))]))
    }

    func testExtendsFromAnotherFileResolvesItsPaths() throws {
        let main = "services:\n  web:\n    extends: {file: lib/base.yml, service: base}\n    environment: {B: \"2\"}\n"
        let library = "services:\n  base:\n    build: ./app\n    volumes: [./data:/data]\n    environment: {A: \"1\"}\n"
        let web = try XCTUnwrap(resolve(["compose.yaml": main, "lib/base.yml": library], ["compose.yaml"])["services"]?["web"])
        XCTAssertEqual(web["build"]?["context"], .string("/p/lib/app"))
        XCTAssertEqual(web["volumes"]?.arrayValue?.first?["source"], .string("/p/lib/data"))
        XCTAssertEqual(web["environment"], .object([("A", .string("1")), ("B", .string("2"))]))
    }

    func testIncludeBringsInAnotherProjectsServices() throws {
        let main = "include: [db/compose.yaml]\nservices:\n  api:\n    image: api\n    depends_on: [db]\n"
        let database = "services:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data, ./init:/init]\nvolumes:\n  data: {}\n"
        let project = try resolve(["compose.yaml": main, "db/compose.yaml": database], ["compose.yaml"])
        XCTAssertEqual(project["services"]?["db"]?["volumes"]?.arrayValue?.last?["source"], .string("/p/db/init"))
        XCTAssertNotNil(project["volumes"]?["data"])
    }
}
