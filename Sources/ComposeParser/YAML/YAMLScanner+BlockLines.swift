import SourceSupport

// Whole lines of block context for the tree builder, without queueing tokens: `key: value`
// lines, `- item` lines, the first line of a nested block, and the line that ends one. Each
// shortcut leaves the state the general way (`fetchNextToken` and the queue) leaves, counts the
// tokens it stands for as taken, and falls back to the general way when in doubt.
extension YAMLScanner {
    enum FastBlockKey {
        /// Nothing taken: the next tokens are queued as usual.
        case queued
        /// `key:` at the mapping's indentation with a plain key: KEY, the scalar and VALUE taken.
        case key(YAMLToken)
        /// The next line is less indented: the mapping's BLOCK-END taken (see `takeBlockEnd`).
        case blockEnd
    }

    enum FastBlockValue {
        case queued
        /// A scalar on the key's line, taken.
        case scalar(YAMLToken)
        /// A deeper `key:` line below: BLOCK-MAPPING-START, KEY, the key's scalar and VALUE taken.
        case mappingStart(YAMLToken)
        /// A deeper `-` line below: BLOCK-SEQUENCE-START and BLOCK-ENTRY taken; the `-`'s position.
        case sequenceStart(SourcePosition)
        /// `[` or `{` (`mapping`) on the key's line, at the position given: FLOW-*-START taken.
        case flowStart(SourcePosition, mapping: Bool)
        /// `*name` on the key's line, from the first position to the second: ALIAS taken.
        case alias(SourcePosition, SourcePosition)
    }

    enum FastBlockEntry {
        case queued
        /// The next line less indented: the sequence's BLOCK-END taken (see `takeBlockEnd`).
        case blockEnd
        /// `-` at the sequence's indentation taken (it ends at the position given); the item's
        /// tokens are queued as usual.
        case entry(SourcePosition)
        /// `-` and a plain scalar item that ends its line, both taken.
        case item(SourcePosition, YAMLToken)
        /// `- key:`: `-` taken, and a mapping started with its first key (as `.mappingStart`).
        case mappingItem(SourcePosition, YAMLToken)
    }

    /// The tree builder, in a block mapping with nothing queued, asks for its next `key:` here.
    mutating func fetchFastBlockKey() throws(YAMLSyntaxError) -> FastBlockKey {
        guard try startBlockLine() else { return .queued }
        let plain = canStartPlainScalar(bytes[index], next: peek(1))
        if column < indent {
            guard plain || isEntryIndicator else {
                try fetchNextToken()
                return .queued
            }
            takeBlockEnd()
            return .blockEnd
        }
        guard column == indent, plain else {
            try fetchNextToken()
            return .queued
        }
        // What `fetchNextToken` does before a plain scalar here (no key is pending, the column is
        // the block's: nothing to unwind).
        guard let (token, _) = try scanShortcutKey() else { return .queued }
        // At the block's column: no new mapping starts.
        takeKeyColon(after: token)
        tokensTaken += 3
        return .key(token)
    }

