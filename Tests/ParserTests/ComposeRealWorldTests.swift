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

    /// A long-syntax bind with a trailing slash on its target (pretendo-docker compose.yml):
    /// Compose prints `"target": "/etc/nginx/conf.d"`: every mount target goes through Go's path.Clean.
    func testVolumeTargetIsCleanedLikeCompose() throws {
        let project = try resolve("""
        services:
          nginx:
            image: nginx
            volumes:
              - type: bind
                source: ./config/nginx
                target: /etc/nginx/conf.d/
                read_only: true
              - type: volume
                source: data
                target: /a//b/./c/../d/
              - v:./x/
        volumes:
          data:
        """)
        let volumes = try XCTUnwrap(project["services"]?["nginx"]?["volumes"]?.arrayValue)
        XCTAssertEqual(volumes[0]["target"], .string("/etc/nginx/conf.d"))
        XCTAssertEqual(volumes[0]["source"], .string("/project/config/nginx"))
        XCTAssertEqual(volumes[1]["target"], .string("/a/b/d"))
        XCTAssertEqual(volumes[2]["target"], .string("v:./x"))
    }

    /// Repeated entries in one file's string sets: Compose prints `cap_add: ["NET_ADMIN", "SYS_TIME"]`,
    /// `cap_drop: ["ALL"]`, `profiles: ["b", "a"]`: it deduplicates them (first position kept), not only on merge.
    func testRepeatedCapabilitiesAndProfilesAreDeduplicatedWithinAFile() throws {
        let project = try resolve("""
        services:
          a:
            image: x
            cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]
            cap_drop: [ALL, ALL]
            profiles: [b, a, b]
        """)
        let service = project["services"]?["a"]
        XCTAssertEqual(service?["cap_add"], .array([.string("NET_ADMIN"), .string("SYS_TIME")]))
        XCTAssertEqual(service?["cap_drop"], .array([.string("ALL")]))
        XCTAssertEqual(service?["profiles"], .array([.string("b"), .string("a")]))
    }

    /// Repeats in the lists Compose's schema marks uniqueItems: Compose refuses the project with
    /// `validating compose.yaml: services.a.security_opt items at 0 and 1 are equal` (likewise networks,
    /// depends_on, external_links, group_add, volumes_from, device_cgroup_rules; a repeated extra_hosts entry
    /// fails the list form and Compose says `extra_hosts must be a mapping`); `[1, "1"]` is no repeat.
    func testRepeatsInUniqueItemListsAreRefused() throws {
        try ComposeCaseRunner.requireYAMLParser()
        for list in ["security_opt: [no-new-privileges:true, no-new-privileges:true]", "networks: [n, n]",
                     "depends_on: [b, b]", "external_links: [q, q]", "group_add: [a, a]", "volumes_from: [b, b]",
                     "device_cgroup_rules: [a, a]", "extra_hosts: [\"h:1.2.3.4\", \"h:1.2.3.4\"]"] {
            let text = "services:\n  a:\n    image: x\n    \(list)\n  b:\n    image: y\nnetworks:\n  n:\n"
            let result = ComposeLoader.load(files: ["compose.yaml"],
                                            options: ComposeLoadOptions(environment: [:], workingDirectory: "/project"),
                                            readFile: { $0.hasSuffix("compose.yaml") ? Array(text.utf8) : nil })
            let error = result.diagnostics.first(where: { $0.diagnostic.severity == .error })
            XCTAssertNotNil(error, list)
            XCTAssertTrue(error?.diagnostic.message.contains("items at 0 and 1 are equal") ?? false, list)
            XCTAssertEqual(error?.diagnostic.range.start.line, 4, list)
            XCTAssertNil(result.resolvedJSON, list)
        }
        let accepted = try resolve("services:\n  a:\n    image: x\n    group_add: [1, \"1\"]\n")
        XCTAssertNotNil(accepted["services"]?["a"]?["group_add"])
    }

    /// Short-syntax mounts as Windows users and typos write them: Compose accepts an unknown option
    /// (`./a:/a:readonly`), keeps `nocopy` on a bind as `volume: {nocopy: true}`, and prints a drive-letter
    /// source (`C:/Users/me`, long syntax too) as written; a build context `D:/proj` is still joined to the folder.
    func testMountOptionsAndWindowsSourcesLikeCompose() throws {
        let project = try resolve("""
        services:
          a:
            image: x
            volumes:
              - ./a:/a:readonly
              - C:/Users/me:/c
              - type: bind
                source: E:/long
                target: /l
              - ./n:/n:nocopy
            build:
              context: D:/proj
        """)
        let service = project["services"]?["a"]
        let volumes = try XCTUnwrap(service?["volumes"]?.arrayValue)
        XCTAssertEqual(volumes.count, 4)
        XCTAssertEqual(volumes[0]["source"], .string("/project/a"))
        XCTAssertNil(volumes[0]["read_only"])
        XCTAssertEqual(volumes[1]["source"], .string("C:/Users/me"))
        XCTAssertEqual(volumes[2]["source"], .string("E:/long"))
        XCTAssertEqual(volumes[3]["volume"], .object([("nocopy", .bool(true))]))
        XCTAssertEqual(service?["build"]?["context"], .string("/project/D:/proj"))
    }

    /// A healthcheck test list without CMD (`test: ["curl", "-f", ...]`, a common slip): Compose refuses the
    /// project with `healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"`; an empty list,
    /// `["NONE"]` and a plain string are fine.
    func testHealthcheckTestListMustStartWithCMD() throws {
        try ComposeCaseRunner.requireYAMLParser()
        for test in [#"["curl", "-f", "http://localhost"]"#, #"["CMD-shell", "x"]"#] {
            let text = "services:\n  a:\n    image: x\n    healthcheck:\n      test: \(test)\n"
            let result = ComposeLoader.load(files: ["compose.yaml"],
                                            options: ComposeLoadOptions(environment: [:], workingDirectory: "/project"),
                                            readFile: { $0.hasSuffix("compose.yaml") ? Array(text.utf8) : nil })
            let error = result.diagnostics.first(where: { $0.diagnostic.severity == .error })
            XCTAssertTrue(error?.diagnostic.message.contains("must start either by \"CMD\"") ?? false, test)
            XCTAssertEqual(error?.diagnostic.range.start.line, 5, test)
            XCTAssertNil(result.resolvedJSON, test)
        }
        for test in ["[]", #"["NONE"]"#, "curl -f http://localhost", #"["CMD", "true"]"#] {
            XCTAssertNotNil(try resolve("services:\n  a:\n    image: x\n    healthcheck:\n      test: \(test)\n")["services"])
        }
    }

    /// A ulimit written as a mapping needs both limits: `nofile: {soft: 65536}` alone makes Compose refuse
    /// the project (`services.a.ulimits.nofile must be a integer or string`); `{soft, hard}` or a number is fine.
    func testUlimitMappingNeedsSoftAndHard() throws {
        try ComposeCaseRunner.requireYAMLParser()
        let text = "services:\n  a:\n    image: x\n    ulimits:\n      nofile:\n        soft: 65536\n"
        let result = ComposeLoader.load(files: ["compose.yaml"],
                                        options: ComposeLoadOptions(environment: [:], workingDirectory: "/project"),
                                        readFile: { $0.hasSuffix("compose.yaml") ? Array(text.utf8) : nil })
        let error = result.diagnostics.first(where: { $0.diagnostic.severity == .error })
        XCTAssertTrue(error?.diagnostic.message.contains("services.a.ulimits.nofile missing property 'hard'") ?? false,
                      "\(String(describing: error?.diagnostic.message))")
        XCTAssertNil(result.resolvedJSON)
        let fine = try resolve("services:\n  a:\n    image: x\n    ulimits:\n      nproc: 65535\n      nofile: {soft: 1024, hard: 2048}\n")
        XCTAssertNotNil(fine["services"]?["a"]?["ulimits"])
    }

    /// A port's protocol suffix: Compose prints `"80:80/"` as tcp and refuses `"80:80/tcpx"` with
    /// `invalid proto: tcpx` (tcp, udp and sctp only, any case).
    func testPortProtocolSuffixLikeCompose() throws {
        let project = try resolve("services:\n  a:\n    image: x\n    ports: [\"80:80/\", \"53:53/UDP\", \"9:9/sctp\"]\n")
        let ports = try XCTUnwrap(project["services"]?["a"]?["ports"]?.arrayValue)
        XCTAssertEqual(ports.map { $0["protocol"] }, [.string("tcp"), .string("udp"), .string("sctp")])
        switch PortSyntax.parse("80:80/tcpx") {
        case .success: XCTFail("80:80/tcpx accepted")
        case .failure(let error): XCTAssertEqual(error.message, "invalid proto: tcpx")
        }
    }

    /// A healthcheck or stop_grace_period duration Go cannot parse (`interval: 1m30`, the unit forgotten):
    /// Compose refuses the project; valid Go durations (`1m30s`, `500ms`, `1.5s`, `0`) pass.
    func testInvalidDurationsAreRefused() throws {
        try ComposeCaseRunner.requireYAMLParser()
        for line in ["healthcheck: {test: [\"CMD\", \"true\"], interval: 1m30}", "stop_grace_period: 1x"] {
            let text = "services:\n  a:\n    image: x\n    \(line)\n"
            let result = ComposeLoader.load(files: ["compose.yaml"],
                                            options: ComposeLoadOptions(environment: [:], workingDirectory: "/project"),
                                            readFile: { $0.hasSuffix("compose.yaml") ? Array(text.utf8) : nil })
            let error = result.diagnostics.first(where: { $0.diagnostic.severity == .error })
            XCTAssertTrue(error?.diagnostic.message.contains("invalid duration") ?? false, line)
            XCTAssertNil(result.resolvedJSON, line)
        }
        let fine = try resolve("services:\n  a:\n    image: x\n    stop_grace_period: 2m\n    healthcheck: {interval: 1m30s, timeout: 500ms, start_period: \"0\", start_interval: 1.5s}\n")
        XCTAssertNotNil(fine["services"]?["a"]?["healthcheck"])
    }
}
