import SourceSupport

// Node building as a loop over an explicit stack of open collections. Each open collection is a
// small state machine: `advance` reads its next tokens and either finishes it or asks for a child
// node; `deliver` hands it a finished child.
extension YAMLTreeBuilder {
    /// Where a node is read: block context allows block collections, `indentless` also a
    /// `- item` sequence at its parent mapping's indentation.
    struct NodeRequest {
        var block: Bool
        var indentless: Bool
    }

    /// Progress through one `key: value` entry of a mapping (block or flow) or a flow pair.
    enum EntryState {
        case expectingKey
        case waitingForKey
        /// The key node's index.
        case afterKey(Int32)
        case waitingForValue(Int32)
        /// A block mapping opened by a scanner shortcut: its first key and ':' were read, its
        /// value comes next (`lastEnd` is the ':' end).
        case afterColon(Int32)
        /// A block sequence opened by a scanner shortcut: its first `-` was read, its item comes
        /// next (`lastEnd` is the `-` end).
        case afterEntry
    }

    enum CollectionKind {
        case blockSequence, indentlessSequence, flowSequence
        case blockMapping, flowMapping
        /// `[ key: value ]`: a single-pair mapping inside a flow sequence.
        case flowPair
    }

    /// A collection being read. Its children so far sit at the top of the builder's shared
    /// `openChildren` stack (from `childBase` on): no array per open collection; they are copied
    /// to the arena's `children` in one slice when it finishes.
    /// A struct kept in the builder's stack array (changed in place): no allocation per collection.
    struct OpenCollection {
        let kind: CollectionKind
        let start: SourcePosition
        /// Index of the tag and anchor in the arena's `properties`, or -1 (most).
        let properties: Int32
        let childBase: Int
        var entry: EntryState
        /// Flow collections: no entry read yet (so no ',' is due).
        var first = true
        /// Flow sequences: an item was read and the token after it is still to be checked.
        var waitingForItem = false

        init(kind: CollectionKind, start: SourcePosition, properties: Int32, childBase: Int, entry: EntryState) {
            self.kind = kind
            self.start = start
            self.properties = properties
            self.childBase = childBase
            self.entry = entry
        }
    }

    /// A new open collection whose children start at the current top of the shared stack.
    mutating func open(_ kind: CollectionKind, start: SourcePosition, tag: String? = nil, anchor: String? = nil,
                       entry: EntryState = .expectingKey) -> Step {
        .open(OpenCollection(kind: kind, start: start, properties: addProperties(tag: tag, anchor: anchor),
                             childBase: openChildren.count, entry: entry))
    }

    enum Step {
        case needNode(NodeRequest)
        case open(OpenCollection)
        /// The finished node's index.
        case finished(Int32)
    }

    /// The root node's index.
    mutating func parseRootNode() throws(YAMLSyntaxError) -> Int {
        var stack: [OpenCollection] = []
        var step = try beginNode(NodeRequest(block: true, indentless: false))
        while true {
            switch step {
            case .needNode(let request):
                step = try beginNode(request)
                continue
            case .open(let collection):
                if stack.count >= limits.maxDepth {
                    throw YAMLSyntaxError(message: "nesting is deeper than \(limits.maxDepth) levels", position: collection.start)
                }
                stack.append(collection)
            case .finished(let node):
                if stack.isEmpty { return Int(node) }
                deliver(node, to: &stack[stack.count - 1])
            }
            step = try advance(&stack[stack.count - 1])
            // A finished top collection becomes a child of the one below it.
            if case .finished = step { stack.removeLast() }
        }
    }

    // MARK: - Starting a node

    /// Reads a node's properties and either the whole node (scalar, alias, empty) or the start of
    /// a collection.
    mutating func beginNode(_ request: NodeRequest) throws(YAMLSyntaxError) -> Step {
        var token = try peek()
        if token.kind == .alias {
            // Taken first: `scanner.text(of: try next())` would copy the scanner to read it
            // while `next` changes it.
            try skip()
            return .finished(try alias(from: token.start, to: token.end))
        }
        var anchor: String?
        var tag: String?
        var propertiesEnd: SourcePosition?
        while true {
            if token.kind == .anchor {
                guard anchor == nil else { throw fail("a node can have only one anchor", at: token) }
                let anchorToken = try next()
                anchor = scanner.text(of: anchorToken)
            } else if token.kind == .tag {
                guard tag == nil else { throw fail("a node can have only one tag", at: token) }
                let full = try next()
                tag = try resolveTag(handle: scanner.text(of: full), suffix: scanner.suffix(of: full), token: full)
            } else {
                break
            }
            propertiesEnd = token.end
            token = try peek()
        }
        let kind: CollectionKind
        switch token.kind {
        case .scalar:
            let node = try scalar(token, tag: tag, anchor: anchor)
            if let anchor { anchors[anchor] = node }
            return .finished(node)
        case .flowSequenceStart: kind = .flowSequence
        case .flowMappingStart: kind = .flowMapping
        case .blockSequenceStart where request.block: kind = .blockSequence
        case .blockMappingStart where request.block: kind = .blockMapping
        case .blockEntry where request.block && request.indentless:
            return open(.indentlessSequence, start: token.start, tag: tag, anchor: anchor)
        case .alias:
            throw fail("an alias cannot have an anchor or a tag", at: token)
        default:
            guard let propertiesEnd else { throw fail("expected a node, but found \(token.description)", at: token) }
            return .finished(emptyScalar(at: propertiesEnd, tag: tag, anchor: anchor))
        }
        try skip()
        return open(kind, start: token.start, tag: tag, anchor: anchor)
    }

