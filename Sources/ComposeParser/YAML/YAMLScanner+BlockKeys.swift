import SourceSupport

// The common case of block context, `key: value` lines and `- item` lines, without the general
// simple-key bookkeeping: a plain scalar is scanned first, and what follows it on its line says
// at once whether it is a key. The tokens and errors are those the general way gives.
extension YAMLScanner {
    /// A plain scalar in block context where a simple key may start and none is pending (no tab
    /// in the line's indentation).
    mutating func fetchBlockPlainScalar() throws(YAMLSyntaxError) {
        let start = position
        allowSimpleKey = false
        let token = try scanPlainScalar()
        if isBlockKey(start: start) {
            try queueBlockKey(token, start: start)
            return
        }
        queueNonKeyPlainScalar(token, start: start)
    }

    /// Queues `key:` for a plain scalar key at `start` (the ':' just after it): what saving a simple
    /// key there and finding its ':' would produce, with a new mapping if the key is deeper.
    mutating func queueBlockKey(_ token: YAMLToken, start: SourcePosition) throws(YAMLSyntaxError) {
        if try addIndent(start.column - 1) {
            tokens.append(YAMLToken(kind: .blockMappingStart, start: start, end: start))
        }
        tokens.append(YAMLToken(kind: .key, start: start, end: start))
        tokens.append(token)
        let from = position
        takeKeyColon(after: token)
        append(.value, from: from)
    }

    /// After a plain scalar that started at `start`: whether a ':' on its line makes it a key.
    @inline(__always)
    func isBlockKey(start: SourcePosition) -> Bool {
        line == start.line && index < end && bytes[index] == UInt8(ascii: ":") && isBlankOrEnd(at: index + 1)
            && index - start.offset <= 1024
    }

    /// What `fetchNextToken` does before the token the shortcuts below read (no key is pending,
    /// nothing to unwind).
    @inline(__always)
    mutating func beginShortcutToken() {
        lastTokenWasBlockIndicator = false
        lastTokenWasJSONLike = false
        previousScalarLines = lastScalarLines
        lastScalarLines = nil
    }

    /// Takes the ':' after a block key, leaving the state finding a saved simple key leaves.
    mutating func takeKeyColon(after token: YAMLToken) {
        previousScalarLines = (token.start.line, token.end.line)
        lastScalarLines = nil
        lastTokenWasJSONLike = false
        tokenStartsLine = false
        tabBeforeToken = false
        index += 1
        lastTokenWasBlockIndicator = true
    }

    mutating func queueNonKeyPlainScalar(_ token: YAMLToken, start: SourcePosition) {
        if line == start.line {
            // Maybe a key still (`key` then ':' after a tab): the general way decides.
            setSimpleKey(SimpleKey(tokenNumber: tokensTaken + tokens.count - head, required: indent == start.column - 1,
                                   position: start, tabPosition: nil), at: 0)
        }
        // Else a scalar that spans lines, or one whose line ended: it cannot be a key, and a possible
        // key saved at its start would be dropped as stale before anything looked at it.
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
    }

    // MARK: - Whole pairs for the tree builder

    /// The tree builder, in a block mapping with nothing queued, asks for its next `key:` here.
    /// If the next line is `key:` at the mapping's indentation with a plain key, the key's token
    /// comes back and KEY, the scalar and VALUE count as taken (no token is queued); else nil, and
    /// the tokens are queued as usual.
    mutating func fetchFastBlockKey() throws(YAMLSyntaxError) -> YAMLToken? {
        guard head == tokens.count, streamStarted, !streamEnded, flowLevel == 0, possibleSimpleKeys == 0,
              lowPropertyPosition == nil else { return nil }
        if head >= 256 {
            tokens.removeAll(keepingCapacity: true)
            tokenTexts.removeAll(keepingCapacity: true)
            head = 0
        }
        try scanToNextToken()
        guard index < end, allowSimpleKey, tokenStartsLine, !tabBeforeToken, tabIndentedLine != line, column == indent,
              column > 0 || !(bytes[index] == UInt8(ascii: "%") || isDocumentMarker(at: index, UInt8(ascii: "-"))
                              || isDocumentMarker(at: index, UInt8(ascii: "."))),
              lowPropertyPosition == nil, canStartPlainScalar(bytes[index], next: peek(1)) else {
            try fetchNextToken()
            return nil
        }
        // What `fetchNextToken` does before a plain scalar here (no key is pending, the column is
        // the block's: nothing to unwind).
        beginShortcutToken()
        let start = position
        allowSimpleKey = false
        let token = try scanPlainScalar()
        guard isBlockKey(start: start) else {
            queueNonKeyPlainScalar(token, start: start)
            return nil
        }
        // At the block's column: no new mapping starts.
        takeKeyColon(after: token)
        tokensTaken += 3
        return token
    }

