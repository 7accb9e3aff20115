import SourceSupport

extension InstructionBuilder {
    /// Appends the flag `word` whose decoded text is `value` (always starting with `--`).
    static func appendFlag(_ word: FlagScanner.Word, _ value: UnsafeBufferPointer<UInt8>, logical: LogicalLine, to arena: inout SyntaxArena) {
        let bytes = logical.bytes
        func span(_ start: Int, _ end: Int) -> Span { logical.span(start, end) }
        func offsets(_ start: Int, _ end: Int) -> OffsetRange { logical.offsets(start, end) }
        // Split `--name=value` on bytes (`=` is ASCII).
        let raw = word.isVerbatim ? span(word.start, word.end) : arena.intern(value)
        let base = value.startIndex
        let nameStart = min(2, value.count)
        let valueEquals = value[(base + nameStart)...].firstIndex(of: UInt8(ascii: "=")).map { $0 - base }
        let name = Span(start: raw.start + nameStart, end: raw.start + (valueEquals ?? value.count))
        let flagValue = valueEquals.map { Span(start: raw.start + $0 + 1, end: raw.end) } ?? .none
        // Locate `=` in the source text for the name and value ranges.
        var equalsAt: Int?
        var index = word.start
        while index < word.end {
            if bytes[index] == UInt8(ascii: "=") { equalsAt = index; break }
            index += 1
        }
        let nameEnd = equalsAt ?? word.end
        arena.flags.append(FlagRecord(
            raw: raw, name: name, value: flagValue, range: offsets(word.start, word.end),
            nameRange: offsets(min(word.start + 2, nameEnd), nameEnd),
            valueRange: equalsAt.map { offsets($0 + 1, word.end) } ?? .none))
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
            var plain = index
            while plain < end {
                let byte = bytes[plain]
                if byte >= 0x80 || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || ByteClass.isByteRuneSpace(byte) { break }
                plain += 1
            }
            if plain == end || ByteClass.isByteRuneSpace(bytes[plain]) {
                index = plain
                // `--` ends the flags; BuildKit keeps the text after it (from the following space).
                if plain - wordStart == 2 { return index }
                found(Word(start: wordStart, end: plain, isVerbatim: true), UnsafeBufferPointer(rebasing: bytes[wordStart..<plain]))
                continue
            }
            value.removeAll(keepingCapacity: true)
            var verbatim = true
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
                    append(bytes[index], verbatim: &verbatim)
                    index += 1
                    continue
                }
                if ByteClass.isByteRuneSpace(byte) { break }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    sawQuote = true
                    verbatim = false
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    verbatim = false
                    if index + 1 == end { index += 1; continue }
                    index += 1
                }
                append(bytes[index], verbatim: &verbatim)
                index += 1
            }
            let isBareDoubleDash = value.count == 2 && value[0] == UInt8(ascii: "-") && value[1] == UInt8(ascii: "-")
            if isBareDoubleDash {
                // `--` ends the flags; BuildKit keeps the text after it (from the following space).
                return index
            }
            if sawQuote || !value.isEmpty {
                let word = Word(start: wordStart, end: index, isVerbatim: verbatim)
                value.withUnsafeBufferPointer { found(word, $0) }
            }
        }
    }

    /// Go's `string(rune(b))` on a single byte: bytes from 0x80 become two-byte UTF-8 (Latin-1).
    @inline(__always)
    private mutating func append(_ byte: UInt8, verbatim: inout Bool) {
        if byte < 0x80 {
            value.append(byte)
        } else {
            verbatim = false
            value.append(0xC0 | (byte >> 6))
            value.append(0x80 | (byte & 0x3F))
        }
    }
}
