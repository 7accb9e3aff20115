import SourceSupport

/// Finds keys that repeat in one mapping (compared by their core-schema value and tag).
struct DuplicateKeyTracker {
    private var seen: [DuplicateKey: Int] = [:]
    private var duplicates: [(first: Int, again: Int)] = []

    private struct DuplicateKey: Hashable {
        var tag: String?
        var value: YAMLScalarValue
    }

    mutating func add(_ key: YAMLNode, at index: Int) {
        let node = key.resolved
        guard case .scalar = node.content else { return }
        let identity = DuplicateKey(tag: node.tag, value: node.coreValue)
        if let first = seen[identity] {
            duplicates.append((first, index))
        } else {
            seen[identity] = index
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
