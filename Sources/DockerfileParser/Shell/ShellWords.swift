import SourceSupport

/// Reading words: plain runs, quotes, escapes, `$` expansions and command substitutions (parsed
/// for their commands), and the blanks, comments and heredoc bodies between words.
extension ShellParser {
    // MARK: - Words

    /// Reads one word: quotes and escapes resolved in `value`, substitutions parsed for commands.
    /// Not inlined: most words are read by the plain-word loops (`ShellPlainWords.swift`,
    /// `ShellPlainCommands.swift`); this is for the others.
    ///
    /// A word's value is always a concatenation of pieces of its raw text (quotes and escaping
    /// backslashes left out), and in most quoted words it is one piece: `"$HOME/x"`, `'a b'`,
    /// `${VERSION}`. Such a value is a span of the text, as a plain word's is; only a value of
    /// several pieces (`--opt="a b"`) is copied (to `scratch.values`, then to the arena's text).
    /// Copying every quoted word, with array appends a piece, cost about 300 instructions a word.
    mutating func readWord(depth: Int) -> WordRecord? {
        let start = index
        var value = WordValue(at: start)
        var quoted = false
        var expansion = false
        loop: while index < end {
            // Ordinary bytes (most of them) skip the switch: its jump table is an indirect branch per
            // byte. The run is scanned with a local cursor: `index` lives in memory (self is reached
            // through a pointer), and storing and reloading it each byte serialized the loop.
            let runStart = index
            let runEnd = Self.plainRunEnd(bytes, from: runStart, to: end)
            if runEnd > runStart {
                append(runStart, runEnd, to: &value)
                index = runEnd
                guard runEnd < end else { break }
            }
            let byte = bytes[index]
            // A blank ends most words: tested before the switch, whose jump table is an indirect branch.
            if byte == ByteClass.space { break loop }
            switch byte {
            case ByteClass.space, ByteClass.tab, ByteClass.newline, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"):
                break loop
            case ByteClass.carriageReturn:
                index += 1
            case UInt8(ascii: "\\"):
                quoted = true
                if index + 1 < end {
                    if bytes[index + 1] != ByteClass.newline { append(index + 1, index + 2, to: &value) }
                    index += 2
                } else {
                    index += 1
                }
            case UInt8(ascii: "'"):
                quoted = true
                index += 1
                let contentStart = index
                index = Self.firstMatch(bytes, from: index, to: end) { Self.zeroBytes($0 ^ Self.repeated(UInt8(ascii: "'"))) }
                append(contentStart, index, to: &value)
                if index < end { index += 1 } else { problem("unterminated single quote", contentStart - 1, end) }
            case UInt8(ascii: "\""):
                quoted = true
                readDoubleQuoted(depth: depth, into: &value, expansion: &expansion)
            case UInt8(ascii: "$"), UInt8(ascii: "`"):
                expansion = true
                readDollarOrBackquote(depth: depth, into: &value)
            default:
                append(index, index + 1, to: &value)
                index += 1
            }
        }
        guard index > start else { return nil }
        let raw = text.span(start, index)
        let valueSpan: Span
        if value.copyStart < 0 {
            valueSpan = value.start == start && value.end == index ? raw : text.span(value.start, value.end)
        } else {
            valueSpan = arena.pointee.intern(scratch.pointee.values.buffer(from: value.copyStart))
            scratch.pointee.values.removeLast(to: value.copyStart)
        }
        return WordRecord(value: valueSpan, raw: raw, range: offsets(start, index), isQuoted: quoted, hasExpansion: expansion)
    }

    /// The value of the word being read: `bytes[start..<end]` while it is one piece of the text,
    /// then (`copyStart >= 0`) the bytes of `scratch.values` from `copyStart` on.
    struct WordValue {
        var start: Int
        var end: Int
        var copyStart = -1

        init(at start: Int) {
            self.start = start
            end = start
        }
    }

    /// Appends `bytes[pieceStart..<pieceEnd]` to the word's value.
    @inline(__always)
    mutating func append(_ pieceStart: Int, _ pieceEnd: Int, to value: inout WordValue) {
        if value.copyStart < 0 {
            if value.end == pieceStart { value.end = pieceEnd; return }
            if value.start == value.end { value.start = pieceStart; value.end = pieceEnd; return }
        }
        appendCopying(pieceStart, pieceEnd, to: &value)
    }

