/// Removes one level of quotes and escapes from a word, the way BuildKit's shell lexer reads ENV,
/// LABEL and ARG values (without expanding variables).
enum Unquote {
    /// The text of `source[from..<to]` unquoted, as a span; `base + position` is the span of a
    /// position of `source` (which must not be the store's text: that is appended to).
    ///
    /// What unquoting keeps is a series of runs of the source. When it is one run, as in
    /// `"value"` or `'a b'`, the result is that run's span and nothing is copied (most quoted
    /// values); otherwise the runs are appended to the store's text, each in one copy.
    static func span(_ source: UnsafeBufferPointer<UInt8>, from: Int, to count: Int, base: Int, escape: UInt8,
                     arena: inout SyntaxArena) -> Span {
        /// The first run kept, until a second one makes a copy necessary.
        var firstStart = from
        var firstEnd = from
        /// Where the copy starts in the store's text, -1 until one is made.
        var copyStart = -1
        func keep(_ start: Int, _ end: Int) {
            guard end > start else { return }
            if copyStart < 0 {
                if firstEnd == firstStart {
                    firstStart = start
                    firstEnd = end
                    return
                }
                copyStart = arena.text.count
                arena.text.append(contentsOf: UnsafeBufferPointer(rebasing: source[firstStart..<firstEnd]))
            }
            arena.text.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
        }
        var index = from
        while index < count {
            let byte = source[index]
            if byte == UInt8(ascii: "'") {
                index += 1
                let start = index
                while index < count, source[index] != UInt8(ascii: "'") { index += 1 }
                keep(start, index)
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                var start = index
                while index < count {
                    let inner = source[index]
                    if inner == UInt8(ascii: "\"") { break }
                    if inner == escape, index + 1 < count {
                        let next = source[index + 1]
                        // Inside double quotes the escape only escapes `"`, `$`, the escape itself and `` ` ``.
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "$") || next == escape || next == UInt8(ascii: "`") {
                            keep(start, index)
                            keep(index + 1, index + 2)
                            index += 2
                            start = index
                            continue
                        }
                    }
                    index += 1
                }
                keep(start, min(index, count))
                index += 1
            } else if byte == escape, index + 1 < count {
                keep(index + 1, index + 2)
                index += 2
            } else {
                let start = index
                index = ByteClass.firstQuoteOrEscape(source, from: index + 1, to: count, escape: escape)
                keep(start, index)
            }
        }
        if copyStart >= 0 { return Span(start: arena.textBase + copyStart, end: arena.textBase + arena.text.count) }
        return Span(start: base + firstStart, end: base + firstEnd)
    }
}
