import SourceSupport

/// Finds keys that repeat in one mapping. Scalar keys are compared by tag and core-schema value
/// (`1` and `0x1` are the same key; `"1"` is not). Small mappings, the common case, are checked
/// with a linear scan; a dictionary is built only past `linearLimit` keys.
struct DuplicateKeyTracker {
    private struct Identity: Hashable {
        var tag: String?
        var value: YAMLScalarValue
    }

    private static let linearLimit = 16
    private var identities: [(identity: Identity, index: Int)] = []
    private var index: [Identity: Int] = [:]
    private var duplicates: [(first: Int, again: Int)] = []

    mutating func add(_ key: YAMLNode, at position: Int) {
        let node = key.resolved
        guard case .scalar(let text, let style) = node.content else { return }
        let identity = Identity(tag: node.tag, value: YAMLCoreSchema.resolve(text, style: style, tag: node.tag))
        if identities.count < Self.linearLimit {
            if let first = identities.first(where: { $0.identity == identity }) {
                duplicates.append((first.index, position))
            } else {
                identities.append((identity, position))
                if identities.count == Self.linearLimit {
                    for entry in identities { index[entry.identity] = entry.index }
                }
            }
            return
        }
        if let first = index[identity] {
            duplicates.append((first, position))
        } else {
            index[identity] = position
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
