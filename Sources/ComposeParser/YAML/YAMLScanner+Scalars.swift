import SourceSupport

// Scalar scanning: plain, single- and double-quoted, literal and folded. The value is built from
// bytes; a scalar that needs no folding or escapes is decoded straight from the input slice.
extension YAMLScanner {
    // MARK: - Plain

    mutating func scanPlainScalar() throws(YAMLSyntaxError) -> YAMLToken {
        let start = position
        let firstRun = index..<scanPlainRun()
        var tokenEnd = position
        // Most scalars are one run ended by ':' (a key), a flow indicator or the end: their value
        // is their text. White space after the run may continue the scalar.
        if index >= end || !bytes[index].isWhitespace { return makeSliceToken(from: start, to: tokenEnd, style: .plain) }
        let requiredIndent = indent + 1
        // Runs after the first: the value differs from the text, and is built in `scalarValues`.
        let valueStart = scalarValues.count
        var continued = false
        while let fold = try scanPlainSpaces(requiredIndent: requiredIndent) {
            if current == UInt8(ascii: "#") { break }
            let runStart = index
            if scanPlainRun() == runStart { break }
            if !continued { scalarValues.append(contentsOf: bytes[firstRun]) }
            continued = true
            switch fold {
            case .spaces(let range): scalarValues.append(contentsOf: bytes[range])
            case .lineBreaks(let count):
                if count == 1 { scalarValues.append(.space) } else { scalarValues.append(contentsOf: repeatElement(.lineFeed, count: count - 1)) }
            }
            scalarValues.append(contentsOf: bytes[runStart..<index])
            tokenEnd = position
        }
        // One run: the value is the token's source text.
        if !continued { return makeSliceToken(from: start, to: tokenEnd, style: .plain) }
        return makeValueToken(from: start, to: tokenEnd, valueStart: valueStart, style: .plain)
    }

    /// Reads the non-space characters of a plain scalar up to white space, a ':' that ends it or
    /// (in flow context) a flow indicator; returns where it stopped.
    @inline(__always)
    mutating func scanPlainRun() -> Int {
        // The bytes below 64 that may end a run, one bit each: tab, line feed, carriage return,
        // space, ',' and ':'. One test per byte for the rest (locals: `self` is not reloaded).
        let stops: UInt64 = 1 << 9 | 1 << 10 | 1 << 13 | 1 << 32 | 1 << 44 | 1 << 58
        let inFlow = flowLevel > 0
        let limit = end
        var offset = index
        if !inFlow, let base = bytes.baseAddress {
            // Block context: eight bytes at a time up to the first byte below 0x21 (white space) or
            // ':' (exactly the lowest flagged byte; see `YAMLWords`), where the loop below goes on.
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= limit {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let flags = YAMLWords.bytesBelow0x21(word) | YAMLWords.zeroBytes(word ^ 0x3A3A_3A3A_3A3A_3A3A)
                if flags != 0 {
                    offset += flags.trailingZeroBitCount / 8
                    break
                }
                offset += 8
            }
        }
        while offset < limit {
            let byte = bytes[offset]
            if byte < 64 {
                if stops >> byte & 1 != 0 {
                    if byte == UInt8(ascii: ":") {
                        if isBlankOrEnd(at: offset + 1) || (inFlow && byteAt(offset + 1).isFlowIndicator) { break }
                    } else if byte != UInt8(ascii: ",") || inFlow {
                        break
                    }
                }
            } else if inFlow, byte.isFlowIndicator {
                break
            }
            offset += 1
        }
        index = offset
        return offset
    }

    /// The white space after a plain scalar's run: what it folds to if the scalar continues,
    /// nil if the scalar ends here (comment, document marker, less indented line, end).
    /// The white space between two runs of a plain scalar: kept as written on one line; across
    /// lines one break folds to a space and n breaks to n-1 line feeds.
    enum PlainFold {
        case spaces(Range<Int>)
        case lineBreaks(Int)
    }

