import SourceSupport

/// One pass over the input before scanning: where lines start (for the `LineTable`), and the
/// first byte YAML cannot read (invalid UTF-8, a control character other than tab and line
/// breaks, a C1 control or U+FFFE/U+FFFF). The scanner stops there with an error.
struct YAMLInputCheck {
    var lineStarts: [Int]
    var firstUnreadable: Int

    init(_ bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        firstUnreadable = bytes.withUnsafeBufferPointer { YAMLInputCheck.scan($0, lineStarts: &starts) }
        lineStarts = starts
    }

    /// Every read is guarded by `index < count` (or `index + 8 <= count`, `index + length <= count`).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, lineStarts: inout [Int]) -> Int {
        let count = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        var unreadable = count
        while index < count {
            // Eight bytes at once while they are printable ASCII or line feeds (the line starts
            // after each line feed found by its bit); tabs, CR and the rest take the byte loop
            // below, one character, and come back.
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let highBits: UInt64 = 0x8080_8080_8080_8080
                if word & highBits != 0 { break }
                // Per byte, exact for ASCII (no carry crosses bytes): b < 0x20 exactly when
                // b + 0x60 has no high bit, b == 0x7F exactly when b + 0x01 has it.
                let special = (~(word &+ 0x6060_6060_6060_6060) | (word &+ 0x0101_0101_0101_0101)) & highBits
                if special != 0 {
                    let lineFeeds = YAMLWords.zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
                    if special & ~lineFeeds != 0 { break }
                    var feeds = lineFeeds
                    while feeds != 0 {
                        lineStarts.append(index + feeds.trailingZeroBitCount / 8 + 1)
                        feeds &= feeds &- 1
                    }
                }
                index += 8
            }
            guard index < count else { break }
            let byte = bytes[index]
            if byte == 0x0A {
                lineStarts.append(index + 1)
                index += 1
                continue
            }
            if byte >= 0x20, byte < 0x7F {
                index += 1
                continue
            }
            let length = unreadable == count ? readableLength(bytes, at: index) : 1
            if length == 0 {
                unreadable = index
                index += 1
            } else {
                index += length
            }
        }
        return unreadable
    }

    /// The length of the readable character at `index`, or 0.
    static func readableLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 {
            return byte == 0x09 || byte == 0x0A || byte == 0x0D ? 1 : 0
        }
        let length: Int
        var scalar: UInt32
        if byte & 0xE0 == 0xC0 { length = 2; scalar = UInt32(byte & 0x1F) }
        else if byte & 0xF0 == 0xE0 { length = 3; scalar = UInt32(byte & 0x0F) }
        else if byte & 0xF8 == 0xF0 { length = 4; scalar = UInt32(byte & 0x07) }
        else { return 0 }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar < 0xE000) { return 0 }
        // C1 controls (except NEL) and the non-characters U+FFFE/U+FFFF are not printable.
        if (scalar >= 0x80 && scalar < 0xA0 && scalar != 0x85) || scalar == 0xFFFE || scalar == 0xFFFF { return 0 }
        return length
    }
}
