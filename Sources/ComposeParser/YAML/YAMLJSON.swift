import SourceSupport

extension YAMLParseResult {
    /// `{"documents": [...]}`: each document as JSON (aliases resolved, core schema), or the first
    /// error. A document whose alias expansion exceeds `limits.maxExpandedNodes` nodes, or whose
    /// expanded nesting exceeds `limits.maxDepth`, is refused before anything is expanded.
    public func documentsJSON(limits: YAMLLimits = .standard) -> Result<JSONValue, ParseDiagnostic> {
        if let error { return .failure(error) }
        var values: [JSONValue] = []
        for document in documents {
            guard let root = document.root else { values.append(.null); continue }
            if let problem = root.expansionProblem(limits: limits) { return .failure(problem) }
            values.append(root.jsonValue)
        }
        return .success(.object([("documents", .array(values))]))
    }
}

extension YAMLNode {
    /// An error if expanding this node's aliases would exceed the limits (checked in O(1)): more
    /// than `maxExpandedNodes` nodes added by aliases, or nesting deeper than `maxDepth`. A large
    /// document without aliases is never refused: walking it is linear in its text.
    public func expansionProblem(limits: YAMLLimits = .standard) -> ParseDiagnostic? {
        if expandedCount - writtenCount > limits.maxExpandedNodes {
            return ParseDiagnostic(
                message: "expanding the aliases of this document would add more than \(limits.maxExpandedNodes) nodes (an alias bomb?)",
                range: range, code: "alias-expansion")
        }
        if expandedDepth > limits.maxDepth {
            return ParseDiagnostic(
                message: "expanding the aliases of this document nests deeper than \(limits.maxDepth) levels",
                range: range, code: "alias-expansion")
        }
        return nil
    }

    /// The node as JSON with aliases expanded. Callers check `expansionProblem` first: the
    /// recursion depth is the node's `expandedDepth`.
    public var jsonValue: JSONValue {
        let node = resolved
        switch node.content {
        case .scalar:
            switch node.coreValue {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .float(let value): return .double(value)
            case .string(let value): return .string(value)
            }
        case .sequence(let items, _):
            return .array(items.map { $0.jsonValue })
        case .mapping(let pairs, _):
            return .object(pairs.map { ($0.key.jsonKey, $0.value.jsonValue) })
        case .alias:
            return .null  // unreachable: `resolved` follows aliases
        }
    }

    /// A mapping key as a JSON object key: scalars by their text, collections as compact JSON.
    var jsonKey: String {
        let node = resolved
        if case .scalar(let text, _) = node.content {
            if case .null = node.coreValue { return "" }
            return text
        }
        return node.jsonValue.serialized()
    }
}
