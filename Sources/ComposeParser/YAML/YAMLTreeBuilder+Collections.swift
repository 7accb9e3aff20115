import SourceSupport

// The open collections' state machines: each `advance` reads its collection's tokens up to its
// next child (a `.needNode` step) or its end. Scalars, the bulk of every document, are read in
// place (the scanner's shortcuts hand over whole `key: value` lines, `- item` lines and flow items).
extension YAMLTreeBuilder {
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
        if case .afterEntry = collection.entry {
            // Opened by the scanner's shortcut with its first `-` taken (see `readBlockValue`).
            collection.entry = .expectingKey
            if let step = try readSequenceItem(entryEnd: lastEnd, indentless: indentless) { return step }
        }
        while true {
            // `- item` lines straight from the scanner (see `fetchFastBlockEntry`).
            switch try scanner.fetchFastBlockEntry(indentless: indentless) {
            case .queued:
                break
            case .blockEnd:
                return finish(collection, end: lastEnd)
            case .entry(let entryEnd):
                lastEnd = entryEnd
                if let step = try readSequenceItem(entryEnd: entryEnd, indentless: indentless) { return step }
                continue
            case .item(_, let itemToken):
                lastEnd = itemToken.end
                addItem(scalarNode(itemToken))
                continue
            case .mappingItem(_, let keyToken):
                // The item is a mapping whose first key the scanner read: it becomes a child when it ends.
                return openMapping(firstKey: keyToken)
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
        case .blockEntry, .blockEnd: addItem(emptyScalar(at: entryEnd))
        case .key where indentless, .value where indentless: addItem(emptyScalar(at: entryEnd))
        // A scalar without properties, the most common item, is read here: `beginNode` would
        // build the same node, by way of the step loop.
        case .scalar: addItem(try scalar(item))
        default: return .needNode(NodeRequest(block: true, indentless: false))
        }
        return nil
    }

    mutating func advanceBlockMapping(_ collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step {
        let childRequest = NodeRequest(block: true, indentless: true)
        while true {
            // `key: value` lines with plain keys, the bulk of most documents, straight from the
            // scanner (see `fetchFastBlockKey`); the same nodes as the token-by-token way below.
            switch collection.entry {
            case .expectingKey:
                switch try scanner.fetchFastBlockKey() {
                case .queued:
                    break
                case .blockEnd:
                    return finish(collection, end: lastEnd)
                case .key(let keyToken):
                    let key = scalarNode(keyToken)
                    lastEnd = scanner.position
                    if let step = try readBlockValue(of: key, colonEnd: lastEnd, request: childRequest, into: &collection) {
                        return step
                    }
                    continue
                }
            case .afterColon(let key):
                // Opened by the scanner's shortcut with its first key and ':' read (see `openMapping`).
                if let step = try readBlockValue(of: key, colonEnd: lastEnd, request: childRequest, into: &collection) {
                    return step
                }
                continue
            default:
                break
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
                    addPair(key, emptyScalar(at: arena.nodes[Int(key)].range.end), to: &collection)
                }
            case .waitingForKey, .waitingForValue, .afterColon, .afterEntry:
                collection.entry = .expectingKey  // unreachable: `deliver` and the shortcuts move on from these
            }
        }
    }

    /// After a block key's ':': an empty or scalar value is added here; anything else is a child
    /// node to read (the step returned). The scanner's shortcuts read a scalar on the key's line,
    /// or the first line of a nested block below it: the same nodes as the token-by-token way.
    mutating func readBlockValue(of key: Int32, colonEnd: SourcePosition, request: NodeRequest,
                                 into collection: inout OpenCollection) throws(YAMLSyntaxError) -> Step? {
        switch try scanner.fetchFastBlockValue() {
        case .queued:
            break
        case .scalar(let valueToken):
            lastEnd = valueToken.end
            addPair(key, scalarNode(valueToken), to: &collection)
            return nil
        case .mappingStart(let keyToken):
            collection.entry = .waitingForValue(key)
            return openMapping(firstKey: keyToken)
        case .sequenceStart(let dash):
            collection.entry = .waitingForValue(key)
            lastEnd = SourcePosition(offset: dash.offset + 1, line: dash.line, column: dash.column + 1)
            return open(.blockSequence, start: dash, entry: .afterEntry)
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

    mutating func addPair(_ key: Int32, _ value: Int32, to collection: inout OpenCollection) {
        openChildren.append(key)
        openChildren.append(value)
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
                addItem(scalarNode(itemToken))
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
                addItem(try scalar(token))
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
                if openChildren.count > collection.childBase { return finish(collection, end: lastEnd) }
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
                    addPair(key, emptyScalar(at: arena.nodes[Int(key)].range.end), to: &collection)
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
            case .waitingForKey, .waitingForValue, .afterColon, .afterEntry:
                collection.entry = .expectingKey  // unreachable: `deliver` moves on from these
            }
        }
    }

    @inline(__always)
    mutating func addItem(_ item: Int32) {
        openChildren.append(item)
    }

    /// A block mapping the scanner started at `firstKey` (a plain scalar), its ':' just taken.
    mutating func openMapping(firstKey: YAMLToken) -> Step {
        let key = scalarNode(firstKey)
        lastEnd = scanner.position
        return open(.blockMapping, start: firstKey.start, entry: .afterColon(key))
    }
}