    /// The value's second piece, and any after: the value is built in `scratch.values`.
    @inline(never)
    mutating func appendCopying(_ pieceStart: Int, _ pieceEnd: Int, to value: inout WordValue) {
        if value.copyStart < 0 {
            value.copyStart = scratch.pointee.values.count
            scratch.pointee.values.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]))
        }
        scratch.pointee.values.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pieceStart..<pieceEnd]))
    }

    /// From the opening `"` at `index` past the closing one.
    private mutating func readDoubleQuoted(depth: Int, into value: inout WordValue, expansion: inout Bool) {
        let quoteStart = index
        index += 1
        while index < end, bytes[index] != UInt8(ascii: "\"") {
            // Bytes other than `"`, `\\`, `$` and the backquote are kept as they are: a run of
            // them is one piece.
            let runEnd = Self.firstMatch(bytes, from: index, to: end) {
                Self.zeroBytes($0 ^ Self.repeated(UInt8(ascii: "\""))) | Self.zeroBytes($0 ^ Self.repeated(UInt8(ascii: "\\")))
                    | Self.zeroBytes($0 ^ Self.repeated(UInt8(ascii: "$"))) | Self.zeroBytes($0 ^ Self.repeated(UInt8(ascii: "`")))
            }
            if runEnd > index {
                append(index, runEnd, to: &value)
                index = runEnd
                continue
            }
            let inner = bytes[index]
            if inner == UInt8(ascii: "\\"), index + 1 < end {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "$") || next == UInt8(ascii: "`") {
                    append(index + 1, index + 2, to: &value)
                } else if next != ByteClass.newline {
                    append(index, index + 2, to: &value)
                }
                index += 2
                continue
            }
            if inner == UInt8(ascii: "$") || inner == UInt8(ascii: "`") {
                expansion = true
                readDollarOrBackquote(depth: depth, into: &value)
                continue
            }
            append(index, index + 1, to: &value)
            index += 1
        }
        if index < end { index += 1 } else { problem("unterminated double quote", quoteStart, end) }
    }

    /// The first position from `start` whose byte `matches` (given eight bytes loaded as one
    /// integer, it returns their bytes that match as `zeroBytes` marks them), or `end`. Quoted text
    /// is scanned eight bytes at a time: a byte at a time, with the position kept in memory, cost
    /// about six instructions a byte (single-quoted scripts and messages are long).
    @inline(__always)
    static func firstMatch(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ matches: (UInt64) -> UInt64) -> Int {
        var cursor = start
        while end &- cursor >= 8 {
            let found = matches(UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + cursor).loadUnaligned(as: UInt64.self)))
            if found != 0 { return cursor &+ found.trailingZeroBitCount &>> 3 }
            cursor &+= 8
        }
        while cursor < end, matches(UInt64(bytes[cursor])) & 0x80 == 0 { cursor &+= 1 }
        return cursor
    }

    /// The high bit of each zero byte of `word`, and possibly of bytes above the first one (so the
    /// lowest bit set is exact, which is all `firstMatch` uses).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 }

    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// `$NAME`, `${...}`, `$(...)`, `$((...))` or `` `...` ``: kept as written in the word's value;
    /// command substitutions are parsed for their commands.
    mutating func readDollarOrBackquote(depth: Int, into value: inout WordValue) {
        let start = index
        if bytes[index] == UInt8(ascii: "`") {
            index += 1
            let inner = index
            while index < end, bytes[index] != UInt8(ascii: "`") {
                if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                index += 1
            }
            index = min(index, end)  // a trailing backslash may have stepped past the end
            let innerEnd = index
            if index < end { index += 1 } else { problem("unterminated backquote", start, end) }
            parseSubstitution(from: inner, to: innerEnd, depth: depth)
            append(start, index, to: &value)
            return
        }
        index += 1
        if index < end {
            let next = bytes[index]
            if next == UInt8(ascii: "(") {
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "(") {
                    index += 2
                    skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"), depth: 2)
                } else {
                    index += 1
                    parseNested(depth: depth + 1, inSubshell: false, inSubstitution: true)
                }
            } else if next == UInt8(ascii: "{") {
                index += 1
                skipBalanced(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 1)
            } else if ByteClass.isNameStart(next) {
                index = Self.nameEnd(bytes, from: index &+ 1, to: end)
            } else if ByteClass.isDigit(next) || Self.isSpecialParameter(next) {
                index += 1
            }
        }
        append(start, min(index, end), to: &value)
    }

    /// `$@ $* $# $? $$ $! $-`
    static func isSpecialParameter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    mutating func parseSubstitution(from start: Int, to stop: Int, depth: Int) {
        guard recursion + 1 < 200 else { return }
        var nested = ShellParser(text: text, from: start, to: stop, lines: lines, arena: arena, skipsHeredocBodies: false)
        nested.recursion = recursion + 1
        nested.parseList(depth: depth + 1, untilParenthesis: false, inSubshell: false, inSubstitution: true)
    }

    /// Skips to the matching closer, honouring quotes; `depth` closers are needed.
    mutating func skipBalanced(open: UInt8, close: UInt8, depth initial: Int) {
        var depth = initial
        let start = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == UInt8(ascii: "'") && open == UInt8(ascii: "{") {
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "'") { index += 1 }
                index += 1
                continue
            }
            if byte == open { depth += 1 } else if byte == close {
                depth -= 1
                if depth <= 0 { index += 1; return }
                if initial == 2, depth == 1, index + 1 < end, bytes[index + 1] == close { index += 2; return }
            }
            index += 1
        }
        index = end
        problem("unterminated \(open == UInt8(ascii: "{") ? "${" : "$((")", max(0, start - 1), end)
    }

    // MARK: - Blanks, comments, heredoc bodies

    @inline(__always)
    mutating func skipBlanks() { index = Self.skipBlanks(bytes, from: index, to: end) }

    /// Blanks, `\r` and backslash-newlines from `start` on: where they end. A local cursor, stored
    /// once (see `readWord`). Spaces are skipped eight at a time while eight bytes remain: the
    /// indentation of continuation lines is a quarter of the bytes of a realistic RUN.
    @inline(__always)
    static func skipBlanks(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var cursor = start
        while cursor < end {
            if end &- cursor >= 8 {
                let notSpaces = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + cursor)
                    .loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
                // The first byte that is not a space is the lowest nonzero byte.
                if notSpaces == 0 { cursor &+= 8; continue }
                cursor &+= notSpaces.trailingZeroBitCount &>> 3
            }
            let byte = bytes[cursor]
            if byte == ByteClass.space || byte == ByteClass.tab || byte == ByteClass.carriageReturn { cursor += 1; continue }
            if byte == UInt8(ascii: "\\"), cursor + 1 < end, bytes[cursor + 1] == ByteClass.newline { cursor += 2; continue }
            break
        }
        return cursor
    }

    mutating func skipComment() {
        while index < end, bytes[index] != ByteClass.newline { index += 1 }
    }

    /// After a newline, skips the bodies of heredocs opened on the previous line.
    mutating func skipPendingHeredocs() {
        guard !pendingHeredocs.isEmpty else { return }
        let pending = pendingHeredocs
        pendingHeredocs.removeAll()
        for heredoc in pending {
            while index < end {
                var lineEnd = index
                while lineEnd < end, bytes[lineEnd] != ByteClass.newline { lineEnd += 1 }
                var contentStart = index
                if heredoc.stripsTabs { while contentStart < lineEnd, bytes[contentStart] == ByteClass.tab { contentStart += 1 } }
                var contentEnd = lineEnd
                if contentEnd > contentStart, bytes[contentEnd - 1] == ByteClass.carriageReturn { contentEnd -= 1 }
                let isTerminator = bytes[contentStart..<contentEnd].elementsEqual(heredoc.delimiter)
                index = min(lineEnd + 1, end)
                if isTerminator { break }
            }
        }
    }

    // MARK: - Offsets

    /// `text.offsets(start, end)`: the file offsets of the logical range. A range in the piece
    /// of the last lookup is one comparison and an addition (as in `LogicalLine.offsets`).
    /// `mutating` only so that `self` is passed by reference: as a non-mutating method inlined in
    /// the command loop, it had the whole parser (176 bytes) copied for each word.
    @inline(__always)
    mutating func offsets(_ start: Int, _ end: Int) -> OffsetRange {
        guard let cursor = text.pieceHint else { return OffsetRange(start: start, end: max(start, end)) }
        let piece = cursor.pointee
        if start >= piece.logicalStart, end > start, end <= piece.logicalEnd {
            return OffsetRange(start: start + piece.delta, end: end + piece.delta)
        }
        return offsetsPastPiece(start, end)
    }

    /// A range in the piece after the cursor's (the first word of each continuation line, a fifth
    /// of the words of the realistic file) or in the first piece moves the cursor there in a few
    /// loads; `text.offsets` searched for it in about 80 instructions. Anything else is left to
    /// `text.offsets`.
    @inline(never)
    mutating func offsetsPastPiece(_ start: Int, _ end: Int) -> OffsetRange {
        let cursor = text.pieceHint.unsafelyUnwrapped
        let pieces = text.pieceStarts
        // The next piece, or the first (where a script starts; the instruction's own ranges left
        // the cursor on the last piece).
        let next = cursor.pointee.index + 1
        let piece = next < pieces.count && start >= pieces[next].logical ? next : 0
        if start >= pieces[piece].logical, end > start {
            let pieceEnd = piece + 1 < pieces.count ? pieces[piece + 1].logical : text.end
            if end <= pieceEnd {
                let delta = pieces[piece].source - pieces[piece].logical
                cursor.pointee = PieceCursor(index: piece, logicalStart: pieces[piece].logical, logicalEnd: pieceEnd, delta: delta)
                return OffsetRange(start: start + delta, end: end + delta)
            }
        }
        return text.offsets(start, end)
    }
}
