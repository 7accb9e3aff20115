import SourceSupport

/// Finds keys that repeat in one mapping. Scalar keys are the same when their tags are and they
/// resolve to the same core-schema value (`1` and `0x1` are; `1` and `"1"` are not). String keys,
/// the common case, are compared by text: linearly in small mappings, through a dictionary past
/// `linearLimit` keys.
struct DuplicateKeyTracker {
    private struct Identity: Hashable {
        var tag: String?
        var value: YAMLScalarValue
    }

    private static let linearLimit = 16
    /// Untagged keys whose value is a string (most keys): compared by text alone.
    private var stringKeys: [(text: String, index: Int)] = []
    private var stringIndex: [String: Int]? = nil
    /// Every other scalar key (tagged, or a plain null, bool or number).
    private var otherKeys: [Identity: Int] = [:]
    private var duplicates: [(first: Int, again: Int)] = []

    mutating func add(_ key: YAMLNode, to pairs: [YAMLPair]) {
        let position = pairs.count
        let node = key.resolved
        guard case .scalar(let text, let style) = node.content else { return }
        var stringText = text
        if node.tag != nil || (style == .plain && Self.mayResolveToNonString(text)) {
            let value = YAMLCoreSchema.resolve(text, style: style, tag: node.tag)
            guard node.tag == nil, case .string(let resolved) = value else {
                let identity = Identity(tag: node.tag, value: value)
                if let first = otherKeys[identity] { duplicates.append((first, position)) } else { otherKeys[identity] = position }
                return
            }
            stringText = resolved
        }
        if stringIndex == nil {
            if let first = stringKeys.first(where: { $0.text == stringText }) {
                duplicates.append((first.index, position))
                return
            }
            if stringKeys.isEmpty { stringKeys.reserveCapacity(8) }
            stringKeys.append((stringText, position))
            if stringKeys.count > Self.linearLimit {
                var built: [String: Int] = [:]
                for entry in stringKeys { built[entry.text] = entry.index }
                stringIndex = built
            }
            return
        }
        if let first = stringIndex?[stringText] {
            duplicates.append((first, position))
        } else {
            stringIndex?[stringText] = position
        }
    }

    private static func mayResolveToNonString(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    func report(_ pairs: [YAMLPair], into warnings: inout [ParseDiagnostic]) {
        for (first, again) in duplicates {
            let key = pairs[again].key
            let name = key.resolved.scalarText ?? ""
            warnings.append(ParseDiagnostic(
                severity: .warning,
                message: "duplicate mapping key '\(name)' (the first one is at line \(pairs[first].key.range.start.line))",
                range: key.range, code: "duplicate-key", related: [pairs[first].key.range]))
        }
    }
}
