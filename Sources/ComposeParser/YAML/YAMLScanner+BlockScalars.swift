import SourceSupport

// Literal (`|`) and folded (`>`) block scalars: header, indentation, folding and chomping.
extension YAMLScanner {
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
