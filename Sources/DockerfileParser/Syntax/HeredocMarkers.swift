import SourceSupport

/// Finds the heredoc markers of a RUN/COPY/ADD line as BuildKit does: the line is split into shell
/// words (quotes and escapes kept); a word `[n]<<[-]WORD` whose WORD (quotes and escapes removed) is
/// one word names a heredoc. An unterminated quote or `${` on the line means no heredocs at all,
/// because BuildKit's lexer fails on it.
enum HeredocMarkers {
    /// Appends the line's heredoc marks to `marks`, their names (decoded) to the arena's text.
    /// Words are looked at as they are found, with nothing collected apart (a heredoc line cost a
    /// dozen allocations when words, names and marks were arrays and strings of their own); when a
    /// quote or `${` turns out to be left open, what this call appended is taken back.
    static func find(in logical: LogicalLine, from start: Int, to end: Int, arena: inout SyntaxArena, into marks: inout [HeredocMark]) {
        let bytes = logical.bytes
        let marksStart = marks.count
        let textCount = arena.text.count
        let closed = forEachRawWord(bytes, from: start, to: end) { wordStart, wordEnd in
            var index = wordStart
            while index < wordEnd, ByteClass.isDigit(bytes[index]) { index += 1 }
            guard index + 1 < wordEnd, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") else { return }
            let descriptor = Int(ByteClass.string(bytes, wordStart, index)) ?? 0
            index += 2
            var strips = false
            if index < wordEnd, bytes[index] == UInt8(ascii: "-") { strips = true; index += 1 }
            let nameStart = index
            guard nameStart < wordEnd, !bytes[nameStart..<wordEnd].contains(UInt8(ascii: "<")) else { return }
            let nameText = arena.text.count
            guard let quoteCountDiffers = delimiter(bytes, from: nameStart, to: wordEnd, into: &arena.text) else {
                arena.text.removeSubrange(nameText...)
                return
            }
            let name = Span(start: arena.textBase + nameText, end: arena.textBase + arena.text.count)
            marks.append(HeredocMark(name: name, fileDescriptor: descriptor, stripsLeadingTabs: strips,
                                     expandsVariables: !quoteCountDiffers, range: logical.offsets(wordStart, wordEnd)))
        }
        if !closed {
            marks.removeSubrange(marksStart...)
            arena.text.removeSubrange(textCount...)
        }
    }

    /// Calls `found` with each word's bounds (white space outside quotes separates words); false
    /// when a quote or `${` is left open (the words found before it were passed all the same).
    @inline(__always)
    static func forEachRawWord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ found: (Int, Int) -> Void) -> Bool {
        var index = start
        var wordStart = -1
        while index < end {
            let byte = bytes[index]
            let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
            if spaceWidth > 0 {
                if wordStart >= 0 { found(wordStart, index); wordStart = -1 }
                index += spaceWidth
                continue
            }
            if wordStart < 0 { wordStart = index }
            switch byte {
            case UInt8(ascii: "\\"):
                index += 2
            case UInt8(ascii: "'"):
                guard let close = find(UInt8(ascii: "'"), bytes, from: index + 1, to: end) else { return false }
                index = close + 1
            case UInt8(ascii: "\""):
                var cursor = index + 1
                var closed = false
                while cursor < end {
                    if bytes[cursor] == UInt8(ascii: "\\") { cursor += 2; continue }
                    if bytes[cursor] == UInt8(ascii: "\"") { closed = true; break }
                    cursor += 1
                }
                guard closed else { return false }
                index = cursor + 1
            case UInt8(ascii: "$"):
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "{") {
                    guard let close = find(UInt8(ascii: "}"), bytes, from: index + 2, to: end) else { return false }
                    index = close + 1
                } else {
                    index += 1
                }
            default:
                index += 1
            }
        }
        if wordStart >= 0 { found(wordStart, min(index, end)) }
        return true
    }

    /// Appends the delimiter with quotes and backslashes removed to `out`; returns whether quoting
    /// changed it (no expansion then), nil (with `out` partly written) when it is empty or a quote
    /// is left open. A quoted or escaped space stays in the name (`<<"END OF FILE"`): BuildKit's
    /// parser keeps it, and the terminator line must match it exactly.
    static func delimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) -> Bool? {
        let outStart = out.count
        var quotesInRaw = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"):
                quotesInRaw += 2
                guard let close = find(byte, bytes, from: index + 1, to: end) else { return nil }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]))
                index = close + 1
            case UInt8(ascii: "\""):
                quotesInRaw += 2
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < end { index += 1 }
                    out.append(bytes[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
            case UInt8(ascii: "\\"):
                if index + 1 < end { out.append(bytes[index + 1]) }
                index += 2
            default:
                out.append(byte)
                index += 1
            }
        }
        guard out.count > outStart else { return nil }
        return quotesInRaw > 0
    }

    private static func find(_ target: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == target { return index }
            index += 1
        }
        return nil
    }
}
