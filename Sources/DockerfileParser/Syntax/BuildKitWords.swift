/// BuildKit's `parseWords` (ENV, LABEL, ARG): words separated by Unicode white space, where quotes
/// group (and are kept) and the escape character keeps the next character (both kept); the text is
/// decoded as UTF-8, invalid bytes becoming U+FFFD. An escape character at the very end is dropped.
///
/// One pass a word also notes what the `KEY=value` parsers need, so that nothing is scanned twice:
/// where the first `=` is, and which parts hold a quote or the escape character (only those are
/// unquoted). Used as an iterator (`next()`), not with a closure: a closure per word was called
/// through a context and copied what it captured.
struct BuildKitWords {
    struct Word {
        var start = 0
        var end = 0
        /// The text is `bytes[start..<end]` as written; otherwise it is in `BuildKitWords.text`
        /// (after invalid UTF-8, or an escape character at the very end).
        var isVerbatim = true
        /// The first `=` of the word (BuildKit splits the text on bytes, and `=` is ASCII, quoted or
        /// escaped or not): its position in the line and its offset in the text, -1 when none.
        var equalsAt = -1
        var textEquals = -1
        /// The text before the first `=` (all of it when there is none) holds a quote or the escape
        /// character.
        var keyIsQuoted = false
        /// The text after the first `=` holds a quote or the escape character.
        var valueIsQuoted = false
        /// The word is verbatim and its value is one quoted string, without the escape character
        /// if double-quoted (`KEY="a b"`, `KEY='a\b'`: most quoted values). Unquoted, it is the
        /// bytes between the quotes, so it needs no unquoting scan.
        var valueIsOneQuotedString = false
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let escape: UInt8
    private var index: Int
    /// The last word found by `next()`.
    private(set) var word = Word()
    /// The last word's text when it is not verbatim (the buffer is reused from word to word).
    var text: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escape: UInt8) {
        self.bytes = bytes
        self.index = start
        self.end = end
        self.escape = escape
    }

    /// Reads the next word into `word`; false at the end.
    mutating func next() -> Bool {
        let bytes = bytes
        let end = end
        let escape = escape
        var index = index
        defer { self.index = index }
        while true {
            // Spaces before the word (Unicode ones decoded only from a byte 0x80 or above).
            while index < end {
                let byte = bytes[index]
                if byte == ByteClass.space {
                    index &+= 1
                } else if byte < 0x80 {
                    guard ByteClass.isByteRuneSpace(byte) else { break }
                    index &+= 1
                } else {
                    let width = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
                    guard width > 0 else { break }
                    index &+= width
                }
            }
            guard index < end else { return false }

            // Built in place (a local copied into `word` at the end cost 25 instructions a word).
            word = Word(start: index)
            var copying = false
            /// A quote was seen (BuildKit's `blankOK`: the word counts even when its text is empty).
            var blankOK = false
            /// The quote the scan is inside, 0 outside quotes.
            var quote: UInt8 = 0
            /// A quote or the escape character in the current part (before or after the first `=`).
            var quoted = false
            /// Where the quote the scan is inside opened, and whether an escape character was taken in it.
            var quoteStart = -1
            var quoteHasEscape = false
            /// Where a quote opened just after the first `=` closed with no escape inside, -1 for none.
            var valueQuoteEnd = -1
            /// From here on the text differs from the bytes: copy what was read of the word so far.
            func beginCopy(upTo position: Int) {
                guard !copying else { return }
                copying = true
                text.removeAll(keepingCapacity: true)
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[word.start..<position]))
            }
            func noteEquals() {
                guard word.equalsAt < 0 else { return }
                word.equalsAt = index
                word.textEquals = copying ? text.count : index &- word.start
                word.keyIsQuoted = quoted
                quoted = false
            }
            /// Takes the scalar at `index` as it is; invalid UTF-8 becomes U+FFFD.
            func takeScalar() {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == UInt8(ascii: "=") {
                        noteEquals()
                    } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == escape {
                        quoted = true
                    }
                    if copying { text.append(byte) }
                    index &+= 1
                    return
                }
                let (scalar, width) = ByteClass.decode(bytes, at: index, end: end)
                if scalar == nil { beginCopy(upTo: index) }
                if copying { ByteClass.appendScalar(scalar ?? 0xFFFD, to: &text) }
                index &+= width
            }
            /// The escape character at `index` (outside quotes, or inside double quotes): kept with
            /// the scalar after it, whatever that is; dropped at the very end.
            func takeEscape() {
                quoted = true
                quoteHasEscape = true
                if index &+ 1 == end {
                    beginCopy(upTo: index)
                    index &+= 1
                    return
                }
                if copying { text.append(escape) }
                index &+= 1
                takeScalar()
            }

            while index < end {
                // A run of bytes that are their own text and need no test of their own.
                let runStart = index
                index = RunStops.runEnd(bytes, from: index, to: end, RunStops.word)
                if copying, index > runStart { text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                guard index < end else { break }
                let byte = bytes[index]
                // `=` and quotes (the stops of nearly every word) are handled here, not in `takeScalar`.
                if byte == UInt8(ascii: "=") {
                    noteEquals()
                    if copying { text.append(byte) }
                    index &+= 1
                    continue
                }
                if quote != 0 {
                    if byte == quote {
                        quote = 0
                        quoted = true
                        if word.equalsAt >= 0, quoteStart == word.equalsAt &+ 1, !quoteHasEscape { valueQuoteEnd = index }
                        if copying { text.append(byte) }
                        index &+= 1
                    } else if byte == escape, quote == UInt8(ascii: "\"") {
                        // An escape dropped at the end also ends the quote; nothing follows it.
                        takeEscape()
                    } else {
                        takeScalar()
                    }
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    quoteStart = index
                    quoteHasEscape = false
                    blankOK = true
                    quoted = true
                    if copying { text.append(byte) }
                    index &+= 1
                } else if byte == escape {
                    takeEscape()
                } else if byte < 0x80 {
                    if ByteClass.isByteRuneSpace(byte) { break }
                    takeScalar()
                } else {
                    if ByteClass.unicodeSpaceWidth(bytes, at: index, end: end) > 0 { break }
                    takeScalar()
                }
            }
            word.end = index
            if word.equalsAt < 0 { word.keyIsQuoted = quoted } else { word.valueIsQuoted = quoted }
            word.isVerbatim = !copying
            word.valueIsOneQuotedString = !copying && word.equalsAt >= 0 && valueQuoteEnd == index &- 1
            // Only an escape character alone at the end makes an empty word without quotes: none.
            guard blankOK || (copying ? !text.isEmpty : index > word.start) else { continue }
            return true
        }
    }
}