    /// Right after a block key's ':' (nothing queued): the value if it is a scalar on the key's
    /// line, counted as taken; else nil, and the next token is queued as usual.
    mutating func fetchFastBlockValue() throws(YAMLSyntaxError) -> YAMLToken? {
        // After an implicit key's ':' no key can start; after an explicit one's a key can (general way).
        guard head == tokens.count, flowLevel == 0, lastTokenWasBlockIndicator, !allowSimpleKey, possibleSimpleKeys == 0,
              !streamEnded else { return nil }
        try scanToNextToken()
        guard index < end, !tokenStartsLine, !tabBeforeToken, tabIndentedLine != line, lowPropertyPosition == nil else {
            try fetchNextToken()
            return nil
        }
        let byte = bytes[index]
        let quoted = byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        guard quoted || canStartPlainScalar(byte, next: peek(1)) else {
            try fetchNextToken()
            return nil
        }
        // What `fetchNextToken` does before a scalar after ':' (no key can start here).
        beginShortcutToken()
        allowSimpleKey = false
        let token = quoted ? try scanQuotedScalar(double: byte == UInt8(ascii: "\"")) : try scanPlainScalar()
        lastScalarLines = (token.start.line, token.end.line)
        lastTokenWasJSONLike = quoted
        tokensTaken += 1
        return token
    }
}

// MARK: - Sequence entries

extension YAMLScanner {
    /// The tree builder, in a block sequence with nothing queued, asks for its next `- item` here.
    /// If the next line is `-` at the sequence's indentation, the entry counts as taken and its end
    /// comes back, with `item` the item's token if it is a plain scalar that ends its line (counted
    /// as taken too); else nil, and the tokens are queued as usual.
    mutating func fetchFastBlockEntry(item: inout YAMLToken?) throws(YAMLSyntaxError) -> SourcePosition? {
        guard head == tokens.count, streamStarted, !streamEnded, flowLevel == 0, possibleSimpleKeys == 0,
              lowPropertyPosition == nil else { return nil }
        if head >= 256 {
            tokens.removeAll(keepingCapacity: true)
            tokenTexts.removeAll(keepingCapacity: true)
            head = 0
        }
        try scanToNextToken()
        guard index < end, allowSimpleKey, tokenStartsLine, !tabBeforeToken, tabIndentedLine != line, column == indent,
              bytes[index] == UInt8(ascii: "-"), isBlankOrEnd(at: index + 1), column > 0 || !isDocumentMarker(at: index, UInt8(ascii: "-")),
              lowPropertyPosition == nil else {
            try fetchNextToken()
            return nil
        }
        // What `fetchNextToken` and `fetchBlockEntry` do for `-` at the block's column (no key is
        // pending, nothing to unwind, no new sequence starts).
        beginShortcutToken()
        lastTokenWasBlockIndicator = true
        allowSimpleKey = true
        index += 1
        tokensTaken += 1
        let entryEnd = position
        // The item.
        try scanToNextToken()
        guard index < end, !tokenStartsLine, !tabBeforeToken, tabIndentedLine != line, lowPropertyPosition == nil,
              canStartPlainScalar(bytes[index], next: peek(1)) else {
            try fetchNextToken()
            return entryEnd
        }
        beginShortcutToken()
        let start = position
        allowSimpleKey = false
        let token = try scanPlainScalar()
        if line != start.line {
            // The scalar ended its line: no key is possible (see `queueNonKeyPlainScalar`).
            lastScalarLines = (token.start.line, token.end.line)
            tokensTaken += 1
            item = token
            return entryEnd
        }
        if isBlockKey(start: start) {
            // `- key: value`: a mapping starts in the entry.
            try queueBlockKey(token, start: start)
            return entryEnd
        }
        queueNonKeyPlainScalar(token, start: start)
        return entryEnd
    }
}
