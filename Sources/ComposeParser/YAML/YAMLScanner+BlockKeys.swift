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
        if line != start.line {
            // A scalar that spans lines, or one whose line ended: it cannot be a key, and a possible
            // key saved at its start would be dropped as stale before anything looked at it.
            tokens.append(token)
            lastScalarLines = (token.start.line, token.end.line)
            return
        }
        if index < end, bytes[index] == UInt8(ascii: ":"), isBlankOrEnd(at: index + 1), index - start.offset <= 1024 {
            // `key:`: what saving a simple key here and finding its ':' would produce.
            if try addIndent(start.column - 1) {
                tokens.append(YAMLToken(kind: .blockMappingStart, start: start, end: start))
            }
            tokens.append(YAMLToken(kind: .key, start: start, end: start))
            tokens.append(token)
            previousScalarLines = (token.start.line, token.end.line)
            lastScalarLines = nil
            lastTokenWasJSONLike = false
            tokenStartsLine = false
            tabBeforeToken = false
            let from = position
            index += 1
            append(.value, from: from)
            lastTokenWasBlockIndicator = true
            return
        }
        // Maybe a key still (`key  # comment` cannot be; `key` then ':' after a tab can): the
        // general way decides.
        setSimpleKey(SimpleKey(tokenNumber: tokensTaken + tokens.count - head, required: indent == start.column - 1,
                               position: start, tabPosition: nil), at: 0)
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
    }
}
