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
        while index < end {
            let byte = bytes[index]
            if byte.isWhitespace { break }
            if byte == UInt8(ascii: ":") {
                if isBlankOrEnd(at: index + 1) || (flowLevel > 0 && byteAt(index + 1).isFlowIndicator) { break }
            } else if flowLevel > 0, byte.isFlowIndicator {
                break
            }
            index += 1
        }
        return index
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
            var spaces = 0
            var sawTab = false
            while index < end, bytes[index].isBlank {
                if bytes[index] == .tab { sawTab = true } else if !sawTab { spaces += 1 }
                index += 1
            }
            if index >= end { return nil }
            if bytes[index].isBreak { continue }
            // Not a continuation: rewind to the line start so indentation is measured again.
            if bytes[index] == UInt8(ascii: "#") { index = lineStart; return nil }
            if flowLevel == 0, spaces < requiredIndent { index = lineStart; return nil }
            _ = sawTab
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
        // Fast path: a one-line scalar without escapes.
        while index < end {
            let byte = bytes[index]
            if byte == quote || byte.isBreak || byte == UInt8(ascii: "\\") { break }
            index += 1
        }
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

    // MARK: - Block scalars

    mutating func scanBlockScalar(folded: Bool) throws(YAMLSyntaxError) -> YAMLToken {
        let start = position
        index += 1
        var chomping = 0  // -1 strip, 0 clip, +1 keep
        var increment = 0
        for _ in 0..<2 {
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                guard chomping == 0 else { throw error("a block scalar header has two chomping indicators") }
                chomping = current == UInt8(ascii: "+") ? 1 : -1
                index += 1
            } else if current.isDecimalDigit {
                guard increment == 0 else { throw error("a block scalar header has two indentation indicators") }
                guard current != UInt8(ascii: "0") else { throw error("a block scalar's indentation indicator must be 1 to 9") }
                increment = Int(current - 0x30)
                index += 1
            }
        }
        var headerEnd = position
        try expectLineEnd(after: "a block scalar header")
        if index < end { consumeBreak() }

        let minIndent = indent + 1
        // An explicit indicator counts from the parent's indentation; at the top level (no
        // parent) from column 0, as libyaml, PyYAML and ruamel read it (the spec's n = -1 there
        // would shift content one column left of what everyone else produces).
        var blockIndent = increment > 0 ? max(indent, 0) + increment : 0
        var breaks = 0
        if increment == 0 {
            // Find the content's indentation: the first non-empty line's. Leading empty lines may not be deeper.
            var deepestEmpty = 0
            var deepestEmptyPosition = position
            var probe = index
            var lineProbe = line
            var lineStartProbe = lineStart
            while true {
                var spaces = 0
                while probe < end, bytes[probe] == .space { probe += 1; spaces += 1 }
                if probe < end, bytes[probe].isBreak {
                    if spaces > deepestEmpty {
                        deepestEmpty = spaces
                        deepestEmptyPosition = SourcePosition(offset: probe, line: lineProbe, column: probe - lineStartProbe + 1)
                    }
                    probe += (bytes[probe] == .carriageReturn && byteAt(probe + 1) == .lineFeed) ? 2 : 1
                    lineProbe += 1
                    lineStartProbe = probe
                    continue
                }
                if probe < end, bytes[probe] == .tab, spaces < minIndent {
                    throw YAMLSyntaxError(message: "found a tab character where indentation is expected", position: SourcePosition(offset: probe, line: lineProbe, column: probe - lineStartProbe + 1))
                }
                if probe >= end {
                    blockIndent = max(minIndent, deepestEmpty, spaces)
                } else {
                    blockIndent = max(minIndent, spaces)
                    if spaces >= minIndent, deepestEmpty > spaces {
                        throw YAMLSyntaxError(message: "a leading empty line of the block scalar has more indentation than its first line", position: deepestEmptyPosition)
                    }
                }
                break
            }
        }
        // Built in `scalarValues`.
        let valueStart = scalarValues.count
        var lastLineBreak = false
        var contentEnd = headerEnd
        var previousWasMoreIndented = true
        var isFirstLine = true
        while true {
            // Indentation and empty lines.
            var spaces = 0
            while index < end, spaces < blockIndent, bytes[index] == .space { index += 1; spaces += 1 }
            if index < end, bytes[index].isBreak {
                breaks += 1
                consumeBreak()
                continue
            }
            if index >= end {
                // A last line of spaces without a line break still counts as an empty line.
                if index > lineStart, line > start.line { breaks += 1 }
                break
            }
            if spaces < blockIndent { index = lineStart; break }
            if column == 0, isDocumentMarker(at: lineStart, UInt8(ascii: "-")) || isDocumentMarker(at: lineStart, UInt8(ascii: ".")) {
                index = lineStart
                break
            }
            // A content line.
            let moreIndented = bytes[index].isBlank
            if isFirstLine {
                scalarValues.append(contentsOf: repeatElement(.lineFeed, count: breaks))
            } else if folded, !moreIndented, !previousWasMoreIndented {
                if breaks == 0 { scalarValues.append(.space) } else { scalarValues.append(contentsOf: repeatElement(.lineFeed, count: breaks)) }
            } else {
                scalarValues.append(contentsOf: repeatElement(.lineFeed, count: breaks + 1))
            }
            breaks = 0
            isFirstLine = false
            previousWasMoreIndented = moreIndented
            let lineContentStart = index
            while index < end, !bytes[index].isBreak { index += 1 }
            scalarValues.append(contentsOf: bytes[lineContentStart..<index])
            contentEnd = position
            // The end of the stream ends the last line as a line break would.
            lastLineBreak = true
            if index < end { consumeBreak() } else { break }
        }
        // Chomping: strip drops the final break, clip keeps one, keep keeps them all.
        if !isFirstLine {
            switch chomping {
            case -1: break
            case 0: if lastLineBreak { scalarValues.append(.lineFeed) }
            default:
                if lastLineBreak { scalarValues.append(.lineFeed) }
                scalarValues.append(contentsOf: repeatElement(.lineFeed, count: breaks))
            }
        } else if chomping == 1 {
            scalarValues.append(contentsOf: repeatElement(.lineFeed, count: breaks))
        }
        headerEnd = contentEnd
        return makeValueToken(from: start, to: headerEnd, valueStart: valueStart, style: folded ? .folded : .literal)
    }
}
