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
