/// What a container port usually serves, so `port-published-all-interfaces` can tell a datastore or
/// an admin interface (a warning when exposed) from a web port (information).
public enum PortClassification {
    /// Ports whose exposure to every interface is a known way in: datastores, caches, message
    /// brokers, cluster and remote-admin interfaces.
    public static let sensitive: [Int: String] = [
        22: "SSH", 23: "Telnet", 445: "SMB", 1433: "SQL Server", 1521: "Oracle", 2049: "NFS",
        2375: "the Docker API", 2376: "the Docker API", 2379: "etcd", 2380: "etcd", 3306: "MySQL",
        3389: "RDP", 4369: "Erlang EPMD", 5000: "a Docker registry", 5432: "PostgreSQL", 5672: "RabbitMQ",
        5900: "VNC", 5984: "CouchDB", 6379: "Redis", 6443: "the Kubernetes API", 7000: "Cassandra",
        7001: "Cassandra", 8086: "InfluxDB", 8200: "Vault", 8500: "Consul", 9000: "a management console",
        9042: "Cassandra", 9092: "Kafka", 9200: "Elasticsearch", 9300: "Elasticsearch", 10250: "the kubelet",
        11211: "Memcached", 15672: "the RabbitMQ console", 27017: "MongoDB", 27018: "MongoDB",
        28015: "RethinkDB", 50070: "HDFS",
    ]

    /// The service a sensitive port usually is, or nil for ports that are fine to serve publicly.
    public static func sensitiveService(_ port: Int) -> String? { sensitive[port] }
}

/// A port mapping as compose's short syntax writes it: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`,
/// ports possibly ranges (`8000-8010`), IPv6 host addresses in brackets (`[::1]:80:80`).
public struct PortMapping: Hashable, Sendable {
    public var hostIP: String?
    public var hostPort: String?
    public var containerPort: String
    public var proto: String?

    public init(hostIP: String?, hostPort: String?, containerPort: String, proto: String?) {
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.proto = proto
    }

    /// Parses the short syntax; nil when it is not a port mapping.
    public static func parse(_ text: String) -> PortMapping? {
        var rest = Substring(text.trimmingWhitespace())
        var proto: String?
        if let slash = rest.lastIndex(of: "/") {
            proto = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var hostIP: String?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() }
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if hostIP == nil, parts.count > 3 {
            // An unbracketed IPv6 address: the last two parts are the ports.
            hostIP = parts.dropLast(2).joined(separator: ":")
            parts = Array(parts.suffix(2))
        }
        switch parts.count {
        case 1:
            return isPort(parts[0]) ? PortMapping(hostIP: hostIP, hostPort: nil, containerPort: parts[0], proto: proto) : nil
        case 2:
            guard isPort(parts[1]), parts[0].isEmpty || isPort(parts[0]) else { return nil }
            return PortMapping(hostIP: hostIP, hostPort: parts[0].isEmpty ? nil : parts[0], containerPort: parts[1], proto: proto)
        case 3:
            guard isPort(parts[2]), parts[1].isEmpty || isPort(parts[1]) else { return nil }
            return PortMapping(hostIP: parts[0].isEmpty ? nil : parts[0], hostPort: parts[1].isEmpty ? nil : parts[1],
                               containerPort: parts[2], proto: proto)
        default:
            return nil
        }
    }

    /// A number, a range `A-B`, or an interpolation the linter cannot see through.
    private static func isPort(_ text: String) -> Bool {
        if text.isEmpty { return false }
        if SecretDetection.containsVariableReference(text) { return true }
        return text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    /// The first port of the container side (`5432` for `5432-5433`), nil when interpolated.
    public var firstContainerPort: Int? {
        Int(containerPort.split(separator: "-").first.map(String.init) ?? containerPort)
    }
}
