import SourceSupport

/// Flags published ports without a host IP.
public struct PortPublishedAllInterfaces: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "CP002", name: "port-published-all-interfaces",
        summary: "A port is published on every host interface",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `ports:` entries without a host IP (or bound to `0.0.0.0` / `::`). Such a port listens on every interface of the host, and Docker's own firewall rules bypass host firewalls such as ufw. A datastore, cache, broker or remote-admin port (PostgreSQL 5432, MySQL 3306, Redis 6379, MongoDB 27017, Elasticsearch 9200, the Docker API 2375, SSH 22, …) is a warning; any other port is information.",
            whyItMatters: "Databases and caches published this way are reachable from the whole network (or the internet on a cloud VM), often with default credentials. Services on the same compose network reach each other without any published port.",
            example: "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"",
            useInstead: "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"   # or no ports: at all"),
        defaultSeverity: .warning, fileKinds: [.compose], tags: [.security],
        aliases: [.composeLint("CL-0005")],
        triggeringExamples: [
            .compose("services:\n  db:\n    image: postgres:16\n    ports:\n      - ↓\"5432:5432\"\n"),
            .compose("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - ↓\"80:80\"\n      - ↓443:443\n", "info for web ports"),
            .compose("services:\n  cache:\n    image: redis:7\n    ports:\n      - ↓target: 6379\n        published: \"6379\"\n", "long syntax without host_ip"),
            .compose("services:\n  app:\n    image: app:1\n    ports:\n      - ↓\"3000\"\n", "container port only: a random host port on every interface"),
            .compose("services:\n  db:\n    image: mysql:8\n    ports:\n      - ↓\"0.0.0.0:3306:3306\"\n", "the any-address written out"),
        ],
        nonTriggeringExamples: [
            .compose("services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"\n"),
            .compose("services:\n  db:\n    image: postgres:16\n    ports:\n      - target: 5432\n        published: \"5432\"\n        host_ip: 127.0.0.1\n"),
            .compose("services:\n  db:\n    image: postgres:16\n    expose:\n      - \"5432\"\n", "expose publishes nothing"),
            .compose("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"[::1]:8080:80\"\n"),
        ],
        options: [
            RuleOptionDescription(name: "allowed-ports", type: .intList, defaultValue: .intList([]),
                                  documentation: "Host ports that may be published on every interface (a public web server's 80 and 443); a published range is allowed when every port of it is."),
        ])

    /// No host IP, or the any-address, which is the same thing written out.
    static func bindsEveryInterface(_ hostIP: String?) -> Bool {
        guard let hostIP else { return true }
        return ["", "0.0.0.0", "::", "[::]"].contains(hostIP)
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for service in compose.project.services {
            var reported: [SourceRange] = []
            for port in service.ports where PortPublishedAllInterfaces.bindsEveryInterface(port.hostIP) {
                // A short-syntax range expands to several ports written once: report the entry once.
                if reported.contains(port.range) { continue }
                reported.append(port.range)
                let sameEntry = service.ports.filter { $0.range == port.range }
                let allowed = compose.options.intList("allowed-ports")
                if !allowed.isEmpty, sameEntry.allSatisfy({ allowed.contains(Int($0.published ?? "") ?? $0.target) }) { continue }
                let sensitive = sameEntry.lazy.compactMap { PortClassification.sensitiveService($0.target) }.first
                let published = port.published ?? ""
                let suggestion = published.isEmpty ? "127.0.0.1::\(port.target)" : "127.0.0.1:\(published):\(port.target)"
                let shown = published.isEmpty || published == String(port.target)
                    ? "Port \(port.target)" : "Port \(published) (container port \(port.target))"
                if let service = sensitive {
                    report.report("\(shown) serves \(service) and is published on all interfaces; bind it to 127.0.0.1 (\"\(suggestion)\") or drop the mapping if only other services need it",
                                  file: port.file, range: port.range, severity: .warning)
                } else {
                    report.report("\(shown) is published on all interfaces; bind it to 127.0.0.1 (\"\(suggestion)\") unless it must be reachable from other machines",
                                  file: port.file, range: port.range, severity: .info)
                }
            }
        }
    }
}
