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
        case afterKey(YAMLNode)
        case waitingForValue(YAMLNode)
    }

    enum CollectionKind {
        case blockSequence, indentlessSequence, flowSequence
        case blockMapping, flowMapping
        /// `[ key: value ]`: a single-pair mapping inside a flow sequence.
        case flowPair
    }

    /// A collection being read. Its children so far sit at the top of the builder's shared
    /// `openItems` / `openPairs` stacks (from `itemBase` / `pairBase` on): no array per open
    /// collection, and the node's array is allocated once, at its final size, when it finishes.
    /// A struct kept in the builder's stack array (changed in place): no allocation per collection.
    struct OpenCollection {
        let kind: CollectionKind
        let start: SourcePosition
        /// Tag and anchor (nil for most): one reference keeps the struct cheap to move around.
        let properties: YAMLNodeProperties?
        let itemBase: Int
        let pairBase: Int
        var entry: EntryState
        /// Flow collections: no entry read yet (so no ',' is due).
        var first = true
        /// Flow sequences: an item was read and the token after it is still to be checked.
        var waitingForItem = false

        init(kind: CollectionKind, start: SourcePosition, tag: String?, anchor: String?, itemBase: Int, pairBase: Int,
             entry: EntryState) {
            self.kind = kind
            self.start = start
            properties = YAMLNodeProperties.make(tag: tag, anchor: anchor)
            self.itemBase = itemBase
            self.pairBase = pairBase
            self.entry = entry
        }
    }

    /// A new open collection whose children start at the current tops of the shared stacks.
    func open(_ kind: CollectionKind, start: SourcePosition, tag: String? = nil, anchor: String? = nil,
              entry: EntryState = .expectingKey) -> Step {
        .open(OpenCollection(kind: kind, start: start, tag: tag, anchor: anchor,
                             itemBase: openItems.count, pairBase: openPairs.count, entry: entry))
    }

    enum Step {
        case needNode(NodeRequest)
        case open(OpenCollection)
        case finished(YAMLNode)
    }

    mutating func parseRootNode() throws(YAMLSyntaxError) -> YAMLNode {
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
                if stack.isEmpty { return node }
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
            let name = scanner.text(of: try next())
            guard let target = anchors[name] else { throw fail("found an alias to the undefined anchor '\(name)'", at: token) }
            return .finished(YAMLNode(storage: .alias(name, target: target), properties: nil, range: token.range))
        }
        var anchor: String?
        var tag: String?
        var propertiesEnd: SourcePosition?
        while true {
            if token.kind == .anchor {
                guard anchor == nil else { throw fail("a node can have only one anchor", at: token) }
                anchor = scanner.text(of: try next())
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
    mutating func scalar(_ head: YAMLTokenHead, tag: String? = nil, anchor: String? = nil) throws(YAMLSyntaxError) -> YAMLNode {
        let full = try scanner.takePeekedToken()
        lastEnd = full.end
        return scalarNode(full, tag: tag, anchor: anchor)
    }

    /// The node of a scalar token already taken.
    @inline(__always)
    func scalarNode(_ token: YAMLToken, tag: String? = nil, anchor: String? = nil) -> YAMLNode {
        // A token with text is rarer: only then is the scanner's text looked up.
        if token.textIndex < 0 { return YAMLTreeBuilder.sliceNode(token, source: source, tag: tag, anchor: anchor) }
        return YAMLNode(scalar: .scalar(scanner.text(of: token), token.style), properties: YAMLNodeProperties.make(tag: tag, anchor: anchor),
                        range: token.range)
    }

    /// A scalar token without text is its source bytes (see `YAMLNode.Storage.slice`). Static, so
    /// that calls from mutating methods do not copy the builder to pass `self`.
    static func sliceNode(_ token: YAMLToken, source: [UInt8], tag: String?, anchor: String?) -> YAMLNode {
        YAMLNode(scalar: .slice(source, token.style), properties: YAMLNodeProperties.make(tag: tag, anchor: anchor), range: token.range)
    }

    mutating func emptyScalar(at position: SourcePosition, tag: String? = nil, anchor: String? = nil) -> YAMLNode {
        let node = YAMLNode(scalar: .scalar("", .plain), properties: YAMLNodeProperties.make(tag: tag, anchor: anchor),
                            range: SourceRange(at: position))
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

    // MARK: - Children

    mutating func deliver(_ node: YAMLNode, to collection: inout OpenCollection) {
        switch collection.kind {
        case .blockSequence, .indentlessSequence:
            openItems.push(node)
        case .flowSequence:
            openItems.push(node)
            collection.waitingForItem = true
        case .blockMapping, .flowMapping, .flowPair:
            if case .waitingForValue(let key) = collection.entry {
                openPairs.push(YAMLPair(key: key, value: node))
                collection.entry = .expectingKey
            } else {
                collection.entry = .afterKey(node)
            }
        }
    }

    mutating func finish(_ collection: OpenCollection, end: SourcePosition) -> Step {
        let range = SourceRange(start: collection.start, end: end)
        let storage: YAMLNode.Storage
        switch collection.kind {
        case .blockSequence, .indentlessSequence, .flowSequence:
            let items = openItems.popAll(from: collection.itemBase)
            storage = .sequence(items, collection.kind == .flowSequence ? .flow : .block)
        case .blockMapping, .flowMapping, .flowPair:
            let pairs = openPairs.popAll(from: collection.pairBase)
            if collection.kind != .flowPair { YAMLDuplicateKeys.check(pairs, into: &warnings) }
            storage = .mapping(pairs, collection.kind == .blockMapping ? .block : .flow)
        }
        let node = YAMLNode(storage: storage, properties: collection.properties, range: range)
        if let anchor = collection.properties?.anchor { anchors[anchor] = node }
        return .finished(node)
    }

    /// Reads the collection's tokens up to its next child or its end.
    mutating func advance(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        switch collection.kind {
        case .blockSequence, .indentlessSequence: return try advanceBlockSequence(&collection)
        case .blockMapping: return try advanceBlockMapping(&collection)
        case .flowSequence: return try advanceFlowSequence(&collection)
        case .flowMapping, .flowPair: return try advanceFlowMapping(&collection)
        }
    }

    mutating func advanceBlockSequence(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        let indentless = collection.kind == .indentlessSequence
        while true {
            // `- item` lines straight from the scanner (see `fetchFastBlockEntry`).
            var itemToken: YAMLToken?
            if let entryEnd = try scanner.fetchFastBlockEntry(item: &itemToken) {
                if let itemToken {
                    lastEnd = itemToken.end
                    openItems.push(scalarNode(itemToken))
                    continue
                }
                lastEnd = entryEnd
                if let step = try readSequenceItem(entryEnd: entryEnd, indentless: indentless) { return step }
                continue
            }
            let token = try peek()
            guard case .blockEntry = token.kind else {
                if indentless { return finish(collection, end: lastEnd) }
                guard case .blockEnd = token.kind else {
                    throw fail("expected a sequence entry '-' or the end of the sequence, but found \(token.description)", at: token)
                }
                let end = lastEnd
                try skip()
                return finish(collection, end: end)
            }
            try skip()
            if let step = try readSequenceItem(entryEnd: token.end, indentless: indentless) { return step }
        }
    }

    /// After a block sequence's `-`: an empty or scalar item is added here; anything else is a
    /// child node to read (the step returned).
    mutating func readSequenceItem(entryEnd: SourcePosition, indentless: Bool) throws(YAMLSyntaxError) -> Step? {
        let item = try peek()
        switch item.kind {
        case .blockEntry, .blockEnd: openItems.push(emptyScalar(at: entryEnd))
        case .key where indentless, .value where indentless: openItems.push(emptyScalar(at: entryEnd))
        // A scalar without properties, the most common item, is read here: `beginNode` would
        // build the same node, by way of the step loop.
        case .scalar: openItems.push(try scalar(item))
        default: return .needNode(NodeRequest(block: true, indentless: false))
        }
        return nil
    }

    mutating func advanceBlockMapping(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        let childRequest = NodeRequest(block: true, indentless: true)
        while true {
            // `key: value` lines with plain keys, the bulk of most documents, straight from the
            // scanner (see `fetchFastBlockKey`); the same nodes as the token-by-token way below.
            if case .expectingKey = collection.entry, let keyToken = try scanner.fetchFastBlockKey() {
                let key = scalarNode(keyToken)
                let colonEnd = scanner.position
                lastEnd = colonEnd
                if let valueToken = try scanner.fetchFastBlockValue() {
                    lastEnd = valueToken.end
                    addPair(key, scalarNode(valueToken), to: &collection)
                    continue
                }
                if let step = try readBlockValue(of: key, colonEnd: colonEnd, request: childRequest, into: &collection,
                                                 scanned: true) {
                    return step
                }
                continue
            }
            let token = try peek()
            switch collection.entry {
            case .expectingKey:
                switch token.kind {
                case .key:
                    try skip()
                    let key = try peek()
                    switch key.kind {
                    case .key, .value, .blockEnd: collection.entry = .afterKey(emptyScalar(at: token.end))
                    // Scalars without properties are read here, not by way of the step loop
                    // (as in `advanceBlockSequence`).
                    case .scalar: collection.entry = .afterKey(try scalar(key))
                    default:
                        collection.entry = .waitingForKey
                        return .needNode(childRequest)
                    }
                case .value:
                    collection.entry = .afterKey(emptyScalar(at: token.start))
                case .blockEnd:
                    let end = lastEnd
                    try skip()
                    return finish(collection, end: end)
                default:
                    throw fail("expected a mapping key or the end of the mapping, but found \(token.description) (is the indentation right?)", at: token)
                }
            case .afterKey(let key):
                if case .value = token.kind {
                    try skip()
                    if let step = try readBlockValue(of: key, colonEnd: token.end, request: childRequest, into: &collection) {
                        return step
                    }
                } else {
                    addPair(key, emptyScalar(at: key.range.end), to: &collection)
                }
            case .waitingForKey, .waitingForValue:
                collection.entry = .expectingKey  // unreachable: `deliver` moves on from these
            }
        }
    }

    /// After a block key's ':': an empty or scalar value is added here; anything else is a child
    /// node to read (the step returned).
    /// `scanned`: the scanner's fast path already looked for a scalar value.
    mutating func readBlockValue(of key: YAMLNode, colonEnd: SourcePosition, request: NodeRequest,
                                 into collection: inout OpenCollection, scanned: Bool = false) throws(YAMLSyntaxError) -> Step? {
        if !scanned, let valueToken = try scanner.fetchFastBlockValue() {
            lastEnd = valueToken.end
            addPair(key, scalarNode(valueToken), to: &collection)
            return nil
        }
        let value = try peek()
        switch value.kind {
        case .key, .value, .blockEnd: addPair(key, emptyScalar(at: colonEnd), to: &collection)
        case .scalar: addPair(key, try scalar(value), to: &collection)
        default:
            collection.entry = .waitingForValue(key)
            return .needNode(request)
        }
        return nil
    }

    mutating func addPair(_ key: YAMLNode, _ value: YAMLNode, to collection: inout OpenCollection) {
        openPairs.push(YAMLPair(key: key, value: value))
        collection.entry = .expectingKey
    }

    mutating func advanceFlowSequence(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        while true {
            // Scalar items straight from the scanner (see `fetchFastFlowItem`).
            var commaTaken = false
            switch try scanner.fetchFastFlowItem(needsComma: !collection.first) {
            case .queued: break
            case .commaThenQueued(let commaEnd):
                lastEnd = commaEnd
                commaTaken = true
                collection.waitingForItem = false
            case .item(let itemToken, _):
                lastEnd = itemToken.end
                openItems.push(scalarNode(itemToken))
                collection.first = false
                collection.waitingForItem = false
                continue
            }
            var token = try peek()
            if collection.waitingForItem {
                collection.waitingForItem = false
                if case .value = token.kind {
                    throw fail("an implicit key in a flow sequence must be on a single line", at: token)
                }
            }
            if case .flowSequenceEnd = token.kind {
                try skip()
                return finish(collection, end: lastEnd)
            }
            if !collection.first && !commaTaken {
                guard case .flowEntry = token.kind else {
                    throw fail("expected ',' or ']' in the flow sequence, but found \(token.description)", at: token)
                }
                try skip()
                token = try peek()
                if case .flowSequenceEnd = token.kind {
                    try skip()
                    return finish(collection, end: lastEnd)
                }
            }
            collection.first = false
            switch token.kind {
            case .key:
                try skip()
                return open(.flowPair, start: token.start, entry: .expectingKey)
            case .value:
                let key = emptyScalar(at: token.start)
                return open(.flowPair, start: token.start, entry: .afterKey(key))
            case .flowEntry:
                throw fail("found ',' without an entry before it in the flow sequence", at: token)
            case .scalar:
                // Read in place, as in the block collections; `deliver` would do the same.
                openItems.push(try scalar(token))
                collection.waitingForItem = true
            default:
                return .needNode(NodeRequest(block: false, indentless: false))
            }
        }
    }

    /// Flow mappings, and the single pair of `[ key: value ]` (which ends before ',' or ']').
    mutating func advanceFlowMapping(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        let isPair = collection.kind == .flowPair
        let childRequest = NodeRequest(block: false, indentless: false)
        while true {
            var token = try peek()
            switch collection.entry {
            case .expectingKey where isPair:
                if openPairs.count > collection.pairBase { return finish(collection, end: lastEnd) }
                switch token.kind {
                case .value, .flowEntry, .flowSequenceEnd:
                    collection.entry = .afterKey(emptyScalar(at: lastEnd))
                case .scalar:
                    collection.entry = .afterKey(try scalar(token))
                default:
                    collection.entry = .waitingForKey
                    return .needNode(childRequest)
                }
            case .expectingKey:
                if case .flowMappingEnd = token.kind {
                    try skip()
                    return finish(collection, end: lastEnd)
                }
                if !collection.first {
                    guard case .flowEntry = token.kind else {
                        throw fail("expected ',' or '}' in the flow mapping, but found \(token.description)", at: token)
                    }
                    try skip()
                    token = try peek()
                    if case .flowMappingEnd = token.kind {
                        try skip()
                        return finish(collection, end: lastEnd)
                    }
                }
                collection.first = false
                var explicitKey = false
                switch token.kind {
                case .flowEntry:
                    throw fail("found ',' without an entry before it in the flow mapping", at: token)
                case .key:
                    try skip()
                    explicitKey = true
                    token = try peek()
                default:
                    break
                }
                switch token.kind {
                case .value, .flowEntry, .flowMappingEnd, .flowSequenceEnd:
                    collection.entry = .afterKey(emptyScalar(at: explicitKey ? lastEnd : token.start))
                case .scalar:
                    collection.entry = .afterKey(try scalar(token))
                default:
                    collection.entry = .waitingForKey
                    return .needNode(childRequest)
                }
            case .afterKey(let key):
                guard case .value = token.kind else {
                    addPair(key, emptyScalar(at: key.range.end), to: &collection)
                    continue
                }
                try skip()
                let value = try peek()
                switch value.kind {
                case .flowEntry, .flowSequenceEnd, .flowMappingEnd:
                    addPair(key, emptyScalar(at: token.end), to: &collection)
                case .scalar:
                    addPair(key, try scalar(value), to: &collection)
                default:
                    collection.entry = .waitingForValue(key)
                    return .needNode(childRequest)
                }
            case .waitingForKey, .waitingForValue:
                collection.entry = .expectingKey  // unreachable: `deliver` moves on from these
            }
        }
    }
}
