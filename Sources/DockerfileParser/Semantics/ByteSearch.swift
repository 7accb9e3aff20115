/// Byte searches eight bytes at a time (SWAR): the values, names and image references the semantic
/// phase scans are mostly letters, digits and punctuation with no byte it looks for, and a
/// byte-by-byte loop with four or five comparisons per byte was a fifth of the phase.
enum ByteSearch {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func pattern(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// Nonzero exactly when some byte of `word` equals the byte `pattern` repeats (the classic
    /// "has zero byte" test on `word ^ pattern`). Exact about existence, and about the lowest
    /// matching byte: a borrow can only mark bytes above a true match, so the lowest set bit of
    /// the result (of several results or-ed) is in the first matching byte.
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highBits
    }

    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// The last bytes of `bytes` (fewer than eight from `index`, at least one) in one word, without
    /// reading outside them: some bytes may appear twice and missing ones are zero, which is right
    /// for tests of presence (the bytes looked for are not zero) and for hashes (the same bytes
    /// always make the same word). From eight bytes on, the last eight are read instead.
    @inline(__always)
    static func lastWord(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> UInt64 {
        if bytes.count >= 8 { return load(bytes, bytes.count - 8) }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let remaining = bytes.count - index
        if remaining >= 4 {
            let low = raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)
            let high = raw.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)
            return UInt64(low) | UInt64(high) << 32
        }
        if remaining >= 2 {
            let low = raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)
            let high = raw.loadUnaligned(fromByteOffset: bytes.count - 2, as: UInt16.self)
            return UInt64(low) | UInt64(high) << 16
        }
        return UInt64(bytes[index])
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
        if index < bytes.count { high |= lastWord(bytes, from: index) }
        return high & highBits == 0
    }

    /// Equal bytes (of equal counts), compared eight at a time.
    @inline(__always)
    static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 8 <= left.count {
            if load(left, index) != load(right, index) { return false }
            index += 8
        }
        return index == left.count || lastWord(left, from: index) == lastWord(right, from: index)
    }

    /// A hash of `bytes`, eight at a time (`word` applied to each word read, as lower-casing).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ word: (UInt64) -> UInt64 = { $0 }) -> UInt64 {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ word(load(bytes, index))) &* 0x100_0000_01B3
            hash ^= hash >> 29
            index += 8
        }
        if index < bytes.count {
            hash = (hash ^ word(lastWord(bytes, from: index))) &* 0x100_0000_01B3
            hash ^= hash >> 29
        }
        // A product depends only on the factor's lower bits: the last byte read moved the highest
        // bits alone. Folding and multiplying once more, and keeping the high half, makes every
        // bit of the result (tables use the low ones) depend on every byte.
        return ((hash ^ (hash >> 32)) &* 0x9E37_79B9_7F4A_7C15) >> 32
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
        if bytes.count >= 8 {
            let pa = pattern(a), pb = pattern(b), pc = pattern(c), pd = pattern(d), pe = pattern(e)
            @inline(__always) func found(_ word: UInt64) -> UInt64 {
                matches(word, pa) | matches(word, pb) | matches(word, pc) | matches(word, pd) | matches(word, pe)
            }
            while index + 8 <= bytes.count {
                let mask = found(load(bytes, index))
                if mask != 0 { return index + mask.trailingZeroBitCount >> 3 }
                index += 8
            }
            guard index < bytes.count else { return index }
            // The last eight bytes, shifted so that the first unread one is lowest. The zero bytes
            // shifted in can only match a zero among the five, after every real byte: hence `min`.
            let shift = (index - (bytes.count - 8)) * 8
            let mask = found(load(bytes, bytes.count - 8) &>> UInt64(shift))
            return mask != 0 ? min(index + mask.trailingZeroBitCount >> 3, bytes.count) : bytes.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == a || byte == b || byte == c || byte == d || byte == e { return index }
            index += 1
        }
        return index
    }
}

extension ByteSearch {
    /// The bytes are ASCII with none of `"#$%&'` nor `escape` (not zero): such a value expands to
    /// itself. `"`, `$` and `'` are tested as the range 0x22...0x27 (two additions rather than
    /// three comparisons a word), so `#`, `%` and `&` send a value to the exact test (`ByteScan`).
    @inline(__always)
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, escape: UInt8) -> Bool {
        guard !bytes.isEmpty else { return true }
        let escapes = pattern(escape)
        var found: UInt64 = 0
        @inline(__always) func scan(_ word: UInt64) {
            // From ASCII bytes the sums carry into no other byte (any other byte sets `found` anyway).
            let fromQuote = word &+ (0x80 - 0x22) &* ones, pastQuote = word &+ (0x80 - 0x28) &* ones
            found |= word | (fromQuote & ~pastQuote) | matches(word, escapes)
        }
        var index = 0
        while index + 8 <= bytes.count {
            scan(load(bytes, index))
            index += 8
        }
        if index < bytes.count { scan(lastWord(bytes, from: index)) }
        return found & highBits == 0
    }
}

/// What one pass over a value's bytes tells (the escape character is not zero: see `lastWord`).
struct ByteScan {
    var isASCII = true
    /// A `$`, quote or the escape character: expanding may change the bytes.
    var needsExpansion = false
    /// A `$` or `"`: what makes an image reference worth expanding.
    var hasDollarOrDoubleQuote = false
    /// A `$`: without one, expanding only removes quotes and escapes (no variable is read).
    var hasDollar = false

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, escape: UInt8) {
        guard !bytes.isEmpty else { return }
        let dollarPattern = ByteSearch.pattern(UInt8(ascii: "$")), doublePattern = ByteSearch.pattern(UInt8(ascii: "\""))
        let singlePattern = ByteSearch.pattern(UInt8(ascii: "'")), escapePattern = ByteSearch.pattern(escape)
        var high: UInt64 = 0, dollar: UInt64 = 0, double: UInt64 = 0, weak: UInt64 = 0
        @inline(__always) func scan(_ word: UInt64) {
            high |= word
            dollar |= ByteSearch.matches(word, dollarPattern)
            double |= ByteSearch.matches(word, doublePattern)
            weak |= ByteSearch.matches(word, singlePattern) | ByteSearch.matches(word, escapePattern)
        }
        var index = 0
        while index + 8 <= bytes.count {
            scan(ByteSearch.load(bytes, index))
            index += 8
        }
        if index < bytes.count { scan(ByteSearch.lastWord(bytes, from: index)) }
        isASCII = high & ByteSearch.highBits == 0
        hasDollar = dollar != 0
        hasDollarOrDoubleQuote = dollar | double != 0
        needsExpansion = dollar | double | weak != 0
    }

    /// What a pass over these bytes and then `other`'s tells.
    func merged(with other: ByteScan) -> ByteScan {
        var scan = self
        scan.isASCII = isASCII && other.isASCII
        scan.needsExpansion = needsExpansion || other.needsExpansion
        scan.hasDollarOrDoubleQuote = hasDollarOrDoubleQuote || other.hasDollarOrDoubleQuote
        scan.hasDollar = hasDollar || other.hasDollar
        return scan
    }
}
