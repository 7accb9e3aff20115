import SourceSupport

/// The resolved project in the JSON shape of `docker compose config --format json`.
enum JSONOutput {
    static func project(_ root: ComposeNode, name: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        for entry in root.entries ?? [] {
            switch entry.key {
            case "name", "version", "include": continue
            case "services":
                members.append(("services", .object((entry.value.entries ?? []).map { ($0.key, service($0.value)) })))
            case "networks", "volumes", "secrets", "configs":
                members.append((entry.key, omittingFalse(json(entry.value))))
            default:
                members.append((entry.key, json(entry.value)))
            }
        }
        return .object(members)
    }

    static func service(_ node: ComposeNode) -> JSONValue {
        var members: [(String, JSONValue)] = []
        for entry in node.entries ?? [] {
            // Compose leaves empty lists and maps out of its output (command/entrypoint excepted).
            if isEmptyCollection(entry.value) && entry.key != "command" && entry.key != "entrypoint" { continue }
            switch entry.key {
            case "build":
                members.append((entry.key, .object((entry.value.entries ?? []).compactMap { pair in
                    isEmptyCollection(pair.value) ? nil : (pair.key, json(pair.value))
                })))
            case "healthcheck":
                members.append((entry.key, .object((entry.value.entries ?? []).map { pair in
                    ["interval", "timeout", "start_period", "start_interval"].contains(pair.key)
                        ? (pair.key, duration(pair.value)) : (pair.key, json(pair.value))
                })))
            case "privileged", "read_only", "tty", "stdin_open", "oom_kill_disable":
                // Compose leaves false booleans out of its output.
                if case .bool(false) = entry.value.content { continue }
                members.append((entry.key, json(entry.value)))
            case "secrets", "configs":
                // File modes print in octal, as Compose writes them ("0440").
                members.append((entry.key, .array((entry.value.items ?? []).map { reference in
                    .object((reference.entries ?? []).map { pair in
                        if pair.key == "mode", case .int(let mode) = pair.value.content {
                            return (pair.key, .string("0" + String(mode, radix: 8)))
                        }
                        return (pair.key, json(pair.value))
                    })
                })))
            case "volumes":
                members.append((entry.key, .array((entry.value.items ?? []).map(volume))))
            case "stop_grace_period":
                members.append((entry.key, duration(entry.value)))
            case "mem_limit", "memswap_limit", "mem_reservation", "shm_size":
                if let text = entry.value.scalarText, let bytes = ByteSize.parse(text) {
                    members.append((entry.key, .string(String(bytes))))
                } else {
                    members.append((entry.key, json(entry.value)))
                }
            default:
                members.append((entry.key, json(entry.value)))
            }
        }
        for key in ["command", "entrypoint"] where node[key] == nil { members.append((key, .null)) }
        return .object(members.map { $0.0.hasPrefix("x-") ? $0 : ($0.0, omittingFalse($0.1)) })
    }

    /// Compose leaves false booleans out of nested settings (`create_host_path: false`, `read_only: false`);
    /// `depends_on`'s `required` is the exception it always prints.
    static func omittingFalse(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.compactMap { key, member in
                if member == .bool(false) && key != "required" { return nil }
                return (key, key.hasPrefix("x-") ? member : omittingFalse(member))
            })
        case .array(let items):
            return .array(items.map(omittingFalse))
        default:
            return value
        }
    }

    /// A long-syntax volume; tmpfs sizes print in bytes.
    private static func volume(_ node: ComposeNode) -> JSONValue {
        guard var tmpfs = node["tmpfs"], let size = tmpfs["size"], let text = size.scalarText,
              let bytes = ByteSize.parse(text) else { return json(node) }
        tmpfs.set("size", size.with(.string(String(bytes))))
        var node = node
        node.set("tmpfs", tmpfs)
        return json(node)
    }

    static func isEmptyCollection(_ node: ComposeNode) -> Bool {
        switch node.content {
        case .mapping(let entries): return entries.isEmpty
        case .sequence(let items): return items.isEmpty
        default: return false
        }
    }

    /// Generic conversion; Compose prints every `$` of a string as `$$` so the output can be read back.
    static func json(_ node: ComposeNode) -> JSONValue {
        switch node.content {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .float(let value): return .double(value)
        case .string(let text): return .string(escapeDollars(text))
        case .sequence(let items): return .array(items.map(json))
        case .mapping(let entries): return .object(entries.map { ($0.key, json($0.value)) })
        }
    }

    static func escapeDollars(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var out = ""
        for character in text {
            if character == "$" { out += "$$" } else { out.append(character) }
        }
        return out
    }

    private static func duration(_ node: ComposeNode) -> JSONValue {
        guard let text = node.scalarText, let nanoseconds = GoDuration.parse(text) else { return json(node) }
        return .string(GoDuration.format(nanoseconds))
    }
}

/// Go's `time.Duration` text: "1m30s", "500ms", "1h0m0s".
enum GoDuration {
    static func parse(_ text: String) -> Int? {
        if text == "0" { return 0 }
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() } else if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return nil }
        var total = 0.0
        while !bytes.isEmpty {
            var number = ""
            while let byte = bytes.first, (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") {
                number.append(Character(UnicodeScalar(byte)))
                bytes = bytes.dropFirst()
            }
            var unit = ""
            while let byte = bytes.first, !((byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".")) {
                unit.append(Character(UnicodeScalar(byte)))
                bytes = bytes.dropFirst()
            }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
        }
        guard total < 9.2e18 else { return nil }
        return Int(total.rounded()) * (negative ? -1 : 1)
    }

    static func format(_ nanoseconds: Int) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let value = abs(nanoseconds)
        if value < 1_000 { return sign + "\(value)ns" }
        if value < 1_000_000 { return sign + fraction(value, unit: 1_000) + "µs" }
        if value < 1_000_000_000 { return sign + fraction(value, unit: 1_000_000) + "ms" }
        let hours = value / 3_600_000_000_000
        let minutes = (value / 60_000_000_000) % 60
        let seconds = fraction(value % 60_000_000_000, unit: 1_000_000_000) + "s"
        if hours > 0 { return sign + "\(hours)h\(minutes)m" + seconds }
        if minutes > 0 { return sign + "\(minutes)m" + seconds }
        return sign + seconds
    }

    private static func fraction(_ value: Int, unit: Int) -> String {
        let whole = value / unit
        var remainder = value % unit
        guard remainder != 0 else { return String(whole) }
        var digits = ""
        var scale = unit / 10
        while remainder != 0 && scale > 0 {
            digits.append(Character(String(remainder / scale)))
            remainder %= scale
            scale /= 10
        }
        return "\(whole).\(digits)"
    }
}

/// Docker's memory sizes: "256m" → 268435456 (binary units, case-insensitive, optional "b").
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let lower = text.lowercased()
        var number = ""
        var suffix = ""
        for character in lower {
            if suffix.isEmpty && (character.isNumber || character == ".") { number.append(character) } else { suffix.append(character) }
        }
        guard let value = Double(number) else { return nil }
        let multiplier: Double
        switch suffix.trimmingCharacters(in: " ") {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1024
        case "m", "mb", "mib": multiplier = 1024 * 1024
        case "g", "gb", "gib": multiplier = 1024 * 1024 * 1024
        case "t", "tb", "tib": multiplier = 1024 * 1024 * 1024 * 1024
        case "p", "pb", "pib": multiplier = 1024 * 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        let bytes = value * multiplier
        guard bytes < 9e18 else { return nil }
        return Int(bytes)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(Substring(self).drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
