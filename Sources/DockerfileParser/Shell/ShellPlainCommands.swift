/// The list-level fast path: runs of plain commands (a plain name, plain arguments, then an
/// operator, a newline or the end), read in one loop with the records in registers.
///
/// Cost notes (callgrind): going through `parseList`, `parseSimpleCommand` and `readOperator`, a
/// command cost about 560 instructions beyond its words (a large frame set up and spilled, each
/// operator code written twice through the scratch pointer); most commands of real scripts
/// (`apt-get update`, `rm -rf /var/lib/apt/lists/*`) need none of that.
extension ShellParser {
    /// A command that `readPlainCommands` left half read, for `parseSimpleCommand` to finish: it
    /// met something else than a plain word or an operator (a quote, an expansion, a redirection).
    struct PlainPrefix {
        /// A command is half read (possibly with no words yet: only reserved words were read).
        var isPending = false
        /// Its plain words: their place in `scratch.words` (they are its last records).
        var wordsStart = 0
        var count = 0
        /// The file offsets of the command so far (when it has words).
        var rangeStart = 0
        var rangeEnd = 0
    }

    /// Appends the plain commands from `index` on, each with its operators: `preceding` is the
    /// operator before the first one and is left as the operator before whatever follows.
    /// Stops at the end, at `)`, at anything that is not a plain command name (left to the list
    /// loop) and at anything else after a plain name: that command is returned half read.
    ///
    /// What the general path would do at each stop is reproduced exactly: reserved words before
    /// the name skipped (no command when nothing else follows), the operator codes
    /// (`readOperator`), a newline as the operator after a command and before the next one, the
    /// bodies of pending heredocs after a newline, `&>` read as a redirection, not an operator.
    /// Only called outside `case` (where words may be patterns).
    @inline(never)
    mutating func readPlainCommands(depth: Int, inSubshell: Bool, inSubstitution: Bool, preceding: inout UInt8) -> PlainPrefix {
        let bytes = self.bytes
        let end = self.end
        var nameStart = Self.skipBlanks(bytes, from: index, to: end)
        guard nameStart < end, var name = Self.commandWordEnd(bytes, from: nameStart, to: end) else {
            index = nameStart
            return PlainPrefix()
        }
        let storeBase = text.storeBase
        var window = pieceWindow(at: nameStart)
        // Local copies, written back at the end: their counts and bases stay in registers.
        var words = scratch.pointee.words
        var commands = scratch.pointee.commands
        let redirectionsStart = redirectionsBase + scratch.pointee.redirections.count
        var cursor = name.end
        var prefix = PlainPrefix()
        commands: while true {
            let firstWord = words.count
            var hasName = true
            while name.isReserved {
                cursor = Self.skipBlanks(bytes, from: name.end, to: end)
                guard cursor < end, let next = Self.commandWordEnd(bytes, from: cursor, to: end) else {
                    hasName = false
                    break
                }
                nameStart = cursor
                name = next
            }
            if hasName {
                var wordStart = nameStart
                var wordEnd = name.end
                while true {
                    let range = offsets(wordStart, wordEnd, in: &window)
                    let raw = Span(start: storeBase &+ wordStart, end: storeBase &+ wordEnd)
                    words.append(WordRecord(value: raw, raw: raw, range: range, isQuoted: false, hasExpansion: false))
                    cursor = Self.skipBlanks(bytes, from: wordEnd, to: end)
                    guard cursor < end, let next = Self.plainWordEnd(bytes, from: cursor, to: end) else { break }
                    wordStart = cursor
                    wordEnd = next
                }
            }
            // What ends the command, as `readOperator` and the list loop read it.
            var following: UInt8 = 0
            var operatorLength = 0
            var isHalfRead = false
            if cursor < end {
                let byte = bytes[cursor]
                let next: UInt8 = cursor + 1 < end ? bytes[cursor + 1] : 0
                switch byte {
                case ByteClass.newline:
                    following = ShellOperator.newline.code
                    operatorLength = 1
                case UInt8(ascii: "&"):
                    isHalfRead = next == UInt8(ascii: ">")
                    following = next == UInt8(ascii: "&") ? ShellOperator.and.code : ShellOperator.background.code
                    operatorLength = next == UInt8(ascii: "&") ? 2 : 1
                case UInt8(ascii: "|"):
                    following = next == UInt8(ascii: "|") ? ShellOperator.or.code : ShellOperator.pipe.code
                    operatorLength = next == UInt8(ascii: "|") || next == UInt8(ascii: "&") ? 2 : 1
                case UInt8(ascii: ";"):
                    following = ShellOperator.semicolon.code
                    operatorLength = next == UInt8(ascii: ";") ? 2 : 1
                case UInt8(ascii: ")"):
                    break
                default:
                    isHalfRead = true
                }
            }
            let wordCount = words.count &- firstWord
            // The command's range, from its words' (not kept in registers through the loop).
            let rangeStart = wordCount > 0 ? words[firstWord].range.start : 0
            let rangeEnd = wordCount > 0 ? words[words.count &- 1].range.end : 0
            if isHalfRead {
                prefix = PlainPrefix(isPending: true, wordsStart: firstWord, count: wordCount, rangeStart: rangeStart, rangeEnd: rangeEnd)
                break commands
            }
            // Only reserved words (`fi;`, `done`): no command, but the operator is read all the same.
            if wordCount > 0 {
                commands.append(CommandRecord(
                    assignments: RecordSlice(start: wordsBase &+ firstWord, count: 0),
                    words: RecordSlice(start: wordsBase &+ firstWord, count: wordCount),
                    redirections: RecordSlice(start: redirectionsStart, count: 0), range: OffsetRange(start: rangeStart, end: rangeEnd),
                    followingOperator: following, precedingOperator: preceding,
                    depth: depth, isInSubshell: inSubshell, isInCommandSubstitution: inSubstitution))
            }
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
            guard nameStart < end, let next = Self.commandWordEnd(bytes, from: nameStart, to: end) else { break commands }
            name = next
        }
        index = cursor
        scratch.pointee.words = words
        scratch.pointee.commands = commands
        return prefix
    }

