import SourceSupport

/// Builds documents of `YAMLNode`s from the scanner's tokens by recursive descent. Recursion is
/// bounded by `YAMLLimits.maxDepth`, so hostile nesting ends in an error, never a stack overflow.
struct YAMLTreeBuilder {
    var scanner: YAMLScanner
    let limits: YAMLLimits
    var depth = 0
    var anchors: [String: YAMLNode] = [:]
    var tagHandles: [String: String] = [:]
    var documents: [YAMLDocument] = []
    var warnings: [ParseDiagnostic] = []
    let lineTable: LineTable
    /// End of the last token consumed: where an enclosing collection ends.
    var lastEnd = SourcePosition(offset: 0, line: 1, column: 1)

    init(bytes: [UInt8], limits: YAMLLimits, lineTable: LineTable) {
        scanner = YAMLScanner(bytes: bytes, maxDepth: limits.maxDepth)
        self.limits = limits
        self.lineTable = lineTable
    }

    // MARK: - Tokens

    mutating func peek() throws(YAMLSyntaxError) -> YAMLToken { try scanner.peekToken() }

    @discardableResult
    mutating func next() throws(YAMLSyntaxError) -> YAMLToken {
        let token = try scanner.nextToken()
        lastEnd = token.end
        return token
    }

    func fail(_ message: String, at token: YAMLToken) -> YAMLSyntaxError {
        YAMLSyntaxError(message: message, position: token.start)
    }

    // MARK: - Stream and documents

    mutating func parseStream() throws(YAMLSyntaxError) {
        _ = try next()  // stream start
        var directivesAllowed = true
        while true {
            var token = try peek()
            if case .streamEnd = token.kind { return }
            if case .documentEnd = token.kind {
                try next()
                directivesAllowed = true
                continue
            }
            tagHandles = [:]
            anchors = [:]
            var sawVersion = false
            var sawDirective = false
            while true {
                switch token.kind {
                case .versionDirective(let major, _):
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                    guard !sawVersion else { throw fail("found a second %YAML directive for one document", at: token) }
                    guard major == 1 else { throw fail("unsupported YAML version (this parser reads YAML 1.x)", at: token) }
                    sawVersion = true
                case .tagDirective(let handle, let prefix):
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                    guard tagHandles[handle] == nil else { throw fail("found a second %TAG directive for the handle \(handle)", at: token) }
                    tagHandles[handle] = prefix
                case .reservedDirective:
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                default:
                    break
                }
                if case .versionDirective = token.kind {} else if case .tagDirective = token.kind {} else if case .reservedDirective = token.kind {} else { break }
                sawDirective = true
                try next()
                token = try peek()
            }
            let start = token.start
            var root: YAMLNode?
            if case .documentStart = token.kind {
                try next()
                let after = try peek()
                switch after.kind {
                case .documentStart, .documentEnd, .streamEnd, .versionDirective, .tagDirective, .reservedDirective:
                    root = nil
                default:
                    root = try parseNode(block: true, indentlessSequence: false)
                }
            } else {
                if sawDirective { throw fail("expected '---' after the directives", at: token) }
                root = try parseNode(block: true, indentlessSequence: false)
            }
            let after = try peek()
            switch after.kind {
            case .documentStart, .streamEnd:
                directivesAllowed = false
            case .documentEnd:
                break
            case .versionDirective, .tagDirective, .reservedDirective:
                throw fail("a directive must come after '...' ending the previous document", at: after)
            default:
                throw fail("expected the end of the document, but found \(after.description)", at: after)
            }
            documents.append(YAMLDocument(root: root, range: SourceRange(start: start, end: lastEnd)))
        }
    }

    // MARK: - Nodes

    mutating func emptyScalar(at position: SourcePosition, tag: String? = nil, anchor: String? = nil) -> YAMLNode {
        let node = YAMLNode(content: .scalar("", .plain), tag: tag, anchor: anchor, range: SourceRange(at: position))
        if let anchor { anchors[anchor] = node }
        return node
    }

