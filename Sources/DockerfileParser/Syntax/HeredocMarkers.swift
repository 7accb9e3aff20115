import SourceSupport

/// Finds the heredoc markers of a RUN/COPY/ADD line as BuildKit does: the line is split into shell
/// words (quotes and escapes kept); a word `[n]<<[-]WORD` whose WORD (quotes and escapes removed) is
/// one word names a heredoc. An unterminated quote or `${` on the line means no heredocs at all,
/// because BuildKit's lexer fails on it.
enum HeredocMarkers {
    static func find(in logical: LogicalLine, from start: Int, to end: Int, lines: SourceLocator) -> [HeredocMark] {
        let bytes = logical.bytes
        guard let words = rawWords(bytes, from: start, to: end) else { return [] }
        var marks: [HeredocMark] = []
        for (wordStart, wordEnd) in words {
            var index = wordStart
            while index < wordEnd, ByteClass.isDigit(bytes[index]) { index += 1 }
            guard index + 1 < wordEnd, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") else { continue }
            let descriptor = Int(ByteClass.string(bytes, wordStart, index)) ?? 0
            index += 2
            var strips = false
            if index < wordEnd, bytes[index] == UInt8(ascii: "-") { strips = true; index += 1 }
            let nameStart = index
            guard nameStart < wordEnd, !bytes[nameStart..<wordEnd].contains(UInt8(ascii: "<")) else { continue }
            guard let (name, quoteCountDiffers) = delimiter(bytes, from: nameStart, to: wordEnd) else { continue }
            marks.append(HeredocMark(name: name, fileDescriptor: descriptor, stripsLeadingTabs: strips,
                                     expandsVariables: !quoteCountDiffers, range: logical.offsets(wordStart, wordEnd)))
        }
        return marks
    }

    /// Word boundaries (white space outside quotes), or nil when a quote or `${` is left open.
    static func rawWords(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [(Int, Int)]? {
        var words: [(Int, Int)] = []
        var index = start
        var wordStart = -1
        while index < end {
            let byte = bytes[index]
            let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
            if spaceWidth > 0 {
                if wordStart >= 0 { words.append((wordStart, index)); wordStart = -1 }
                index += spaceWidth
                continue
            }
            if wordStart < 0 { wordStart = index }
            switch byte {
            case UInt8(ascii: "\\"):
                index += 2
            case UInt8(ascii: "'"):
                guard let close = find(UInt8(ascii: "'"), bytes, from: index + 1, to: end) else { return nil }
                index = close + 1
            case UInt8(ascii: "\""):
                var cursor = index + 1
                var closed = false
                while cursor < end {
                    if bytes[cursor] == UInt8(ascii: "\\") { cursor += 2; continue }
                    if bytes[cursor] == UInt8(ascii: "\"") { closed = true; break }
                    cursor += 1
                }
                guard closed else { return nil }
                index = cursor + 1
            case UInt8(ascii: "$"):
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "{") {
                    guard let close = find(UInt8(ascii: "}"), bytes, from: index + 2, to: end) else { return nil }
                    index = close + 1
                } else {
                    index += 1
                }
            default:
                index += 1
            }
        }
        if wordStart >= 0 { words.append((wordStart, min(index, end))) }
        return words
    }

    /// The delimiter with quotes and backslashes removed, and whether quoting changed it (no expansion then).
    /// Nil when it is empty or a quote is left open. A quoted or escaped space stays in the name
    /// (`<<"END OF FILE"`): BuildKit's parser keeps it, and the terminator line must match it exactly.
    static func delimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (String, Bool)? {
        var out: [UInt8] = []
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
        guard !out.isEmpty else { return nil }
        return (String(decoding: out, as: UTF8.self), quotesInRaw > 0)
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
