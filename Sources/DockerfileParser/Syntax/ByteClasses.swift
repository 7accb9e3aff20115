/// Byte-level character classes matching what BuildKit's Go code uses, so splitting agrees with it.
enum ByteClass {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    static let verticalTab: UInt8 = 0x0B, formFeed: UInt8 = 0x0C

    /// Go's `[\t\v\f\r ]` (the separator BuildKit splits keywords and word lists on).
    @inline(__always)
    static func isSplitSpace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= tab && byte <= carriageReturn && byte != newline)
    }

    /// `unicode.IsSpace(rune(byte))`: BuildKit's flag scanner tests single bytes this way, so the
    /// Latin-1 code points NEL (0x85) and NBSP (0xA0) count as spaces there.
    @inline(__always)
    static func isByteRuneSpace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= tab && byte <= carriageReturn) || byte == 0x85 || byte == 0xA0
    }

    /// Go's `unicode.IsSpace` on a scalar value.
    static func isUnicodeSpace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Decodes one scalar the way Go's `utf8.DecodeRune` does: invalid or truncated sequences give
    /// nil (Go's RuneError) with width 1.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (scalar: UInt32?, width: Int) {
        let first = bytes[index]
        if first < 0x80 { return (UInt32(first), 1) }
        func continuation(_ offset: Int) -> UInt32? {
            let position = index + offset
            guard position < end else { return nil }
            let byte = bytes[position]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        switch first {
        case 0xC2...0xDF:
            guard let b1 = continuation(1) else { return (nil, 1) }
            return ((UInt32(first & 0x1F) << 6) | b1, 2)
        case 0xE0...0xEF:
            guard let b1 = continuation(1), let b2 = continuation(2) else { return (nil, 1) }
            let value = (UInt32(first & 0x0F) << 12) | (b1 << 6) | b2
            if value < 0x800 || (value >= 0xD800 && value <= 0xDFFF) { return (nil, 1) }
            return (value, 3)
        case 0xF0...0xF4:
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) else { return (nil, 1) }
            let value = (UInt32(first & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3
            if value < 0x10000 || value > 0x10FFFF { return (nil, 1) }
            return (value, 4)
        default:
            return (nil, 1)
        }
    }

    /// Width of the Unicode white space (Go's `unicode.IsSpace`) starting at `index`, 0 if none.
    @inline(__always)
    static func unicodeSpaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return isByteRuneSpace(byte) ? 1 : 0 }
        let (scalar, width) = decode(bytes, at: index, end: end)
        guard let scalar, isUnicodeSpace(scalar) else { return 0 }
        return width
    }

    /// The first position from `start` holding `'`, `"` or `escape` (`end` when none): sixteen
    /// bytes compared at once while sixteen remain (a byte-by-byte scan cost six instructions a
    /// byte on the long values of legacy `ENV key value` lines), then byte by byte.
    @inline(__always)
    static func firstQuoteOrEscape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escape: UInt8) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let single = SIMD16<UInt8>(repeating: UInt8(ascii: "'")), double = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
            let escapes = SIMD16<UInt8>(repeating: escape)
            while index &+ 16 <= end {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                if any((block .== single) .| (block .== double) .| (block .== escapes)) { break }
                index &+= 16
            }
        }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == escape { return index }
            index &+= 1
        }
        return end
    }

    /// Go's `bytes.TrimLeftFunc(s, unicode.IsSpace)`: the first index at or after `start` that is not space.
    /// Spaces and tabs (the indentation of continuation lines) and printable ASCII (where nearly
    /// every skip ends) are decided here, inline, by one comparison each; the rest go through the
    /// general test (a call for each skip cost more than the skip).
    @inline(__always)
    static func skipUnicodeSpace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == space || byte == tab { index &+= 1; continue }
            if byte > space && byte < 0x80 { return index }
            return skipOtherUnicodeSpace(bytes, from: index, to: end)
        }
        return index
    }

    private static func skipOtherUnicodeSpace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let width = unicodeSpaceWidth(bytes, at: index, end: end)
            if width == 0 { break }
            index += width
        }
        return index
    }

    /// Go's `strings.TrimRightFunc(s, unicode.IsSpace)`: the end after removing trailing space.
    /// Printable ASCII at the end (nearly always) is decided inline.
    @inline(__always)
    static func trimUnicodeSpaceRight(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        if end > start, bytes[end - 1] > space, bytes[end - 1] < 0x80 { return end }
        return trimOtherUnicodeSpaceRight(bytes, from: start, to: end)
    }

    private static func trimOtherUnicodeSpaceRight(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = end
        while index > start {
            let byte = bytes[index - 1]
            if byte > space && byte < 0x80 { break }
            if byte < 0x80 {
                if isByteRuneSpace(byte) { index -= 1; continue }
                break
            }
            // Find the start of the trailing scalar (at most 4 bytes back) and test it.
            var lead = index - 1
            while lead > start, index - lead < 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            let (scalar, width) = decode(bytes, at: lead, end: index)
            if let scalar, lead + width == index, isUnicodeSpace(scalar) { index = lead; continue }
            break
        }
        return index
    }

    /// Appends the UTF-8 encoding of a scalar.
    @inline(__always)
    static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80: out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (value >> 6)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (value >> 12)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (value >> 18)))
            out.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    static func string(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `bytes` spell `lowercaseLetters` (ASCII letters only) in any case.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercaseLetters: StaticString) -> Bool {
        guard bytes.count == lowercaseLetters.utf8CodeUnitCount else { return false }
        return lowercaseLetters.withUTF8Buffer { letters in
            zip(bytes, letters).allSatisfy { $0 | 0x20 == $1 }
        }
    }
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
    static func isNameCharacter(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}
