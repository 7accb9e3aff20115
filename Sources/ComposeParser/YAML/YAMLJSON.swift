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
        // A collection being converted: its children, the next one to visit, and the values so far.
        enum Frame {
            case sequence(YAMLNodeList, next: Int, [JSONValue])
            case mapping(YAMLPairList, next: Int, [(String, JSONValue)])
        }
        var stack: [Frame] = []
        var next: YAMLNode? = self
        var finished: JSONValue = .null
        while true {
            if let node = next?.resolved {
                next = nil
                switch node.content {
                case .sequence(let items, _):
                    stack.append(.sequence(items, next: 0, []))
                case .mapping(let pairs, _):
                    stack.append(.mapping(pairs, next: 0, []))
                default:
                    finished = node.scalarJSON
                    guard !stack.isEmpty else { return finished }
                    deliver(finished, to: &stack)
                }
            }
            // Take the next child of the innermost collection, or close it.
            guard let top = stack.popLast() else { return finished }
            switch top {
            case .sequence(let items, let position, let values):
                if position < items.count {
                    stack.append(.sequence(items, next: position + 1, values))
                    next = items[position]
                    continue
                }
                finished = .array(values)
            case .mapping(let pairs, let position, let members):
                if position < pairs.count {
                    stack.append(.mapping(pairs, next: position, members))
                    next = pairs[position].value
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
            case .sequence(let items, let position, var values):
                values.append(value)
                stack.append(.sequence(items, next: position, values))
            case .mapping(let pairs, let position, var members):
                if position < pairs.count { members.append((pairs[position].key.jsonKey, value)) }
                stack.append(.mapping(pairs, next: position + 1, members))
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