    mutating func scanPlainSpaces(requiredIndent: Int) throws(YAMLSyntaxError) -> PlainFold? {
        let whitespaceStart = index
        while index < end, bytes[index].isBlank { index += 1 }
        if index >= end { return nil }
        if !bytes[index].isBreak {
            if bytes[index] == UInt8(ascii: "#") { return nil }
            return .spaces(whitespaceStart..<index)
        }
        var lineBreaks = 0
        while index < end, bytes[index].isBreak {
            consumeBreak()
            lineBreaks += 1
            if flowLevel == 0 { allowSimpleKey = true }
            if isDocumentMarker(at: index, UInt8(ascii: "-")) || isDocumentMarker(at: index, UInt8(ascii: ".")) { return nil }
            // Spaces eight at a time, then tabs (and spaces after them, which do not count).
            let lineBegin = index
            skipSpaces()
            let spaces = index - lineBegin
            while index < end, bytes[index].isBlank { index += 1 }
            if index >= end { return nil }
            if bytes[index].isBreak { continue }
            // Not a continuation: rewind to the line start so indentation is measured again.
            if bytes[index] == UInt8(ascii: "#") { index = lineStart; return nil }
            if flowLevel == 0, spaces < requiredIndent { index = lineStart; return nil }
            if flowLevel > 0, checksFlowIndentation, spaces <= indent { throw error("a flow collection's lines must be indented more than the enclosing block") }
        }
        return .lineBreaks(lineBreaks)
    }

    // MARK: - Quoted

