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
        case .flowStart(let bracket, let mapping):
            collection.entry = .waitingForValue(key)
            lastEnd = SourcePosition(offset: bracket.offset + 1, line: bracket.line, column: bracket.column + 1)
            return open(mapping ? .flowMapping : .flowSequence, start: bracket)
        case .alias(let start, let end):
            lastEnd = end
            addPair(key, try alias(from: start, to: end), to: &collection)
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

    mutating func addPair(_ key: Int32, _ value: Int32, to collection: inout OpenCollection) {
        openChildren.append(key)
        openChildren.append(value)
        collection.entry = .expectingKey
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
