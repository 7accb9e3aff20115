/// The short syntaxes Compose expands: `[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]` ports (with ranges)
/// and `[SOURCE:]TARGET[:OPTIONS]` volumes.
public enum PortSyntax {
    public struct Port: Equatable, Sendable {
        public var hostIP: String?
        public var published: String?
        public var target: Int
        public var proto: String
    }

    public static func parse(_ spec: String) -> Result<[Port], ShortSyntaxError> {
        var body = Substring(spec)
        var proto = "tcp"
        if let slash = body.lastIndex(of: "/") {
            proto = String(body[body.index(after: slash)...])
            body = body[..<slash]
            // Compose takes `80:80/` as tcp and refuses a protocol other than tcp, udp or sctp.
            if proto.isEmpty { proto = "tcp" }
            guard ["tcp", "udp", "sctp"].contains(proto.lowercased()) else {
                return .failure(ShortSyntaxError("invalid proto: \(proto)"))
            }
        }
        var hostIP: String?
        var hostPort = ""
        var containerPort: Substring
        if body.hasPrefix("["), let close = body.firstIndex(of: "]") {
            hostIP = String(body[body.index(after: body.startIndex)..<close])
            let rest = body[body.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(ShortSyntaxError("invalid port spec: \(spec)")) }
            let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return .failure(ShortSyntaxError("invalid port spec: \(spec)")) }
            hostPort = String(parts[0])
            containerPort = parts[1]
        } else {
            let parts = body.split(separator: ":", omittingEmptySubsequences: false)
            containerPort = parts[parts.count - 1]
            switch parts.count {
            case 1: break
            case 2: hostPort = String(parts[0])
            case 3: hostIP = String(parts[0]); hostPort = String(parts[1])
            default:
                hostIP = parts[..<(parts.count - 2)].joined(separator: ":")
                hostPort = String(parts[parts.count - 2])
            }
        }
        if hostIP == "" { hostIP = nil }
        if let hostIP, !isIPAddress(hostIP) { return .failure(ShortSyntaxError("invalid IP address: \(hostIP)")) }
        guard !containerPort.isEmpty else { return .failure(ShortSyntaxError("no port specified: \(spec)<empty>")) }
        guard let (start, end) = parseRange(containerPort) else {
            return .failure(ShortSyntaxError("invalid containerPort: \(containerPort)"))
        }
        var hostStart = 0, hostEnd = 0
        if !hostPort.isEmpty {
            guard let range = parseRange(Substring(hostPort)) else {
                return .failure(ShortSyntaxError("invalid hostPort: \(hostPort)"))
            }
            (hostStart, hostEnd) = range
            if end - start != hostEnd - hostStart && end != start {
                return .failure(ShortSyntaxError("invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)"))
            }
        }
        var ports: [Port] = []
        for offset in 0...(end - start) {
            var published: String?
            if !hostPort.isEmpty {
                published = (end == start && hostStart != hostEnd) ? hostPort : String(hostStart + offset)
            }
            ports.append(Port(hostIP: hostIP, published: published, target: start + offset, proto: proto.lowercased()))
        }
        return .success(ports)
    }

    static func isIPAddress(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4 {
            return octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) <= 255 }
        }
        // IPv6: eight groups of up to four hex digits, or fewer with one "::" (an IPv4 tail counts as two).
        guard text.contains(":"), text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var width = 0
        if let last = groups.last, last.contains(".") {
            guard isIPAddress(last), !last.contains(":") else { return false }
            groups.removeLast()
            width = 2
        }
        let compressed = text.contains("::")
        if compressed, let first = text.range(of: "::"), text[first.upperBound...].range(of: "::") != nil { return false }
        let filled = groups.filter { !$0.isEmpty }
        guard filled.allSatisfy({ $0.count <= 4 && !$0.contains(".") }) else { return false }
        width += filled.count
        return compressed ? width <= 7 : width == 8
    }

    /// "80" or "9000-9001" (ends inclusive); nil when not ports.
    static func parseRange(_ text: Substring) -> (Int, Int)? {
        let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let start = port(bounds[0]) else { return nil }
        if bounds.count == 1 { return (start, start) }
        guard let end = port(bounds[1]), end >= start, end - start < 65_536 else { return nil }
        return (start, end)
    }

    private static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.count <= 5,
              let value = Int(text), value <= 65_535 else { return nil }
        return value
    }
}

public struct ShortSyntaxError: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

public enum VolumeSyntax {
    public struct Mount: Equatable, Sendable {
        public var type: String
        public var source: String?
        public var target: String
        public var readOnly: Bool
        /// `z` / `Z` for binds.
        public var selinux: String?
        /// `shared`, `rslave`, ... for binds.
        public var propagation: String?
        public var noCopy: Bool
        public var consistency: String?
    }

    public static func parse(_ spec: String) -> Result<Mount, ShortSyntaxError> {
        let parts = splitParts(spec)
        guard !parts.isEmpty, !spec.isEmpty else { return .failure(ShortSyntaxError("invalid empty volume spec")) }
        if parts.count > 1, parts.contains(where: \.isEmpty) {
            return .failure(ShortSyntaxError("invalid spec: \(spec): empty section between colons"))
        }
        var mount = Mount(type: "volume", source: nil, target: "", readOnly: false, selinux: nil, propagation: nil,
                          noCopy: false, consistency: nil)
        switch parts.count {
        case 1:
            mount.target = parts[0]
        case 2, 3:
            mount.source = parts[0]
            mount.target = parts[1]
            if parts.count == 3 {
                for option in parts[2].split(separator: ",") {
                    switch option {
                    case "ro": mount.readOnly = true
                    case "rw": mount.readOnly = false
                    case "z", "Z": mount.selinux = String(option)
                    case "nocopy": mount.noCopy = true
                    case "shared", "rshared", "slave", "rslave", "private", "rprivate": mount.propagation = String(option)
                    case "cached", "delegated", "consistent": mount.consistency = String(option)
                    default: continue  // Compose ignores options it does not know (`:bogus`, `:copy`).
                    }
                }
            }
        default:
            return .failure(ShortSyntaxError("invalid spec: \(spec): too many colons"))
        }
        if let source = mount.source {
            if source.isEmpty { mount.source = nil } else if isPath(source) { mount.type = "bind" }
        }
        guard !mount.target.isEmpty else { return .failure(ShortSyntaxError("invalid spec: \(spec): empty target")) }
        return .success(mount)
    }

    static func isPath(_ source: String) -> Bool {
        source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~") || isWindowsPath(source)
    }

    static func isWindowsPath(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[1] == UInt8(ascii: ":") else { return false }
        let letter = bytes[0] | 0x20
        return letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z")
    }

    /// Splits on `:` except the one after a Windows drive letter (`C:\data:/data`).
    private static func splitParts(_ spec: String) -> [String] {
        var parts: [String] = []
        var current = ""
        for character in spec {
            if character == ":" {
                if current.count == 1, let letter = current.first, letter.isLetter,
                   parts.isEmpty || parts.count == 1 {
                    current.append(character)
                    continue
                }
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
