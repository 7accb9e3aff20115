import SourceSupport

// Flow sequences and mappings (`[ ... ]`, `{ ... }`), and the single-pair mappings of `[ key: value ]`.
extension YAMLTreeBuilder {
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
            case .end(let bracketEnd):
                lastEnd = bracketEnd
                return finish(collection, end: bracketEnd)
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
}
