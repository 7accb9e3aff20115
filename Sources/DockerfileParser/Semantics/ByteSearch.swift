/// Byte searches eight bytes at a time (SWAR): the values and image references the semantic phase
/// scans are mostly letters, digits and punctuation with no byte it looks for, and a byte-by-byte
/// loop with four or five comparisons per byte was a fifth of the phase.
enum ByteSearch {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func pattern(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// Nonzero exactly when some byte of `word` equals the byte `pattern` repeats (the classic
    /// "has zero byte" test on `word ^ pattern`: exact about existence, not about position).
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highBits
    }

    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// All bytes are ASCII.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= load(bytes, index)
            index += 8
        }
        if high & highBits != 0 { return false }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// The first index from `start` holding `byte` (the count when none does).
    @inline(__always)
    static func firstIndex(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, of byte: UInt8) -> Int {
        var index = start
        let target = pattern(byte)
        while index + 8 <= bytes.count && matches(load(bytes, index), target) == 0 { index += 8 }
        while index < bytes.count && bytes[index] != byte { index += 1 }
        return index
    }

    /// The first index from `start` holding one of the five bytes (the count when none does).
    @inline(__always)
    static func firstIndex(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, of a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8) -> Int {
        var index = start
        if index + 8 <= bytes.count {
            let pa = pattern(a), pb = pattern(b), pc = pattern(c), pd = pattern(d), pe = pattern(e)
            while index + 8 <= bytes.count {
                let word = load(bytes, index)
                if matches(word, pa) | matches(word, pb) | matches(word, pc) | matches(word, pd) | matches(word, pe) != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == a || byte == b || byte == c || byte == d || byte == e { return index }
            index += 1
        }
        return index
    }
}

/// What one pass over a value's bytes tells.
struct ByteScan {
    var isASCII = true
    /// A `$`, quote or the escape character: expanding may change the bytes.
    var needsExpansion = false
    /// A `$` or `"`: what makes an image reference worth expanding.
    var hasDollarOrDoubleQuote = false

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, escape: UInt8) {
        var index = 0
        if bytes.count >= 8 {
            let dollar = ByteSearch.pattern(UInt8(ascii: "$")), double = ByteSearch.pattern(UInt8(ascii: "\""))
            let single = ByteSearch.pattern(UInt8(ascii: "'")), escapes = ByteSearch.pattern(escape)
            var high: UInt64 = 0, strong: UInt64 = 0, weak: UInt64 = 0
            while index + 8 <= bytes.count {
                let word = ByteSearch.load(bytes, index)
                high |= word
                strong |= ByteSearch.matches(word, dollar) | ByteSearch.matches(word, double)
                weak |= ByteSearch.matches(word, single) | ByteSearch.matches(word, escapes)
                index += 8
            }
            isASCII = high & ByteSearch.highBits == 0
            hasDollarOrDoubleQuote = strong != 0
            needsExpansion = strong != 0 || weak != 0
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte >= 0x80 { isASCII = false; continue }
            if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "\"") {
                needsExpansion = true
                hasDollarOrDoubleQuote = true
            } else if byte == UInt8(ascii: "'") || byte == escape {
                needsExpansion = true
            }
        }
    }
}