    /// The scalar node of the peeked scalar token `head`, taking the token.
    mutating func scalar(_ head: YAMLTokenHead, tag: String? = nil, anchor: String? = nil) throws(YAMLSyntaxError) -> Int32 {
        let full = try scanner.takePeekedToken()
        lastEnd = full.end
        return scalarNode(full, tag: tag, anchor: anchor)
    }

    // MARK: - Records

    @inline(__always)
    mutating func append(_ record: YAMLNodeRecord) -> Int32 {
        arena.nodes.append(record)
        return Int32(truncatingIfNeeded: arena.nodes.count - 1)
    }

    /// The index of a new tag-and-anchor entry, or -1 for neither.
    mutating func addProperties(tag: String?, anchor: String?) -> Int32 {
        if tag == nil && anchor == nil { return -1 }
        arena.properties.append(YAMLNodeProperties(tag: tag, anchor: anchor))
        return Int32(truncatingIfNeeded: arena.properties.count - 1)
    }

    /// The node of a scalar token already taken. A token without a value of its own is its source
    /// text, without the quotes of a quoted style.
    @inline(__always)
    mutating func scalarNode(_ token: YAMLToken, tag: String? = nil, anchor: String? = nil) -> Int32 {
        var record = YAMLNodeRecord(kind: .sourceScalar, range: YAMLCompactRange(start: token.start, end: token.end))
        record.scalarStyle = token.style
        if token.valueStart < 0 {
            let quotes = token.style == .singleQuoted || token.style == .doubleQuoted ? 1 : 0
            record.first = Int32(truncatingIfNeeded: token.start.offset + quotes)
            record.count = Int32(truncatingIfNeeded: token.end.offset - token.start.offset - 2 * quotes)
        } else {
            record.kind = .textScalar
            record.first = token.valueStart
            record.count = token.valueLength
        }
        if tag != nil || anchor != nil { record.properties = addProperties(tag: tag, anchor: anchor) }
        return append(record)
    }

    mutating func emptyScalar(at position: SourcePosition, tag: String? = nil, anchor: String? = nil) -> Int32 {
        var record = YAMLNodeRecord(kind: .sourceScalar, range: YAMLCompactRange(start: position, end: position))
        record.properties = addProperties(tag: tag, anchor: anchor)
        let node = append(record)
        if let anchor { anchors[anchor] = node }
        return node
    }

    /// The node of the alias `*name` written from `start` to `end`.
    mutating func alias(from start: SourcePosition, to end: SourcePosition) throws(YAMLSyntaxError) -> Int32 {
        let name = arena.source.withUnsafeBufferPointer { String(decoding: $0[start.offset + 1..<end.offset], as: UTF8.self) }
        guard let target = anchors[name] else {
            throw YAMLSyntaxError(message: "found an alias to the undefined anchor '\(name)'", position: start)
        }
        return aliasNode(to: target, range: SourceRange(start: start, end: end))
    }

    /// An alias shares its target: its counts are the target's (see `YAMLNode.expandedCount`).
    mutating func aliasNode(to target: Int32, range: SourceRange) -> Int32 {
        let targetRecord = arena.nodes[Int(target)]
        var record = YAMLNodeRecord(kind: .alias, range: YAMLCompactRange(range))
        record.first = target
        record.expandedCount = targetRecord.expandedCount
        record.expandedDepth = targetRecord.expandedDepth
        return append(record)
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

    // MARK: - Children

    mutating func deliver(_ node: Int32, to collection: inout OpenCollection) {
        switch collection.kind {
        case .blockSequence, .indentlessSequence:
            openChildren.append(node)
        case .flowSequence:
            openChildren.append(node)
            collection.waitingForItem = true
        case .blockMapping, .flowMapping, .flowPair:
            if case .waitingForValue(let key) = collection.entry {
                openChildren.append(key)
                openChildren.append(node)
                collection.entry = .expectingKey
            } else {
                collection.entry = .afterKey(node)
            }
        }
    }

    /// Appends the collection's node: its children move from the scratch stack to the arena, and
    /// its counts are summed from theirs (saturating: an alias bomb's counts overflow).
    mutating func finish(_ collection: OpenCollection, end: SourcePosition) -> Step {
        let isMapping: Bool
        let style: YAMLCollectionStyle
        switch collection.kind {
        case .blockSequence, .indentlessSequence: isMapping = false; style = .block
        case .flowSequence: isMapping = false; style = .flow
        case .blockMapping: isMapping = true; style = .block
        case .flowMapping, .flowPair: isMapping = true; style = .flow
        }
        var record = YAMLNodeRecord(kind: isMapping ? .mapping : .sequence, range: YAMLCompactRange(start: collection.start, end: end))
        record.collectionStyle = style
        record.properties = collection.properties
        let base = collection.childBase
        let childCount = openChildren.count - base
        record.first = Int32(truncatingIfNeeded: arena.children.count)
        record.count = Int32(truncatingIfNeeded: isMapping ? childCount / 2 : childCount)
        var count = 1
        var depth: Int32 = 0
        var written: Int32 = 1
        for position in base..<openChildren.count {
            let child = arena.nodes[Int(openChildren[position])]
            let (sum, overflow) = count.addingReportingOverflow(child.expandedCount)
            count = overflow ? Int.max : sum
            depth = max(depth, child.expandedDepth)
            written &+= child.writtenCount
        }
        record.expandedCount = count
        record.expandedDepth = depth + 1
        record.writtenCount = written
        openChildren.moveAll(from: base, to: &arena.children)
        if isMapping, collection.kind != .flowPair {
            checkDuplicateKeys(pairsAt: Int(record.first), count: Int(record.count))
        }
        let node = append(record)
        if collection.properties >= 0, let anchor = arena.properties[Int(collection.properties)].anchor { anchors[anchor] = node }
        return .finished(node)
    }
}
