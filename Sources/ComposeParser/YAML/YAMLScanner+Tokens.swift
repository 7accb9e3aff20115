import SourceSupport

// The general way to each kind of token, once `fetchNextToken` has dispatched on its first byte:
// structure (stream and document markers, flow and block indicators), properties and scalars.
extension YAMLScanner {
    mutating func fetchStreamEnd() {
        unwindIndent(-1)
        setSimpleKey(nil, at: flowLevel)
        allowSimpleKey = false
        append(.streamEnd, from: position)
        streamEnded = true
    }

    mutating func fetchDocumentIndicator(start: Bool) throws(YAMLSyntaxError) {
        unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        let from = position
        index += 3
        append(start ? .documentStart : .documentEnd, from: from)
        if !start { try expectLineEnd(after: "a document end marker '...'") }
    }

    mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try saveSimpleKey(onTabLine: false)
        guard flowLevel < maxDepth else { throw error("nesting is deeper than \(maxDepth) levels") }
        enterFlowLevel()
        allowSimpleKey = true
        let from = position
        index += 1
        append(kind, from: from)
    }

    mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try removeSimpleKey()
        if flowLevel > 0 {
            leaveFlowLevel()
        }
        allowSimpleKey = false
        lastTokenWasJSONLike = true
        let from = position
        index += 1
        append(kind, from: from)
    }

    mutating func fetchFlowEntry() throws(YAMLSyntaxError) {
        allowSimpleKey = true
        try removeSimpleKey()
        let from = position
        index += 1
        append(.flowEntry, from: from)
    }

    mutating func fetchBlockEntry(onTabLine: Bool) throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            if onTabLine { throw tabError() }
            guard allowSimpleKey else { throw error("sequence entries are not allowed here") }
            if try addIndent(column) { append(.blockSequenceStart, from: position) }
            lastTokenWasBlockIndicator = true
        }
        allowSimpleKey = true
        try removeSimpleKey()
        let from = position
        index += 1
        append(.blockEntry, from: from)
    }

    mutating func fetchKey(onTabLine: Bool) throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            if onTabLine { throw tabError() }
            guard allowSimpleKey else { throw error("mapping keys are not allowed here") }
            if try addIndent(column) { append(.blockMappingStart, from: position) }
            lastTokenWasBlockIndicator = true
        }
        allowSimpleKey = flowLevel == 0
        try removeSimpleKey()
        let from = position
        index += 1
        append(.key, from: from)
    }

    mutating func fetchValue(onTabLine: Bool) throws(YAMLSyntaxError) {
        if let key = simpleKeys[flowLevel] {
            // The remembered position was a key after all: insert KEY (and a mapping start) there.
            setSimpleKey(nil, at: flowLevel)
            if lowPropertyPosition == key.position { lowPropertyPosition = nil }
            let at = key.tokenNumber - tokensTaken + head
            insertToken(YAMLToken(kind: .key, start: key.position, end: key.position), at: at)
            if flowLevel == 0 {
                if let tab = key.tabPosition { throw YAMLSyntaxError(message: "found a tab character where indentation is expected", position: tab) }
                if try addIndent(key.position.column - 1) {
                    insertToken(YAMLToken(kind: .blockMappingStart, start: key.position, end: key.position), at: at)
                }
            }
            allowSimpleKey = false
        } else {
            if flowLevel == 0 {
                if onTabLine { throw tabError() }
                guard allowSimpleKey else { throw error("mapping values are not allowed here") }
                if let lines = previousScalarLines, lines.first < line, lines.last == line {
                    throw error("mapping values are not allowed here (an implicit key cannot span lines)")
                }
                if try addIndent(column) { append(.blockMappingStart, from: position) }
            }
            allowSimpleKey = flowLevel == 0
            try removeSimpleKey()
        }
        let from = position
        index += 1
        append(.value, from: from)
        lastTokenWasBlockIndicator = flowLevel == 0
    }

    /// Whether `onTabLine` content may stand where it is: tabs may follow at least one space of
    /// indentation more than the enclosing block's, never replace it.
    @inline(__always)
    func checkTabIndentation() throws(YAMLSyntaxError) {
        if flowLevel == 0, tabIndentedLine == line, tabLineSpaces <= indent { throw tabError() }
    }

    mutating func fetchAnchorOrAlias(alias: Bool, onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let from = position
        index += 1
        let nameStart = index
        while index < end, !bytes[index].isWhitespace, !bytes[index].isFlowIndicator { index += 1 }
        guard index > nameStart else {
            throw error(alias ? "an alias needs a name after '*'" : "an anchor needs a name after '&'")
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        tokens.append(makeToken(alias ? .alias : .anchor, from: from, to: position, text: name))
    }

    mutating func fetchBlockScalar(folded: Bool) throws(YAMLSyntaxError) {
        allowSimpleKey = true
        try removeSimpleKey()
        let token = try scanBlockScalar(folded: folded)
        tokens.append(token)
    }

    mutating func fetchQuotedScalar(double: Bool, onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let token = try scanQuotedScalar(double: double)
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
        lastTokenWasJSONLike = true
    }

    mutating func fetchPlainScalar(onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        if flowLevel == 0, allowSimpleKey, possibleSimpleKeys == 0, !onTabLine {
            return try fetchBlockPlainScalar()
        }
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let token = try scanPlainScalar()
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
    }
}
