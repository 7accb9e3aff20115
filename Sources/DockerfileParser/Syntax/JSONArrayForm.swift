/// Exec form detection with the behaviour of Go's `json.Decoder` as BuildKit uses it: the text must
/// start with `[`; the first JSON value is decoded and anything after it is ignored; any syntax error
/// means "not exec form" (shell form instead); a valid array with a non-string element is an error.
enum JSONArrayForm {
    enum Result {
        case notAnArray
        /// The strings are in `items`: each one's decoded bytes are `decoded[value]`, and
        /// `start..<end` is where it is written.
        case strings
        case nonStringElement(start: Int, end: Int)
    }

    static let maximumDepth = 10_000

    /// Decoded strings are appended to `decoded` (whatever it already holds is kept; on a result
    /// other than `.strings` some bytes may have been appended) and listed in `items` (emptied first).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, decoded: inout [UInt8],
                      items: inout [(value: Range<Int>, start: Int, end: Int)]) -> Result {
        items.removeAll(keepingCapacity: true)
        guard start < end, bytes[start] == UInt8(ascii: "[") else { return .notAnArray }
        var reader = Reader(bytes: bytes, index: start + 1, end: end)
        swap(&reader.out, &decoded)
        defer { swap(&reader.out, &decoded) }
        var firstNonString: (Int, Int)?
        reader.skipSpace()
        if reader.peek() == UInt8(ascii: "]") { return .strings }
        while true {
            reader.skipSpace()
            let elementStart = reader.index
            if reader.peek() == UInt8(ascii: "\"") {
                guard let value = reader.readString() else { return .notAnArray }
                items.append((value, elementStart, reader.index))
            } else {
                guard reader.skipValue(depth: 1) else { return .notAnArray }
                if firstNonString == nil { firstNonString = (elementStart, reader.index) }
            }
            reader.skipSpace()
            switch reader.peek() {
            case UInt8(ascii: ","): reader.index += 1
            case UInt8(ascii: "]"):
                if let (from, to) = firstNonString { return .nonStringElement(start: from, end: to) }
                return .strings
            default: return .notAnArray
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int
        /// The decoded bytes of every string read so far.
        var out: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, index: Int, end: Int) {
            self.bytes = bytes
            self.index = index
            self.end = end
        }

        func peek() -> UInt8? { index < end ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < end {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }

        /// Reads a JSON string (index at its opening quote); nil on a syntax error.
        mutating func readString() -> Range<Int>? {
            index += 1
            let first = out.count
            while index < end {
                // A run of printable ASCII other than `"` and `\` is copied at once.
                let runStart = index
                while index < end {
                    let plain = bytes[index]
                    guard plain >= 0x20, plain < 0x80, plain != UInt8(ascii: "\""), plain != UInt8(ascii: "\\") else { break }
                    index += 1
                }
                if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                guard index < end else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { index += 1; return first..<out.count }
                if byte < 0x20 { return nil }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < end else { return nil }
                    let escaped = bytes[index + 1]
                    index += 2
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var code = readHex4() else { return nil }
                        if code >= 0xD800 && code < 0xDC00 {
                            // A high surrogate needs a low one right after; otherwise it becomes U+FFFD.
                            if index + 5 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                                let saved = index
                                index += 2
                                if let low = readHex4(), low >= 0xDC00 && low < 0xE000 {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                } else {
                                    index = saved
                                    code = 0xFFFD
                                }
                            } else {
                                code = 0xFFFD
                            }
                        } else if code >= 0xDC00 && code < 0xE000 {
                            code = 0xFFFD
                        }
                        ByteClass.appendScalar(code, to: &out)
                    default: return nil
                    }
                    continue
                }
                if byte < 0x80 { out.append(byte); index += 1; continue }
                let (scalar, width) = ByteClass.decode(bytes, at: index, end: end)
                ByteClass.appendScalar(scalar ?? 0xFFFD, to: &out)
                index += width
            }
            return nil
        }

        mutating func readHex4() -> UInt32? {
            guard index + 4 <= end else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        /// Skips any JSON value; false on a syntax error or nesting deeper than Go allows. Iterative,
        /// with the open containers on a stack of its own: recursing 10,000 levels deep overflowed
        /// the stack of a debug build.
        mutating func skipValue(depth: Int) -> Bool {
            /// Per open container, whether it is an object.
            var open: [Bool] = []
            while true {
                // A value at nesting `depth + open.count`.
                guard depth + open.count < JSONArrayForm.maximumDepth else { return false }
                skipSpace()
                guard let byte = peek() else { return false }
                switch byte {
                case UInt8(ascii: "\""):
                    guard readString() != nil else { return false }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    let isObject = byte == UInt8(ascii: "{")
                    index += 1
                    skipSpace()
                    if peek() == Self.closer(isObject) {
                        index += 1
                    } else {
                        open.append(isObject)
                        guard !isObject || skipMemberName() else { return false }
                        continue
                    }
                case UInt8(ascii: "t"): guard skipLiteral("true") else { return false }
                case UInt8(ascii: "f"): guard skipLiteral("false") else { return false }
                case UInt8(ascii: "n"): guard skipLiteral("null") else { return false }
                default: guard skipNumber() else { return false }
                }
                // The value is complete: close the containers it ends, or go on to the next element.
                while true {
                    guard let isObject = open.last else { return true }
                    skipSpace()
                    if peek() == UInt8(ascii: ",") {
                        index += 1
                        guard !isObject || skipMemberName() else { return false }
                        break
                    }
                    guard peek() == Self.closer(isObject) else { return false }
                    index += 1
                    open.removeLast()
                }
            }
        }

        private static func closer(_ isObject: Bool) -> UInt8 { isObject ? UInt8(ascii: "}") : UInt8(ascii: "]") }

        /// `"name":` before an object member's value.
        private mutating func skipMemberName() -> Bool {
            skipSpace()
            guard peek() == UInt8(ascii: "\""), readString() != nil else { return false }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { return false }
            index += 1
            return true
        }

        mutating func skipLiteral(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= end else { return false }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += length
            return true
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func skipNumber() -> Bool {
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), ByteClass.isDigit(first) else { return false }
            index += 1
            if first != UInt8(ascii: "0") { while let byte = peek(), ByteClass.isDigit(byte) { index += 1 } }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let byte = peek(), ByteClass.isDigit(byte) else { return false }
                while let byte = peek(), ByteClass.isDigit(byte) { index += 1 }
            }
            if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                index += 1
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                guard let digit = peek(), ByteClass.isDigit(digit) else { return false }
                while let byte = peek(), ByteClass.isDigit(byte) { index += 1 }
            }
            return true
        }
    }
}
