/// Exec form detection with the behaviour of Go's `json.Decoder` as BuildKit uses it: the text must
/// start with `[`; the first JSON value is decoded and anything after it is ignored; any syntax error
/// means "not exec form" (shell form instead); a valid array with a non-string element is an error.
enum JSONArrayForm {
    enum Result {
        case notAnArray
        /// Each string's record was appended to the arena's `values`.
        case strings
        case nonStringElement(start: Int, end: Int)
    }

    static let maximumDepth = 10_000

    /// Reads the array at `start..<end` of the line, appending a `ValueRecord` per string as it
    /// goes (no list of items is built). On a result other than `.strings` the caller removes what
    /// was appended to the arena's `values` and `text`.
    static func parse(_ logical: LogicalLine, from start: Int, to end: Int, arena: inout SyntaxArena) -> Result {
        guard start < end, logical.bytes[start] == UInt8(ascii: "[") else { return .notAnArray }
        var reader = Reader(bytes: logical.bytes, index: start + 1, end: end, lineBase: logical.storeBase, textBase: arena.textBase)
        // Decoded strings go straight into the store's text.
        swap(&reader.out, &arena.text)
        defer { swap(&reader.out, &arena.text) }
        var firstNonString: (Int, Int)?
        reader.skipSpace()
        if reader.peek() == UInt8(ascii: "]") { return .strings }
        while true {
            reader.skipSpace()
            let elementStart = reader.index
            if reader.peek() == UInt8(ascii: "\"") {
                guard let value = reader.readString() else { return .notAnArray }
                arena.values.append(ValueRecord(value: value, range: logical.offsets(elementStart, reader.index)))
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
        /// The span offsets of `bytes[0]` and of `out[0]`.
        let lineBase: Int
        let textBase: Int
        /// The store's text, to which strings that differ from their bytes are decoded.
        var out: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, index: Int, end: Int, lineBase: Int, textBase: Int) {
            self.bytes = bytes
            self.index = index
            self.end = end
            self.lineBase = lineBase
            self.textBase = textBase
        }

        func peek() -> UInt8? { index < end ? bytes[index] : nil }

        mutating func skipSpace() {
            while index < end {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }

        /// Reads a JSON string (index at its opening quote) and returns the span of its value; nil
        /// on a syntax error. A string without escapes or invalid UTF-8 (nearly all) is its own
        /// bytes: only the others are decoded into `out`.
        mutating func readString() -> Span? {
            index += 1
            let contentStart = index
            while true {
                index = RunStops.runEnd(bytes, from: index, to: end, RunStops.jsonString)
                guard index < end else { return nil }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return Span(start: lineBase + contentStart, end: lineBase + index - 1)
                }
                guard byte >= 0x80 else { break }
                // Valid UTF-8 decodes to itself.
                let (scalar, width) = ByteClass.decode(bytes, at: index, end: end)
                guard scalar != nil else { break }
                index += width
            }
            let first = out.count
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
            guard decodeString() else { return nil }
            return Span(start: textBase + first, end: textBase + out.count)
        }

        /// Decodes the rest of a string into `out`, up to and past its closing quote; false on a
        /// syntax error.
        private mutating func decodeString() -> Bool {
            while index < end {
                // A run of printable ASCII other than `"` and `\` is copied at once.
                let runStart = index
                index = RunStops.runEnd(bytes, from: index, to: end, RunStops.jsonString)
                if index > runStart { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                guard index < end else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { index += 1; return true }
                if byte < 0x20 { return false }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < end else { return false }
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
                        guard var code = readHex4() else { return false }
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
                    default: return false
                    }
                    continue
                }
                let (scalar, width) = ByteClass.decode(bytes, at: index, end: end)
                ByteClass.appendScalar(scalar ?? 0xFFFD, to: &out)
                index += width
            }
            return false
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
