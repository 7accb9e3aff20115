import SourceSupport

extension InstructionBuilder {
    /// Appends the flag `word` whose decoded text is `value` (always starting with `--`). Inlined
    /// into the scanner's loop, and split at the `=` the scan noted (it searched the value and then
    /// the source for it, a third of the flags' instructions).
    @inline(__always)
    static func appendFlag(_ word: FlagScanner.Word, _ value: UnsafeBufferPointer<UInt8>, logical: LogicalLine, to arena: inout SyntaxArena) {
        let raw = word.isVerbatim ? logical.span(word.start, word.end) : arena.intern(value)
        let nameStart = min(2, value.count)
        let hasValue = word.valueEquals >= 0
        let name = Span(start: raw.start + nameStart, end: raw.start + (hasValue ? word.valueEquals : value.count))
        let flagValue = hasValue ? Span(start: raw.start + word.valueEquals + 1, end: raw.end) : .none
        let nameEnd = hasValue ? word.equalsAt : word.end
        arena.flags.append(FlagRecord(
            raw: raw, name: name, value: flagValue, range: logical.offsets(word.start, word.end),
            nameRange: logical.offsets(min(word.start + 2, nameEnd), nameEnd),
            valueRange: hasValue ? logical.offsets(word.equalsAt + 1, word.end) : .none))
    }
}

/// BuildKit's flag extraction: leading words starting with `--`, quotes and backslashes resolved,
/// scanned byte by byte (so non-ASCII bytes come out as Latin-1 code points, and the bytes 0x85 and
/// 0xA0 separate words), ending at the first other word or at a bare `--`.
struct FlagScanner {
    struct Word {
        var start: Int
        var end: Int
        /// The decoded text equals the bytes as written (no quotes, escapes or bytes from 0x80).
        var isVerbatim: Bool
        /// The first `=`: its position in the line and its offset in the decoded text, -1 for none
        /// (every `=` of the source is in the text, so the first of each is the same one).
        var equalsAt: Int
        var valueEquals: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    /// The current word's decoded bytes (reused from word to word).
    var value: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    /// Calls `found` with each flag word and its decoded text; returns where the arguments after the flags start.
    mutating func scan(from start: Int, _ found: (Word, UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        var index = start
        while true {
            while index < end, ByteClass.isByteRuneSpace(bytes[index]) { index += 1 }
            guard index + 1 < end, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") else { return index }
            let wordStart = index
            // Fast path: plain ASCII up to a space or the end is its own text.
            var equalsAt = -1
            var plain = index
            while true {
                plain = RunStops.runEnd(bytes, from: plain, to: end, RunStops.flag)
                guard plain < end, bytes[plain] == UInt8(ascii: "=") else { break }
                if equalsAt < 0 { equalsAt = plain }
                plain += 1
            }
            if plain == end || ByteClass.isByteRuneSpace(bytes[plain]) {
                index = plain
                // `--` ends the flags; BuildKit keeps the text after it (from the following space).
                if plain - wordStart == 2 { return index }
                let word = Word(start: wordStart, end: plain, isVerbatim: true, equalsAt: equalsAt,
                                valueEquals: equalsAt < 0 ? -1 : equalsAt - wordStart)
                found(word, UnsafeBufferPointer(rebasing: bytes[wordStart..<plain]))
                continue
            }
            value.removeAll(keepingCapacity: true)
            var word = Word(start: wordStart, end: wordStart, isVerbatim: true, equalsAt: -1, valueEquals: -1)
            var quote: UInt8 = 0
            var sawQuote = false
            while index < end {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0; index += 1; continue }
                    if byte == UInt8(ascii: "\\") {
                        if index + 1 == end { quote = 0; index += 1; continue }
                        index += 1
                    }
                    append(at: index, to: &word)
                    index += 1
                    continue
                }
                if ByteClass.isByteRuneSpace(byte) { break }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    sawQuote = true
                    word.isVerbatim = false
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    word.isVerbatim = false
                    if index + 1 == end { index += 1; continue }
                    index += 1
                }
                append(at: index, to: &word)
                index += 1
            }
            let isBareDoubleDash = value.count == 2 && value[0] == UInt8(ascii: "-") && value[1] == UInt8(ascii: "-")
            if isBareDoubleDash {
                // `--` ends the flags; BuildKit keeps the text after it (from the following space).
                return index
            }
            if sawQuote || !value.isEmpty {
                word.end = index
                value.withUnsafeBufferPointer { found(word, $0) }
            }
        }
    }

    /// Appends the byte at `index` the way Go's `string(rune(b))` converts it: bytes from 0x80
    /// become two-byte UTF-8 (Latin-1). Notes the first `=`.
    @inline(__always)
    private mutating func append(at index: Int, to word: inout Word) {
        let byte = bytes[index]
        if byte < 0x80 {
            if byte == UInt8(ascii: "="), word.equalsAt < 0 {
                word.equalsAt = index
                word.valueEquals = value.count
            }
            value.append(byte)
        } else {
            word.isVerbatim = false
            value.append(0xC0 | (byte >> 6))
            value.append(0x80 | (byte & 0x3F))
        }
    }
}