    mutating func parseNode(block: Bool, indentlessSequence: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        var token = try peek()
        if case .alias(let name) = token.kind {
            try next()
            guard let target = anchors[name] else { throw fail("found an alias to the undefined anchor '\(name)'", at: token) }
            return YAMLNode(content: .alias(name, target: target), range: token.range)
        }
        var anchor: String?
        var tag: String?
        var propertiesEnd: SourcePosition?
        while true {
            if case .anchor(let name) = token.kind {
                guard anchor == nil else { throw fail("a node can have only one anchor", at: token) }
                anchor = name
            } else if case .tag(let handle, let suffix) = token.kind {
                guard tag == nil else { throw fail("a node can have only one tag", at: token) }
                tag = try resolveTag(handle: handle, suffix: suffix, token: token)
            } else {
                break
            }
            try next()
            propertiesEnd = token.end
            token = try peek()
        }
        let node: YAMLNode
        switch token.kind {
        case .scalar(let text, let style):
            try next()
            node = YAMLNode(content: .scalar(text, style), tag: tag, anchor: anchor, range: token.range)
        case .flowSequenceStart:
            node = try parseFlowSequence(tag: tag, anchor: anchor)
        case .flowMappingStart:
            node = try parseFlowMapping(tag: tag, anchor: anchor)
        case .blockSequenceStart where block:
            node = try parseBlockSequence(tag: tag, anchor: anchor)
        case .blockMappingStart where block:
            node = try parseBlockMapping(tag: tag, anchor: anchor)
        case .blockEntry where block && indentlessSequence:
            node = try parseIndentlessSequence(tag: tag, anchor: anchor)
        case .alias:
            throw fail("an alias cannot have an anchor or a tag", at: token)
        default:
            guard let propertiesEnd else {
                throw fail("expected a node, but found \(token.description)", at: token)
            }
            return emptyScalar(at: propertiesEnd, tag: tag, anchor: anchor)
        }
        if let anchor { anchors[anchor] = node }
        return node
    }

    mutating func resolveTag(handle: String, suffix: String, token: YAMLToken) throws(YAMLSyntaxError) -> String {
        if handle.isEmpty { return suffix }
        if handle == "!", suffix.isEmpty { return "!" }
        if let prefix = tagHandles[handle] { return prefix + suffix }
        switch handle {
        case "!": return "!" + suffix
        case "!!": return "tag:yaml.org,2002:" + suffix
        default: throw fail("found the undefined tag handle \(handle) (declare it with %TAG)", at: token)
        }
    }

    mutating func enter(_ token: YAMLToken) throws(YAMLSyntaxError) {
        depth += 1
        if depth > limits.maxDepth { throw fail("nesting is deeper than \(limits.maxDepth) levels", at: token) }
    }

    // MARK: - Block collections

    mutating func parseBlockSequence(tag: String?, anchor: String?) throws(YAMLSyntaxError) -> YAMLNode {
        let startToken = try next()
        try enter(startToken)
        var items: [YAMLNode] = []
        while true {
            let token = try peek()
            guard case .blockEntry = token.kind else {
                if case .blockEnd = token.kind { break }
                throw fail("expected a sequence entry '-' or the end of the sequence, but found \(token.description)", at: token)
            }
            try next()
            let after = try peek()
            switch after.kind {
            case .blockEntry, .blockEnd: items.append(emptyScalar(at: token.end))
            default: items.append(try parseNode(block: true, indentlessSequence: false))
            }
        }
        let end = lastEnd
        try next()  // block end
        depth -= 1
        return YAMLNode(content: .sequence(items, .block), tag: tag, anchor: anchor, range: SourceRange(start: startToken.start, end: end))
    }

    mutating func parseIndentlessSequence(tag: String?, anchor: String?) throws(YAMLSyntaxError) -> YAMLNode {
        let startToken = try peek()
        try enter(startToken)
        var items: [YAMLNode] = []
        while true {
            let token = try peek()
            guard case .blockEntry = token.kind else { break }
            try next()
            let after = try peek()
            switch after.kind {
            case .blockEntry, .key, .value, .blockEnd: items.append(emptyScalar(at: token.end))
            default: items.append(try parseNode(block: true, indentlessSequence: false))
            }
        }
        depth -= 1
        return YAMLNode(content: .sequence(items, .block), tag: tag, anchor: anchor, range: SourceRange(start: startToken.start, end: lastEnd))
    }

    mutating func parseBlockMapping(tag: String?, anchor: String?) throws(YAMLSyntaxError) -> YAMLNode {
        let startToken = try next()
        try enter(startToken)
        var pairs: [YAMLPair] = []
        var keys = DuplicateKeyTracker()
        while true {
            var token = try peek()
            let key: YAMLNode
            switch token.kind {
            case .key:
                try next()
                let after = try peek()
                switch after.kind {
                case .key, .value, .blockEnd: key = emptyScalar(at: token.end)
                default: key = try parseNode(block: true, indentlessSequence: true)
                }
                token = try peek()
            case .value:
                key = emptyScalar(at: token.start)
            case .blockEnd:
                let end = lastEnd
                try next()
                depth -= 1
                keys.report(pairs, into: &warnings)
                return YAMLNode(content: .mapping(pairs, .block), tag: tag, anchor: anchor, range: SourceRange(start: startToken.start, end: end))
            default:
                throw fail("expected a mapping key or the end of the mapping, but found \(token.description) (is the indentation right?)", at: token)
            }
            var value: YAMLNode
            if case .value = token.kind {
                try next()
                let after = try peek()
                switch after.kind {
                case .key, .value, .blockEnd: value = emptyScalar(at: token.end)
                default: value = try parseNode(block: true, indentlessSequence: true)
                }
            } else {
                value = emptyScalar(at: key.range.end)
            }
            keys.add(key, at: pairs.count)
            pairs.append(YAMLPair(key: key, value: value))
        }
    }

