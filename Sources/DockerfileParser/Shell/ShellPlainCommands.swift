/// The list-level fast path: runs of plain commands (a plain name, plain arguments, then an
/// operator, a newline or the end), read in one loop with the records in registers.
///
/// Cost notes (callgrind): going through `parseList`, `parseSimpleCommand` and `readOperator`, a
/// command cost about 560 instructions beyond its words (a large frame set up and spilled, each
/// operator code written twice through the scratch pointer); most commands of real scripts
/// (`apt-get update`, `rm -rf /var/lib/apt/lists/*`) need none of that.
extension ShellParser {
    /// The plain words at the start of a command that `readPlainCommands` read before meeting
    /// something else (a quote, an expansion, a redirection): `parseSimpleCommand` reads the rest.
    struct PlainPrefix {
        /// The words' place in `scratch.words` (they are its last records).
        var wordsStart = 0
        /// 0 when no command was left half read.
        var count = 0
        /// The file offsets of the command so far.
        var rangeStart = 0
        var rangeEnd = 0
    }

    /// Appends the plain commands from `index` on, each with its operators: `preceding` is the
    /// operator before the first one and is left as the operator before whatever follows.
    /// Stops at the end, at `)`, at anything that is not a plain command name (left to the list
    /// loop) and at anything else after a plain name: that command is returned half read.
    ///
    /// What the general path would do at each stop is reproduced exactly: the operator codes
    /// (`readOperator`), a newline as the operator after a command and before the next one, the
    /// bodies of pending heredocs after a newline, `&>` read as a redirection, not an operator.
    /// Only called outside `case` (where words may be patterns).
    @inline(never)
    mutating func readPlainCommands(depth: Int, inSubshell: Bool, inSubstitution: Bool, preceding: inout UInt8) -> PlainPrefix {
        let bytes = self.bytes
        let end = self.end
        var nameStart = Self.skipBlanks(bytes, from: index, to: end)
        guard nameStart < end, var nameEnd = Self.commandNameEnd(bytes, from: nameStart, to: end) else {
            index = nameStart
            return PlainPrefix()
        }
        let storeBase = text.storeBase
        var piece = text.pieceHint?.pointee ?? PieceCursor(index: 0, logicalStart: 0, logicalEnd: Int.max, delta: 0)
        // Local copies, written back at the end: their counts and bases stay in registers.
        var words = scratch.pointee.words
        var commands = scratch.pointee.commands
        let redirectionsStart = redirectionsBase + scratch.pointee.redirections.count
        var cursor = nameEnd
        var prefix = PlainPrefix()
        commands: while true {
            let firstWord = words.count
            var wordStart = nameStart
            var wordEnd = nameEnd
            var rangeStart = -1
            var rangeEnd = 0
            while true {
                let range: OffsetRange
                if wordStart >= piece.logicalStart, wordEnd <= piece.logicalEnd {
                    range = OffsetRange(start: wordStart &+ piece.delta, end: wordEnd &+ piece.delta)
                } else {
                    range = offsetsPastPiece(wordStart, wordEnd)
                    piece = text.pieceHint.unsafelyUnwrapped.pointee
                }
                let raw = Span(start: storeBase &+ wordStart, end: storeBase &+ wordEnd)
                words.append(WordRecord(value: raw, raw: raw, range: range, isQuoted: false, hasExpansion: false))
                if rangeStart < 0 { rangeStart = range.start }
                rangeEnd = range.end
                cursor = Self.skipBlanks(bytes, from: wordEnd, to: end)
                guard cursor < end, let next = Self.plainWordEnd(bytes, from: cursor, to: end) else { break }
                wordStart = cursor
                wordEnd = next
            }
            // What ends the command, as `readOperator` and the list loop read it.
            var following: UInt8 = 0
            var operatorLength = 0
            if cursor < end {
                let byte = bytes[cursor]
                let next: UInt8 = cursor + 1 < end ? bytes[cursor + 1] : 0
                switch byte {
                case ByteClass.newline:
                    following = ShellOperator.newline.code
                    operatorLength = 1
                case UInt8(ascii: "&"):
                    if next == UInt8(ascii: ">") {
                        prefix = PlainPrefix(wordsStart: firstWord, count: words.count - firstWord, rangeStart: rangeStart, rangeEnd: rangeEnd)
                    } else {
                        following = next == UInt8(ascii: "&") ? ShellOperator.and.code : ShellOperator.background.code
                        operatorLength = next == UInt8(ascii: "&") ? 2 : 1
                    }
                case UInt8(ascii: "|"):
                    following = next == UInt8(ascii: "|") ? ShellOperator.or.code : ShellOperator.pipe.code
                    operatorLength = next == UInt8(ascii: "|") || next == UInt8(ascii: "&") ? 2 : 1
                case UInt8(ascii: ";"):
                    following = ShellOperator.semicolon.code
                    operatorLength = next == UInt8(ascii: ";") ? 2 : 1
                case UInt8(ascii: ")"):
                    break
                default:
                    prefix = PlainPrefix(wordsStart: firstWord, count: words.count - firstWord, rangeStart: rangeStart, rangeEnd: rangeEnd)
                }
                if prefix.count > 0 { break commands }
            }
            commands.append(CommandRecord(
                assignments: RecordSlice(start: wordsBase &+ firstWord, count: 0),
                words: RecordSlice(start: wordsBase &+ firstWord, count: words.count &- firstWord),
                redirections: RecordSlice(start: redirectionsStart, count: 0), range: OffsetRange(start: rangeStart, end: rangeEnd),
                followingOperator: following, precedingOperator: preceding,
                depth: depth, isInSubshell: inSubshell, isInCommandSubstitution: inSubstitution))
            preceding = following
            cursor &+= operatorLength
            // At the end or at `)`: the list loop decides.
            guard following != 0 else { break commands }
            if following == ShellOperator.newline.code, !pendingHeredocs.isEmpty {
                index = cursor
                skipPendingHeredocs()
                cursor = index
            }
            nameStart = Self.skipBlanks(bytes, from: cursor, to: end)
            cursor = nameStart
            guard nameStart < end, let next = Self.commandNameEnd(bytes, from: nameStart, to: end) else { break commands }
            nameEnd = next
        }
        index = cursor
        scratch.pointee.words = words
        scratch.pointee.commands = commands
        return prefix
    }

