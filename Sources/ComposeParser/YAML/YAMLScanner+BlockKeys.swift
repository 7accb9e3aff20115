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
}
