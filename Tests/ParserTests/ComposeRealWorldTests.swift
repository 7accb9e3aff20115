import XCTest
import SourceSupport
@testable import ComposeParser

/// Regressions from the differential run against `docker compose config` on real public compose
/// files: each test holds the smallest inline project showing the disagreement and what Compose printed.
final class ComposeRealWorldTests: XCTestCase {
    private func resolve(_ text: String, environment: [String: String] = [:],
                         extra: [String: String] = [:]) throws -> JSONValue {
        try ComposeCaseRunner.requireYAMLParser()
        let files = extra.merging(["compose.yaml": text]) { $1 }
        let result = ComposeLoader.load(files: ["compose.yaml"],
                                        options: ComposeLoadOptions(environment: environment, workingDirectory: "/project"),
                                        readFile: { path in
            let key = path.hasPrefix("/project/") ? String(path.dropFirst(9)) : path
            return files[key].map { Array($0.utf8) }
        })
        return try XCTUnwrap(result.resolvedJSON, "refused: \(result.diagnostics.map(\.diagnostic.message))")
    }

    /// A used external network (cv-referent-ia docker-compose.prod.yml): Compose prints
    /// `{"name": "web", "ipam": {}, "external": true}`: the empty ipam is added to external networks too.
    func testExternalNetworkGetsAnEmptyIPAMLikeAnyOther() throws {
        let project = try resolve("""
        services:
          app:
            image: nginx
            networks:
              - web
        networks:
          web:
            external: true
        """)
        XCTAssertEqual(project["networks"]?["web"]?["ipam"], .object([]))
        XCTAssertEqual(project["networks"]?["web"]?["external"], .bool(true))
        XCTAssertEqual(project["networks"]?["web"]?["name"], .string("web"))
    }
}