    /// Where the command name at `start` ends, when it is a plain word (see `plainWordEnd`) and
    /// not a reserved word, `case`, `esac` or an assignment (`NAME=`, `NAME+=`); nil otherwise.
    /// The `NAME` part is scanned once, as the start of the word's run.
    @inline(__always)
    static func commandNameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let kinds = byteKinds.utf8Start
        let first = kinds[Int(bytes[start])]
        guard first <= digit else { return nil }
        var cursor = start &+ 1
        if first == nameStart {
            while cursor < end, kinds[Int(bytes[cursor])] &- nameStart <= digit &- nameStart { cursor &+= 1 }
            if cursor < end {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: "=") { return nil }
                if byte == UInt8(ascii: "+"), cursor + 1 < end, bytes[cursor + 1] == UInt8(ascii: "=") { return nil }
            }
        }
        let runEnd = plainRunEnd(bytes, from: cursor, to: end)
        if runEnd < end {
            let stop = bytes[runEnd]
            guard kinds[Int(stop)] == endsWord, first != digit || (stop != UInt8(ascii: "<") && stop != UInt8(ascii: ">")) else { return nil }
        }
        if runEnd - start <= 5 {
            let packed = packed(bytes, start, runEnd)
            if isReservedWord(packed) || packed == esac || packed == caseWord { return nil }
        }
        return runEnd
    }
}
