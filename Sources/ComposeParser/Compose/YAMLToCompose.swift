import SourceSupport

/// Turns a YAML document into a `ComposeNode` tree the way Compose's YAML reader sees it: aliases
/// expanded, `<<` merge keys applied (one mapping or a list, earlier ones winning, explicit keys
/// winning over merged ones), plain scalars typed by the core schema, duplicate keys refused.
struct YAMLToCompose {
    let file: String
    let limits: YAMLLimits
    private(set) var diagnostics: [ParseDiagnostic] = []
    private var expandedNodes = 0
    private var budgetExceeded = false

    /// Far above any real project (a 10,000-line file has some 20,000 nodes), low enough that an alias bomb
    /// costs a linter run well under a second.
    static let maxComposeNodes = 200_000

    init(file: String, limits: YAMLLimits = .standard) {
        self.file = file
        self.limits = limits
    }

    mutating func convert(_ node: YAMLNode) -> ComposeNode {
        convert(node, depth: 0, path: [])
    }

    private mutating func convert(_ written: YAMLNode, depth: Int, path: [String]) -> ComposeNode {
        expandedNodes += 1
        let node = written.resolved
        let range = written.range
        let mergeTag = (node.tag == "!reset" || node.tag == "!override") ? node.tag : nil
        if expandedNodes > min(limits.maxExpandedNodes, Self.maxComposeNodes) || depth > limits.maxDepth {
            if !budgetExceeded {
                budgetExceeded = true
                diagnostics.append(ParseDiagnostic(message: "document too large or too deeply nested once aliases are expanded",
                                                   range: range, code: "parse-error"))
            }
            return ComposeNode(.null, file: file, range: range)
        }
        switch node.content {
        case .scalar(let text, let style):
            let content: ComposeNode.Content
            if let tag = node.tag, tag != "!" , mergeTag == nil {
                content = Self.taggedScalar(text, tag: tag)
            } else if style == .plain && node.tag != "!" {
                content = Self.resolvePlain(text)
            } else {
                content = .string(text)
            }
            return ComposeNode(content, file: file, range: range, tag: mergeTag)
        case .sequence(let items, _):
            let converted = items.map { convert($0, depth: depth + 1, path: path + ["[]"]) }
            return ComposeNode(.sequence(converted), file: file, range: range, tag: mergeTag)
        case .mapping(let pairs, _):
            return ComposeNode(.mapping(convertMapping(pairs, depth: depth, path: path)), file: file, range: range, tag: mergeTag)
        case .alias:
            return ComposeNode(.null, file: file, range: range)
        }
    }

    private mutating func convertMapping(_ pairs: YAMLPairList, depth: Int, path: [String]) -> [ComposeEntry] {
        var explicit: [ComposeEntry] = []
        var seen: [String: SourceRange] = [:]
        var merged: [ComposeEntry] = []
        for pair in pairs {
            let keyNode = pair.key.resolved
            let key = keyText(keyNode)
            if key == "<<" && keyNode.tag == nil, case .scalar(_, .plain) = keyNode.content {
                merged.append(contentsOf: mergeSources(pair.value, depth: depth, path: path))
                continue
            }
            if isNonStringKey(keyNode) {
                // Compose's reader wants string keys: `1: x` or `true: x` is refused.
                let location = path.isEmpty ? "at top level" : "in " + path.joined(separator: ".")
                diagnostics.append(ParseDiagnostic(message: "non-string key \(location): \(key)", range: pair.key.range, code: "compose-invalid"))
            }
            if let first = seen[key] {
                diagnostics.append(ParseDiagnostic(
                    message: "mapping key \"\(key)\" already defined at line \(first.start.line)",
                    range: pair.key.range, code: "compose-invalid", related: [first]))
                continue
            }
            seen[key] = pair.key.range
            explicit.append(ComposeEntry(key: key, keyRange: pair.key.range, value: convert(pair.value, depth: depth + 1, path: path + [key])))
        }
        guard !merged.isEmpty else { return explicit }
        // Merged keys come first, explicit keys override them; among merged sources the first wins.
        var result: [ComposeEntry] = []
        var taken = Set(explicit.map(\.key))
        for entry in merged where !taken.contains(entry.key) {
            taken.insert(entry.key)
            result.append(entry)
        }
        return result + explicit
    }

    private mutating func mergeSources(_ value: YAMLNode, depth: Int, path: [String]) -> [ComposeEntry] {
        let resolved = value.resolved
        switch resolved.content {
        case .mapping:
            return convert(value, depth: depth + 1, path: path).entries ?? []
        case .sequence(let items, _):
            var entries: [ComposeEntry] = []
            for item in items {
                guard case .mapping = item.resolved.content else {
                    diagnostics.append(ParseDiagnostic(message: "map merge requires map or sequence of maps as the value",
                                                       range: item.range, code: "compose-invalid"))
                    continue
                }
                entries.append(contentsOf: convert(item, depth: depth + 1, path: path).entries ?? [])
            }
            return entries
        default:
            diagnostics.append(ParseDiagnostic(message: "map merge requires map or sequence of maps as the value",
                                               range: value.range, code: "compose-invalid"))
            return []
        }
    }

    private func isNonStringKey(_ node: YAMLNode) -> Bool {
        guard case .scalar(let text, .plain) = node.content, node.tag == nil else { return false }
        switch Self.resolvePlain(text) {
        case .string, .null: return false
        default: return true
        }
    }

    private func keyText(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, let style):
            if style == .plain, node.tag == nil {
                let content = Self.resolvePlain(text)
                if case .null = content { return "null" }
                return ComposeNode(content, file: file, range: node.range).scalarText ?? text
            }
            return text
        default:
            return "<complex key>"
        }
    }

    static func taggedScalar(_ text: String, tag: String) -> ComposeNode.Content {
        switch tag {
        case "tag:yaml.org,2002:str": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let resolved = resolvePlain(text)
            if case .string = resolved { return .string(text) }
            return resolved
        default: return resolvePlain(text)
        }
    }

    /// The YAML 1.2 core schema as Compose's reader applies it (also 0777 octals and `_` separators).
    static func resolvePlain(_ text: String) -> ComposeNode.Content {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else { return .string(text) }
        let plain = String(text.filter { $0 != "_" })
        if let value = parseGoInt(plain) { return .int(value) }
        // Compose's reader keeps integers past Int64 as unsigned; only their digits matter downstream.
        if let unsigned = UInt64(plain.hasPrefix("+") ? String(plain.dropFirst()) : plain) { return .string(String(unsigned)) }
        if isYAMLFloat(plain), let value = Double(plain) { return .float(value) }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then 0x / 0o / 0b / leading-0 octal or decimal.
    static func parseGoInt(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("-") { negative = true; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1 && body.hasPrefix("0") { radix = 8; body = body.dropFirst() }
        guard !body.isEmpty, let magnitude = Int(body, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    static func isYAMLFloat(_ text: String) -> Bool {
        // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
        var bytes = Array(text.utf8)[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits(_ slice: inout ArraySlice<UInt8>) -> Int {
            var count = 0
            while let byte = slice.first, byte >= 0x30 && byte <= 0x39 { slice = slice.dropFirst(); count += 1 }
            return count
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        } else {
            guard digits(&bytes) > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); _ = digits(&bytes) }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