    mutating func scanQuotedScalar(double: Bool) throws(YAMLSyntaxError) -> YAMLToken {
        let start = position
        let quote = double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        index += 1
        let contentStart = index
        // Fast path: a one-line scalar without escapes. Eight bytes at a time up to the first one
        // that is a control character, the quote or a backslash, then byte by byte.
        var offset = index
        let limit = end
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let quotes = UInt64(quote) &* 0x0101_0101_0101_0101
            while offset + 8 <= limit {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let flags = YAMLWords.bytesBelow0x20(word) | YAMLWords.zeroBytes(word ^ quotes)
                    | YAMLWords.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                if flags != 0 {
                    offset += flags.trailingZeroBitCount / 8
                    break
                }
                offset += 8
            }
        }
        while offset < limit {
            let byte = bytes[offset]
            if byte == quote || byte.isBreak || byte == UInt8(ascii: "\\") { break }
            offset += 1
        }
        index = offset
        if index >= end || bytes[index].isBreak {
            // Trailing white space before a break is folded away: let the slow path see it.
            while index > contentStart, bytes[index - 1].isBlank { index -= 1 }
        }
        if index < end, bytes[index] == quote, double || byteAt(index + 1) != quote {
            index += 1
            return makeSliceToken(from: start, to: position, style: double ? .doubleQuoted : .singleQuoted)
        }
        // Built in `scalarValues` from here.
        let valueStart = scalarValues.count
        scalarValues.append(contentsOf: bytes[contentStart..<index])
        while true {
            guard index < end else { throw error("found the end of the stream inside a quoted scalar (a closing \(double ? "\"" : "'") is missing)") }
            let byte = bytes[index]
            if byte == quote {
                if !double, byteAt(index + 1) == quote {
                    scalarValues.append(quote)
                    index += 2
                    continue
                }
                index += 1
                break
            }
            if double, byte == UInt8(ascii: "\\") {
                if isBreakOrEnd(at: index + 1), index + 1 < end {
                    index += 1
                    try scanQuotedLineBreaks(escaped: true)
                } else {
                    try scanEscape()
                }
                continue
            }
            if byte.isWhitespace {
                let whitespaceStart = index
                while index < end, bytes[index].isBlank { index += 1 }
                if index < end, bytes[index].isBreak {
                    try scanQuotedLineBreaks(escaped: false)
                } else {
                    scalarValues.append(contentsOf: bytes[whitespaceStart..<index])
                }
                continue
            }
            scalarValues.append(byte)
            index += 1
        }
        return makeValueToken(from: start, to: position, valueStart: valueStart, style: double ? .doubleQuoted : .singleQuoted)
    }

    /// At a line break inside a quoted scalar: folds it and the empty lines after it, and checks the
    /// continuation line's indentation. An escaped break (`\` at line end) adds no space.
    mutating func scanQuotedLineBreaks(escaped: Bool) throws(YAMLSyntaxError) {
        var lineBreaks = 0
        while index < end, bytes[index].isBreak {
            consumeBreak()
            lineBreaks += 1
            if isDocumentMarker(at: index, UInt8(ascii: "-")) || isDocumentMarker(at: index, UInt8(ascii: ".")) {
                throw error("found a document marker inside a quoted scalar")
            }
            var spaces = 0
            var sawTab = false
            while index < end, bytes[index].isBlank {
                if bytes[index] == .tab { sawTab = true } else if !sawTab { spaces += 1 }
                index += 1
            }
            if index < end, !bytes[index].isBreak, spaces <= indent, flowLevel == 0 || checksFlowIndentation {
                throw error("the continuation lines of a quoted scalar must be indented more than the enclosing block")
            }
        }
        if escaped {
            scalarValues.append(contentsOf: repeatElement(.lineFeed, count: lineBreaks - 1))
        } else if lineBreaks == 1 {
            scalarValues.append(.space)
        } else {
            scalarValues.append(contentsOf: repeatElement(.lineFeed, count: lineBreaks - 1))
        }
    }

    mutating func scanEscape() throws(YAMLSyntaxError) {
        let escape = byteAt(index + 1)
        var hexLength = 0
        switch escape {
        case UInt8(ascii: "0"): scalarValues.append(0)
        case UInt8(ascii: "a"): scalarValues.append(0x07)
        case UInt8(ascii: "b"): scalarValues.append(0x08)
        case UInt8(ascii: "t"), .tab: scalarValues.append(0x09)
        case UInt8(ascii: "n"): scalarValues.append(0x0A)
        case UInt8(ascii: "v"): scalarValues.append(0x0B)
        case UInt8(ascii: "f"): scalarValues.append(0x0C)
        case UInt8(ascii: "r"): scalarValues.append(0x0D)
        case UInt8(ascii: "e"): scalarValues.append(0x1B)
        case .space: scalarValues.append(.space)
        case UInt8(ascii: "\""): scalarValues.append(UInt8(ascii: "\""))
        case UInt8(ascii: "/"): scalarValues.append(UInt8(ascii: "/"))
        case UInt8(ascii: "\\"): scalarValues.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "N"): scalarValues.append(contentsOf: [0xC2, 0x85])
        case UInt8(ascii: "_"): scalarValues.append(contentsOf: [0xC2, 0xA0])
        case UInt8(ascii: "L"): scalarValues.append(contentsOf: [0xE2, 0x80, 0xA8])
        case UInt8(ascii: "P"): scalarValues.append(contentsOf: [0xE2, 0x80, 0xA9])
        case UInt8(ascii: "x"): hexLength = 2
        case UInt8(ascii: "u"): hexLength = 4
        case UInt8(ascii: "U"): hexLength = 8
        default:
            index += 1
            throw error("found an unknown escape sequence in a double-quoted scalar")
        }
        index += 2
        guard hexLength > 0 else { return }
        var code: UInt32 = 0
        for _ in 0..<hexLength {
            guard current.isHexDigit else { throw error("expected \(hexLength) hexadecimal digits in the escape sequence") }
            code = code << 4 | current.hexDigitValue
            index += 1
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("the escape sequence is not a valid Unicode code point") }
        scalarValues.append(contentsOf: String(scalar).utf8)
    }
}
