import SourceSupport

// White space, line breaks and comments between tokens: skipped before every token, so the common
// case (spaces, then a token or a line feed) has a short path of its own.
extension YAMLScanner {
    /// Skips white space, line breaks and comments up to the next token, recording comments.
    mutating func scanToNextToken() throws(YAMLSyntaxError) {
        var lineBegins = index == lineStart
        var whitespaceStart = index
        while true {
            // Spaces only, the common case, eight at a time.
            skipSpaces()
            // Then most often a token's first byte, or a line feed and the next line: nothing else
            // to do. The end, a tab, a carriage return, '#' and a byte order mark take the general
            // loop (kept out of line, so that this part stays small: it runs before every token).
            let slowBytes: UInt64 = 1 << 0 | 1 << 9 | 1 << 10 | 1 << 13 | 1 << 35
            let byte = current
            if byte < 64 ? slowBytes >> byte & 1 == 0 : !(byte == 0xEF && index == 0) {
                tabBeforeToken = false
                tokenStartsLine = lineBegins
                if lineBegins, flowLevel > 0, checksFlowIndentation, index - whitespaceStart <= indent {
                    throw error("a flow collection's lines must be indented more than the enclosing block")
                }
                return
            }
            guard byte == .lineFeed, lowPropertyPosition == nil else {
                return try scanWhiteSpaceAndComments(lineBegins: lineBegins, whitespaceStart: whitespaceStart)
            }
            // What the general loop does at a line feed after spaces.
            index += 1
            line += 1
            lineStart = index
            if flowLevel == 0 { allowSimpleKey = true }
            lineBegins = true
            whitespaceStart = index
        }
    }

    /// `scanToNextToken` past the first spaces of the current line (from `whitespaceStart`).
    @inline(never)
    mutating func scanWhiteSpaceAndComments(lineBegins firstLineBegins: Bool, whitespaceStart firstStart: Int) throws(YAMLSyntaxError) {
        var lineBegins = firstLineBegins
        var whitespaceStart = firstStart
        while true {
            var spaces = index - whitespaceStart
            var sawTab = false
            // Tabs and a byte order mark.
            if index < end, bytes[index] == .tab || (index == 0 && bytes[index] == 0xEF) {
                while index < end {
                    let byte = bytes[index]
                    if byte == .space {
                        if !sawTab { spaces += 1 }
                    } else if byte == .tab {
                        if !sawTab { tabPosition = position }
                        sawTab = true
                    } else if index == 0, byte == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF {
                        index += 2
                    } else {
                        break
                    }
                    index += 1
                }
            }
            if current == UInt8(ascii: "#") {
                if index > 0, index == whitespaceStart, !lineBegins, !bytes[index - 1].isWhitespace {
                    throw error("a comment must be separated from other tokens by white space")
                }
                scanComment(ownLine: lineBegins && whitespaceStart == lineStart)
            }
            tabBeforeToken = sawTab
            tokenStartsLine = lineBegins
            if index < end, bytes[index].isBreak {
                if let low = lowPropertyPosition {
                    throw YAMLSyntaxError(message: "a node's properties must be indented more than its parent collection", position: low)
                }
                consumeBreak()
                if flowLevel == 0 { allowSimpleKey = true }
                lineBegins = true
                whitespaceStart = index
                skipSpaces()
                continue
            }
            if lineBegins, sawTab, flowLevel == 0 {
                tabIndentedLine = line
                tabLineSpaces = spaces
            }
            if lineBegins, flowLevel > 0, checksFlowIndentation, index < end, spaces <= indent, !sawTab || spaces <= indent {
                throw error("a flow collection's lines must be indented more than the enclosing block")
            }
            return
        }
    }

    /// Moves past spaces (only ' '), a word of eight bytes at a time while it lasts.
    @inline(__always)
    mutating func skipSpaces() {
        // Locals: `self` is not reloaded on every step.
        var offset = index
        let limit = end
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= limit {
                let others = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ 0x2020_2020_2020_2020
                if others != 0 {
                    // The first byte that is not a space: the lowest non-zero byte.
                    index = offset + others.trailingZeroBitCount / 8
                    return
                }
                offset += 8
            }
        }
        while offset < limit, bytes[offset] == .space { offset += 1 }
        index = offset
    }

    mutating func scanComment(ownLine: Bool) {
        let start = position
        index += 1
        let textStart = index
        while index < end, !bytes[index].isBreak { index += 1 }
        let text = String(decoding: bytes[textStart..<index], as: UTF8.self)
        comments.append(YAMLComment(text: text, range: SourceRange(start: start, end: position), ownLine: ownLine))
    }

    /// After a directive, a block scalar header or `...`: only white space and a comment may follow.
    mutating func expectLineEnd(after what: String) throws(YAMLSyntaxError) {
        let before = index
        while index < end, bytes[index].isBlank { index += 1 }
        if current == UInt8(ascii: "#") {
            if index == before { throw error("a comment must be separated from \(what) by white space") }
            scanComment(ownLine: false)
        }
        guard isBreakOrEnd(at: index) else { throw error("expected a comment or a line break after \(what)") }
    }
}