    /// The piece window of a fast loop whose first word starts at `offset`.
    @inline(__always)
    func pieceWindow(at offset: Int) -> PieceWindow {
        guard let cursor = text.pieceHint else { return PieceWindow(end: Int.max, delta: 0) }
        return PieceWindow(end: cursor.pointee.logicalStart <= offset ? cursor.pointee.logicalEnd : -1, delta: cursor.pointee.delta)
    }

    /// The file offsets of the word `start..<end`: one addition inside the window, else the
    /// window moves (`moveToPiece`).
    @inline(__always)
    mutating func offsets(_ start: Int, _ end: Int, in window: inout PieceWindow) -> OffsetRange {
        if end <= window.end { return OffsetRange(start: start &+ window.delta, end: end &+ window.delta) }
        return moveToPiece(holding: start, end, pieceEnd: &window.end, delta: &window.delta)
    }

    /// The offsets of a word past `pieceEnd`, with the cursor, `pieceEnd` and `delta` moved to its
    /// piece: the next one, for the first word of a continuation line (a fifth of the words of the
    /// realistic file), done here in a few loads (through `offsetsPastPiece` it cost about 80
    /// instructions); anything else (the first word of a script, a word across pieces) goes there.
    @inline(__always)
    private mutating func moveToPiece(holding start: Int, _ end: Int, pieceEnd: inout Int, delta: inout Int) -> OffsetRange {
        let cursor = text.pieceHint.unsafelyUnwrapped
        let pieces = text.pieceStarts
        let next = cursor.pointee.index &+ 1
        if next < pieces.count, start >= pieces[next].logical {
            let nextEnd = next &+ 1 < pieces.count ? pieces[next &+ 1].logical : text.end
            if end <= nextEnd {
                let nextDelta = pieces[next].source &- pieces[next].logical
                cursor.pointee = PieceCursor(index: next, logicalStart: pieces[next].logical, logicalEnd: nextEnd, delta: nextDelta)
                pieceEnd = nextEnd
                delta = nextDelta
                return OffsetRange(start: start &+ nextDelta, end: end &+ nextDelta)
            }
        }
        let range = offsetsPastPiece(start, end)
        let moved = cursor.pointee
        pieceEnd = moved.logicalStart <= end ? moved.logicalEnd : -1
        delta = moved.delta
        return range
    }