    /// Right after a block key's ':' (nothing queued): its value if it is a scalar on the key's
    /// line, or the start of a nested block on the lines below.
    mutating func fetchFastBlockValue() throws(YAMLSyntaxError) -> FastBlockValue {
        // After an implicit key's ':' no key can start; after an explicit one's a key can (general way).
        guard head == tokens.count, flowLevel == 0, lastTokenWasBlockIndicator, !allowSimpleKey, possibleSimpleKeys == 0,
              !streamEnded else { return .queued }
        try scanToNextToken()
        guard index < end, !tabBeforeToken, tabIndentedLine != line, lowPropertyPosition == nil else {
            try fetchNextToken()
            return .queued
        }
        if tokenStartsLine { return try fetchNestedBlockStart() }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "*"):
            return try fetchValueStart(byte)
        default:
            break
        }
        let quoted = byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        guard quoted || canStartPlainScalar(byte, next: peek(1)) else {
            try fetchNextToken()
            return .queued
        }
        // What `fetchNextToken` does before a scalar after ':' (no key can start here).
        beginShortcutToken()
        allowSimpleKey = false
        let token = quoted ? try scanQuotedScalar(double: byte == UInt8(ascii: "\"")) : try scanPlainScalar()
        lastScalarLines = (token.start.line, token.end.line)
        lastTokenWasJSONLike = quoted
        tokensTaken += 1
        return .scalar(token)
    }

    /// A value on the key's line that is not a flow scalar: what `fetchNextToken` does for it
    /// (after ':' no simple key is saved, and none is pending).
    mutating func fetchValueStart(_ byte: UInt8) throws(YAMLSyntaxError) -> FastBlockValue {
        let start = position
        switch byte {
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            // As `fetchBlockScalar`.
            beginShortcutToken()
            allowSimpleKey = true
            let token = try scanBlockScalar(folded: byte == UInt8(ascii: ">"))
            tokensTaken += 1
            return .scalar(token)
        case UInt8(ascii: "*"):
            // As `fetchAnchorOrAlias` (no tab on the line); an alias without a name goes the general way.
            var nameEnd = index + 1
            while nameEnd < end, !bytes[nameEnd].isWhitespace, !bytes[nameEnd].isFlowIndicator { nameEnd += 1 }
            guard nameEnd > index + 1 else {
                try fetchNextToken()
                return .queued
            }
            beginShortcutToken()
            allowSimpleKey = false
            index = nameEnd
            tokensTaken += 1
            return .alias(start, position)
        default:
            // As `fetchFlowCollectionStart` (the block's nesting is already within `maxDepth`).
            guard flowLevel < maxDepth else {
                try fetchNextToken()
                return .queued
            }
            beginShortcutToken()
            enterFlowLevel()
            allowSimpleKey = true
            index += 1
            tokensTaken += 1
            return .flowStart(start, mapping: byte == UInt8(ascii: "{"))
        }
    }

    /// A block key's value on the lines below it, at the first one's first token (line start, no
    /// tab): a deeper `key:` or `-` line starts a nested block, as `fetchBlockPlainScalar` and
    /// `fetchBlockEntry` would start it.
    mutating func fetchNestedBlockStart() throws(YAMLSyntaxError) -> FastBlockValue {
        guard column > indent, allowSimpleKey else {
            try fetchNextToken()
            return .queued
        }
        if isEntryIndicator {
            beginShortcutToken()
            let dash = position
            // Deeper than the block: a sequence starts (its indentation within `maxDepth`, or an error
            // where the general way reports it).
            _ = try addIndent(column)
            lastTokenWasBlockIndicator = true
            allowSimpleKey = true
            index += 1
            tokensTaken += 2
            return .sequenceStart(dash)
        }
        guard canStartPlainScalar(bytes[index], next: peek(1)) else {
            try fetchNextToken()
            return .queued
        }
        guard let (token, start) = try scanShortcutKey() else { return .queued }
        try takeNestedKey(token, start: start)
        return .mappingStart(token)
    }

    /// Scans the plain scalar starting here as a shortcut token: it and its start when it is a block
    /// key; nil when it is not, after queueing it as `queueNonKeyPlainScalar` does.
    @inline(__always)
    mutating func scanShortcutKey() throws(YAMLSyntaxError) -> (token: YAMLToken, start: SourcePosition)? {
        beginShortcutToken()
        let start = position
        allowSimpleKey = false
        let token = try scanPlainScalar()
        guard isBlockKey(start: start) else {
            queueNonKeyPlainScalar(token, start: start)
            return nil
        }
        return (token, start)
    }

    /// `key:` deeper than the block (so a mapping starts at `start`), as `queueBlockKey` reads it,
    /// its four tokens counted as taken.
    mutating func takeNestedKey(_ token: YAMLToken, start: SourcePosition) throws(YAMLSyntaxError) {
        let opened = try addIndent(start.column - 1)
        assert(opened, "a nested key is deeper than its block")
        takeKeyColon(after: token)
        tokensTaken += 4
    }

    // MARK: - Sequence entries

    /// The tree builder, in a block sequence with nothing queued, asks for its next `- item` here.
    /// `indentless`: the sequence has no indentation of its own (its end is not a BLOCK-END).
    mutating func fetchFastBlockEntry(indentless: Bool) throws(YAMLSyntaxError) -> FastBlockEntry {
        guard try startBlockLine() else { return .queued }
        if column < indent, !indentless, isEntryIndicator || canStartPlainScalar(bytes[index], next: peek(1)) {
            takeBlockEnd()
            return .blockEnd
        }
        guard column == indent, isEntryIndicator else {
            try fetchNextToken()
            return .queued
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
            return .entry(entryEnd)
        }
        beginShortcutToken()
        let start = position
        allowSimpleKey = false
        let token = try scanPlainScalar()
        if line != start.line {
            // The scalar ended its line: no key is possible (see `queueNonKeyPlainScalar`).
            lastScalarLines = (token.start.line, token.end.line)
            tokensTaken += 1
            return .item(entryEnd, token)
        }
        if isBlockKey(start: start) {
            // `- key: value`: a mapping starts in the entry.
            try takeNestedKey(token, start: start)
            return .mappingItem(entryEnd, token)
        }
        queueNonKeyPlainScalar(token, start: start)
        return .entry(entryEnd)
    }

    // MARK: - Line starts and ends

    /// Skips to the next token for a shortcut that reads a line from its start: true if the token
    /// starts its line in block context with nothing queued or pending, no tab in the indentation,
    /// and is not a directive or a document marker. Else false: the tokens are queued as usual
    /// (nothing taken).
    mutating func startBlockLine() throws(YAMLSyntaxError) -> Bool {
        guard head == tokens.count, streamStarted, !streamEnded, flowLevel == 0, possibleSimpleKeys == 0,
              lowPropertyPosition == nil else { return false }
        if head >= 256 {
            tokens.removeAll(keepingCapacity: true)
            tokenTexts.removeAll(keepingCapacity: true)
            head = 0
        }
        try scanToNextToken()
        guard index < end, allowSimpleKey, tokenStartsLine, !tabBeforeToken, tabIndentedLine != line,
              column > 0 || !(bytes[index] == UInt8(ascii: "%") || isDocumentMarker(at: index, UInt8(ascii: "-"))
                              || isDocumentMarker(at: index, UInt8(ascii: "."))),
              lowPropertyPosition == nil else {
            try fetchNextToken()
            return false
        }
        return true
    }

    /// `-` followed by white space (or the end) at the current position.
    var isEntryIndicator: Bool { bytes[index] == UInt8(ascii: "-") && isBlankOrEnd(at: index + 1) }

    /// A line less indented than the block ends it: one BLOCK-END, as `unwindIndent` would queue it,
    /// counted as taken; the line is read again from its start for the next token. Taken only
    /// when the line starts with a plain scalar or `-`: then the general way, which queues the
    /// BLOCK-ENDs and that token together, cannot fail on the token before the builder sees the
    /// BLOCK-ENDs, so the builder does the same in the same order. The indentation is spaces only:
    /// reading it again leaves the same state.
    mutating func takeBlockEnd() {
        indent = indents.removeLast()
        tokensTaken += 1
        index = lineStart
    }
}
