/// The shell parser's byte classes, and plain words (no quotes, expansions or operators), most
/// words of real scripts: scanned a table load a byte, and those after a command's other words
/// read with everything in registers (`appendPlainWords`; whole plain commands are read by
/// `readPlainCommands`).
extension ShellParser {
    /// The end of the run of word bytes (kinds up to `2` in `byteKinds`) starting at `start`:
    /// one table load and one comparison a byte, and no bound check while eight bytes remain
    /// (the loop with one was six instructions a byte, and words average eight bytes).
    @inline(__always)
    static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let kinds = byteKinds.utf8Start
        var cursor = start
        while end &- cursor >= 8 {
            for offset in 0..<8 where kinds[Int(bytes[cursor &+ offset])] >= endsWord { return cursor &+ offset }
            cursor &+= 8
        }
        while cursor < end, kinds[Int(bytes[cursor])] < endsWord { cursor &+= 1 }
        return cursor
    }

    /// The end of the run of name characters (kinds `0` and `1`: letters, digits, `_`) from
    /// `start`, as `plainRunEnd` scans (`$APP_VERSION`: a byte at a time with a bound check cost
    /// eight instructions a byte).
    @inline(__always)
    static func nameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let kinds = byteKinds.utf8Start
        var cursor = start
        while end &- cursor >= 8 {
            for offset in 0..<8 where kinds[Int(bytes[cursor &+ offset])] &- nameStart > digit &- nameStart { return cursor &+ offset }
            cursor &+= 8
        }
        while cursor < end, kinds[Int(bytes[cursor])] &- nameStart <= digit &- nameStart { cursor &+= 1 }
        return cursor
    }

    /// What each byte is to the word reader: row `r`, column `c` is byte `16 * r + c` (a test
    /// checks the table against the sets it stands for). One table answers what a plain word asks
    /// of its bytes (can it start one, does it continue one, does it end one, is it part of a
    /// `NAME=` prefix), each with one load and one comparison. A string literal, so it is constant
    /// data with nothing to initialise. Kinds, in increasing order:
    /// - `.`: other bytes that start or continue a plain word.
    /// - `0`: ASCII letters and `_`: start or continue a plain word or a name.
    /// - `1`: digits: continue a plain word or a name; at the start of a word may begin a redirection (`2>&1`).
    /// - `2`: `#`: continues a plain word; at its start begins a comment.
    /// - `3`: ends a word: blanks, newline and `;&|<>()`.
    /// - `4`: changes how the word is read: `\r`, `\\`, quotes, `$` and the backquote.
    static let byteKinds: StaticString = """
        .........33..4..\
        ................\
        3.424.3433......\
        1111111111.33.3.\
        .000000000000000\
        00000000000.4..0\
        4000000000000000\
        00000000000.3...\
        ................\
        ................\
        ................\
        ................\
        ................\
        ................\
        ................\
        ................
        """
    static let nameStart = UInt8(ascii: "0")
    static let digit = UInt8(ascii: "1")
    static let endsWord = UInt8(ascii: "3")

    /// Where the plain word at `start` (before `end`) ends; nil if none starts there. A plain word
    /// is a run of word bytes (kinds `.` to `2`) that starts with one of kind `.`, `0` or `1` and
    /// ends at `end` or at a byte that ends words; but digits before `<` or `>` start a redirection
    /// (`2>&1`), so a word that starts with a digit and ends at those is left to the command loop.
    @inline(__always)
    static func plainWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let kinds = byteKinds.utf8Start
        let first = kinds[Int(bytes[start])]
        guard first <= digit else { return nil }
        let runEnd = plainRunEnd(bytes, from: start &+ 1, to: end)
        guard runEnd < end else { return runEnd }
        let stop = bytes[runEnd]
        guard kinds[Int(stop)] == endsWord, first != digit || (stop != UInt8(ascii: "<") && stop != UInt8(ascii: ">")) else { return nil }
        return runEnd
    }

    /// Appends the plain words (see `plainWordEnd`) from `index` on to the script's words, stops
    /// before anything else; returns how many it appended and sets `rangeEnd` to the last one's
    /// end. Most arguments are such words: read here with everything in registers, a word costs
    /// about 45 instructions plus 3 a byte (callgrind), where the command loop's general path,
    /// with its spills, cost about 100 plus 6 a byte.
    @inline(never)
    mutating func appendPlainWords(rangeEnd: inout Int) -> Int {
        let bytes = self.bytes
        let end = self.end
        let storeBase = text.storeBase
        var window = pieceWindow(at: index)
        // A local copy, written back at the end: its count and base stay in registers.
        var words = scratch.pointee.words
        let countBefore = words.count
        var cursor = index
        while true {
            let wordStart = Self.skipBlanks(bytes, from: cursor, to: end)
            cursor = wordStart
            guard wordStart < end, let runEnd = Self.plainWordEnd(bytes, from: wordStart, to: end) else { break }
            let range = offsets(wordStart, runEnd, in: &window)
            let raw = Span(start: storeBase &+ wordStart, end: storeBase &+ runEnd)
            words.append(WordRecord(value: raw, raw: raw, range: range, isQuoted: false, hasExpansion: false))
            rangeEnd = range.end
            cursor = runEnd
        }
        index = cursor
        scratch.pointee.words = words
        return words.count - countBefore
    }
}