    /// Where the word at `start` ends, when it is a plain word (see `plainWordEnd`) that may
    /// start a command: a reserved word (`isReserved`: skipped) or a command name; nil for
    /// anything else, `case`, `esac` and assignments (`NAME=`, `NAME+=`) included.
    ///
    /// Most names fit in eight bytes: loaded as one integer (`packed`), a name without `=` is no
    /// assignment (one test for the eight bytes, where the name scan cost seven instructions a
    /// byte), and a name whose bit in `reservedHashes` is clear is not reserved (the comparisons
    /// with each reserved word, about 15 instructions, are left to the few names that hash there).
    @inline(__always)
    static func commandWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (end: Int, isReserved: Bool)? {
        let kinds = byteKinds.utf8Start
        let first = kinds[Int(bytes[start])]
        guard first <= digit else { return nil }
        let runEnd = plainRunEnd(bytes, from: start &+ 1, to: end)
        if runEnd < end {
            let stop = bytes[runEnd]
            guard kinds[Int(stop)] == endsWord, first != digit || (stop != UInt8(ascii: "<") && stop != UInt8(ascii: ">")) else { return nil }
        }
        let length = runEnd &- start
        guard length <= 8, start &+ 8 <= bytes.count else { return longCommandWordEnd(bytes, start, runEnd, startsName: first == nameStart) }
        let word = packed(bytes, start, runEnd)
        if first == nameStart, containsEquals(word), isAssignment(bytes, start, runEnd) { return nil }
        if length <= 5, mayBeReserved(word) {
            if isReservedWord(word) { return (runEnd, true) }
            if word == esac || word == caseWord { return nil }
        }
        return (runEnd, false)
    }

    /// `commandWordEnd` for a word longer than eight bytes or within eight bytes of the end of the
    /// text (the checks without the one-load shortcuts).
    @inline(never)
    static func longCommandWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, startsName: Bool) -> (end: Int, isReserved: Bool)? {
        if startsName, isAssignment(bytes, start, end) { return nil }
        guard end - start <= 5 else { return (end, false) }
        let word = packed(bytes, start, end)
        if word == esac || word == caseWord { return nil }
        return (end, isReservedWord(word))
    }

    /// A byte of `word` is `=` (bytes past a short word are zero).
    @inline(__always)
    static func containsEquals(_ word: UInt64) -> Bool { zeroBytes(word ^ repeated(UInt8(ascii: "="))) != 0 }

    /// `packed` (a word of at most five bytes) may be a reserved word, `case` or `esac`: its hash
    /// bit is set. False for about five words in six.
    @inline(__always)
    static func mayBeReserved(_ packed: UInt64) -> Bool {
        reservedHashes &>> ((packed &* reservedMultiplier) &>> 58) & 1 != 0
    }

    /// Bit `h` is set when a reserved word, `case` or `esac` (packed) times `reservedMultiplier`
    /// has `h` in its top six bits; 11 bits are set, so about one name in six is compared with
    /// the reserved words. (A test checks every reserved word has its bit.)
    static let reservedMultiplier: UInt64 = 0x0452_7D03_E7E1_347F
    static let reservedHashes: UInt64 = 0x0800_2108_E020_2090
}

/// The piece of a continued logical line the fast loops' words are in (see `LogicalLine.offsets`),
/// held in locals: the end of its logical range and the distance to file offsets. Words only
/// move forward: a word that does not end in it is in a later piece (or, for the first word of
/// a script, possibly an earlier one). A line read in place is one window without end.
struct PieceWindow {
    var end: Int
    var delta: Int
}