    // MARK: - Flow collections

    mutating func parseFlowSequence(tag: String?, anchor: String?) throws(YAMLSyntaxError) -> YAMLNode {
        let startToken = try next()
        try enter(startToken)
        var items: [YAMLNode] = []
        while true {
            var token = try peek()
            if case .flowSequenceEnd = token.kind { break }
            if !items.isEmpty {
                guard case .flowEntry = token.kind else { throw fail("expected ',' or ']' in the flow sequence, but found \(token.description)", at: token) }
                try next()
                token = try peek()
                if case .flowSequenceEnd = token.kind { break }
            }
            switch token.kind {
            case .key:
                try next()
                items.append(try parseFlowPair(start: token.start, explicitKey: true, closing: .flowSequenceEnd))
            case .value:
                items.append(try parseFlowPair(start: token.start, explicitKey: false, closing: .flowSequenceEnd))
            case .flowEntry:
                throw fail("found ',' without an entry before it in the flow sequence", at: token)
            default:
                let node = try parseNode(block: false, indentlessSequence: false)
                let after = try peek()
                if case .value = after.kind {
                    throw fail("an implicit key in a flow sequence must be on a single line", at: after)
                }
                items.append(node)
            }
        }
        try next()
        depth -= 1
        return YAMLNode(content: .sequence(items, .flow), tag: tag, anchor: anchor, range: SourceRange(start: startToken.start, end: lastEnd))
    }

    /// `[ key: value ]` or `[ ? key : value ]`: a single-pair mapping inside a flow sequence.
    mutating func parseFlowPair(start: SourcePosition, explicitKey: Bool, closing: YAMLToken.Kind) throws(YAMLSyntaxError) -> YAMLNode {
        let (key, value) = try parseFlowEntryContent(keyStart: start, explicitKey: explicitKey)
        let pair = YAMLPair(key: key, value: value)
        return YAMLNode(content: .mapping([pair], .flow), range: SourceRange(start: start, end: lastEnd))
    }

    /// After KEY (or at VALUE): the key node, then `: value` if present.
    mutating func parseFlowEntryContent(keyStart: SourcePosition, explicitKey: Bool) throws(YAMLSyntaxError) -> (YAMLNode, YAMLNode) {
        var token = try peek()
        let key: YAMLNode
        switch token.kind {
        case .value, .flowEntry, .flowSequenceEnd, .flowMappingEnd: key = emptyScalar(at: explicitKey ? lastEnd : token.start)
        default: key = try parseNode(block: false, indentlessSequence: false)
        }
        token = try peek()
        guard case .value = token.kind else { return (key, emptyScalar(at: key.range.end)) }
        try next()
        let after = try peek()
        switch after.kind {
        case .flowEntry, .flowSequenceEnd, .flowMappingEnd: return (key, emptyScalar(at: token.end))
        default: return (key, try parseNode(block: false, indentlessSequence: false))
        }
    }

    mutating func parseFlowMapping(tag: String?, anchor: String?) throws(YAMLSyntaxError) -> YAMLNode {
        let startToken = try next()
        try enter(startToken)
        var pairs: [YAMLPair] = []
        var keys = DuplicateKeyTracker()
        while true {
            var token = try peek()
            if case .flowMappingEnd = token.kind { break }
            if !pairs.isEmpty {
                guard case .flowEntry = token.kind else { throw fail("expected ',' or '}' in the flow mapping, but found \(token.description)", at: token) }
                try next()
                token = try peek()
                if case .flowMappingEnd = token.kind { break }
            }
            let entry: (YAMLNode, YAMLNode)
            switch token.kind {
            case .key:
                try next()
                entry = try parseFlowEntryContent(keyStart: token.start, explicitKey: true)
            case .flowEntry:
                throw fail("found ',' without an entry before it in the flow mapping", at: token)
            default:
                entry = try parseFlowEntryContent(keyStart: token.start, explicitKey: false)
            }
            keys.add(entry.0, at: pairs.count)
            pairs.append(YAMLPair(key: entry.0, value: entry.1))
        }
        try next()
        depth -= 1
        keys.report(pairs, into: &warnings)
        return YAMLNode(content: .mapping(pairs, .flow), tag: tag, anchor: anchor, range: SourceRange(start: startToken.start, end: lastEnd))
    }
}

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
