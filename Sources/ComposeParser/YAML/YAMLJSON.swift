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

    /// The node as JSON with aliases expanded. Built with an explicit stack (no recursion); callers
    /// check `expansionProblem` first, since the work is the node's `expandedCount`.
    public var jsonValue: JSONValue {
        enum Frame {
            case sequence(ArraySlice<YAMLNode>, [JSONValue])
            case mapping(ArraySlice<YAMLPair>, [(String, JSONValue)])
        }
        var stack: [Frame] = []
        var next: YAMLNode? = self
        var finished: JSONValue = .null
        while true {
            if let node = next?.resolved {
                next = nil
                switch node.content {
                case .sequence(let items, _):
                    stack.append(.sequence(items[...], []))
                case .mapping(let pairs, _):
                    stack.append(.mapping(pairs[...], []))
                default:
                    finished = node.scalarJSON
                    guard !stack.isEmpty else { return finished }
                    deliver(finished, to: &stack)
                }
            }
            // Take the next child of the innermost collection, or close it.
            guard let top = stack.popLast() else { return finished }
            switch top {
            case .sequence(let rest, let values):
                if let item = rest.first {
                    stack.append(.sequence(rest.dropFirst(), values))
                    next = item
                    continue
                }
                finished = .array(values)
            case .mapping(let rest, let members):
                if let pair = rest.first {
                    stack.append(.mapping(rest, members))
                    next = pair.value
                    continue
                }
                finished = .object(members)
            }
            guard !stack.isEmpty else { return finished }
            deliver(finished, to: &stack)
        }

        func deliver(_ value: JSONValue, to stack: inout [Frame]) {
            guard let top = stack.popLast() else { return }
            switch top {
            case .sequence(let rest, var values):
                values.append(value)
                stack.append(.sequence(rest, values))
            case .mapping(let rest, var members):
                if let pair = rest.first { members.append((pair.key.jsonKey, value)) }
                stack.append(.mapping(rest.dropFirst(), members))
            }
        }
    }

    var scalarJSON: JSONValue {
        switch coreValue {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .float(let value): return .double(value)
        case .string(let value): return .string(value)
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
