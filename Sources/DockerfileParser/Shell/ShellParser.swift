import SourceSupport

/// Splits shell text into simple commands joined by operators (see `ShellScript`). Works on the
/// bytes of a `LogicalLine` so every word maps back to its place in the file, across continuations.
/// Words, substitutions and blanks are read in `ShellWords.swift`.
///
/// Cost notes (callgrind, the 4 MB realistic file): nearly every word is a run of ordinary bytes
/// (`apt-get`, `-y`, `/opt/venv`) and most commands are made of such words only, so runs of plain
/// commands are read by one loop (`readPlainCommands`, `ShellPlainCommands.swift`) and the plain
/// words of other commands by another (`appendPlainWords`); the per-word work around them is what
/// was measured to matter: records go to raw buffers (`ShellScratch`), byte classes come from one
/// table, word offsets from the current piece, quoted values are spans of the text when they can be.
struct ShellParser {
    /// `text.bytes`, kept apart so the per-byte loops reach it in one load.
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var index: Int
    let text: LogicalLine
    /// The scanner's locator, which outlives every parser (unowned, as in `InstructionBuilder`).
    unowned(unsafe) let lines: SourceLocator
    /// Heredoc bodies inside the text are skipped (true for heredoc scripts, whose lines are real lines).
    let skipsHeredocBodies: Bool
    /// The parse's arena, for the duration of `parse` (the text of unquoted values and problems go
    /// there directly; records go to `scratch`).
    let arena: UnsafeMutablePointer<SyntaxArena>
    let scratch: UnsafeMutablePointer<ShellScratch>
    /// The arena's counts when the script started: a record's index in the arena is this plus its
    /// index in `scratch` (the script's records are moved there at its end).
    let wordsBase: Int
    let redirectionsBase: Int
    var pendingHeredocs: [(delimiter: [UInt8], stripsTabs: Bool)] = []
    var caseDepth = 0
    var recursion = 0

    init(text: LogicalLine, from start: Int, to end: Int, lines: SourceLocator, arena: UnsafeMutablePointer<SyntaxArena>,
         skipsHeredocBodies: Bool) {
        self.text = text
        self.arena = arena
        self.scratch = arena.pointee.shellScratch.pointer
        self.wordsBase = arena.pointee.words.count
        self.redirectionsBase = arena.pointee.redirections.count
        self.bytes = text.bytes
        self.lines = lines
        self.end = end
        self.index = start
        self.skipsHeredocBodies = skipsHeredocBodies
    }

    /// Parses `text[start..<end]`, appends its records and returns the index of its `ScriptRecord`.
    static func parse(_ text: LogicalLine, from start: Int, to end: Int, lines: SourceLocator, arena: inout SyntaxArena,
                      skipsHeredocBodies: Bool = false) -> Int {
        let commandsStart = arena.commands.count
        let problemsStart = arena.problems.count
        withUnsafeMutablePointer(to: &arena) { arena in
            var parser = ShellParser(text: text, from: start, to: end, lines: lines, arena: arena, skipsHeredocBodies: skipsHeredocBodies)
            parser.parseList(depth: 0, untilParenthesis: false, inSubshell: false, inSubstitution: false)
            parser.scratch.pointee.moveRecords(into: &arena.pointee)
        }
        arena.scripts.append(ScriptRecord(
            commands: RecordSlice(start: commandsStart, count: arena.commands.count - commandsStart),
            range: text.offsets(start, end),
            problems: RecordSlice(start: problemsStart, count: arena.problems.count - problemsStart)))
        return arena.scripts.count - 1
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { text.sourceRange(start, end, lines) }

    mutating func problem(_ message: String, _ start: Int, _ end: Int) {
        arena.pointee.problems.append(ShellProblem(message: message, range: range(start, end)))
    }

    // MARK: - Lists and commands

    /// Parses commands until the end, or until `)` when `untilParenthesis` (a subshell or `$(...)`).
    /// Runs of plain commands are read by `readPlainCommands`; this loop handles the rest.
    mutating func parseList(depth: Int, untilParenthesis: Bool, inSubshell: Bool, inSubstitution: Bool) {
        /// The operator before the next command: a `ShellOperator.code`, 0 for none.
        var preceding: UInt8 = 0
        while true {
            var prefix = PlainPrefix()
            if caseDepth == 0 { prefix = readPlainCommands(depth: depth, inSubshell: inSubshell, inSubstitution: inSubstitution, preceding: &preceding) }
            if !prefix.isPending {
                skipBlanks()
                guard index < end else { return }
                let byte = bytes[index]
                if untilParenthesis, byte == UInt8(ascii: ")") { index += 1; return }
                if byte == UInt8(ascii: "#") { skipComment(); continue }
                if byte == ByteClass.newline {
                    index += 1
                    skipPendingHeredocs()
                    if preceding == 0 { preceding = ShellOperator.newline.code }
                    continue
                }
                if byte == UInt8(ascii: ")") && caseDepth == 0 { index += 1; continue }  // stray closer: ignore
                if byte == UInt8(ascii: ";") {
                    index += 1
                    if index < end, bytes[index] == UInt8(ascii: ";") { index += 1 }
                    continue
                }
                if byte == UInt8(ascii: "(") {
                    index += 1
                    if index < end, bytes[index] == UInt8(ascii: "(") {
                        // `(( arithmetic ))`: not a command list.
                        index += 1
                        skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"), depth: 2)
                        continue
                    }
                    parseNested(depth: depth + 1, inSubshell: true, inSubstitution: inSubstitution)
                    let following = readOperator()
                    if following != 0 { preceding = following }
                    continue
                }
            }
            // (A half-read command has moved on already.)
            let before = prefix.isPending ? -1 : index
            let commandIndex = scratch.pointee.commands.count
            let parsed = parseSimpleCommand(depth: depth, inSubshell: inSubshell, inSubstitution: inSubstitution,
                                            untilParenthesis: untilParenthesis, prefix: prefix)
            let following = readOperator()
            if parsed, commandIndex < scratch.pointee.commands.count {
                let last = scratch.pointee.commands.count - 1
                scratch.pointee.commands[last].precedingOperator = preceding
                scratch.pointee.commands[last].followingOperator = following
            }
            preceding = following
            if index == before { index += 1; continue }  // never stall on an unexpected byte
            if following == 0, index < end, bytes[index] == ByteClass.newline {
                preceding = ShellOperator.newline.code
                // The last command appended, which may be one nested in this one's words.
                let count = scratch.pointee.commands.count
                if commandIndex < count { scratch.pointee.commands[count - 1].followingOperator = ShellOperator.newline.code }
            }
        }
    }

    /// A subshell or `$(...)`: the list up to `)`, one level deeper.
    mutating func parseNested(depth: Int, inSubshell: Bool, inSubstitution: Bool) {
        recursion += 1
        defer { recursion -= 1 }
        guard recursion < 200 else { index = end; return }
        parseList(depth: depth, untilParenthesis: true, inSubshell: inSubshell, inSubstitution: inSubstitution)
    }

    /// Reads `&&`, `||`, `;`, `|`, `&` (with blanks around); returns its `ShellOperator.code`, 0 if none.
    private mutating func readOperator() -> UInt8 {
        skipBlanks()
        guard index < end else { return 0 }
        let byte = bytes[index]
        let next: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        switch byte {
        case UInt8(ascii: "&"):
            if next == UInt8(ascii: "&") { index += 2; return ShellOperator.and.code }
            index += 1
            return ShellOperator.background.code
        case UInt8(ascii: "|"):
            if next == UInt8(ascii: "|") { index += 2; return ShellOperator.or.code }
            index += next == UInt8(ascii: "&") ? 2 : 1
            return ShellOperator.pipe.code
        case UInt8(ascii: ";"):
            if next == UInt8(ascii: ";") { index += 2; return ShellOperator.semicolon.code }
            index += 1
            return ShellOperator.semicolon.code
        default:
            return 0
        }
    }

    /// Words and redirections up to an operator; appends a command unless it held only reserved words.
    /// `prefix`: the command's plain words already read by `readPlainCommands`, if any.
    ///
    /// A command's words (and its redirections) are one slice of the script's records, appended as
    /// they are read (see `RecordRun` for commands with substitutions inside). Runs of plain words
    /// (most words) are read by `appendPlainWords` (`ShellPlainWords.swift`); the loop here handles
    /// the rest: reserved words, assignments, quotes and expansions, redirections, comments.
    private mutating func parseSimpleCommand(depth: Int, inSubshell: Bool, inSubstitution: Bool, untilParenthesis: Bool,
                                             prefix: PlainPrefix) -> Bool {
        let bytes = self.bytes
        let end = self.end
        let scratch = self.scratch
        let kinds = Self.byteKinds.utf8Start
        let hasPrefix = prefix.count > 0
        var words = RecordRun(start: hasPrefix ? prefix.wordsStart : scratch.pointee.words.count, count: prefix.count)
        var redirections = RecordRun(start: scratch.pointee.redirections.count)
        var assignmentCount = 0
        /// The first word that is not an assignment (its position in the command), -1 until there is one.
        var firstWord = hasPrefix ? 0 : -1
        var firstWordIsCase = false
        /// The command's file offsets: where its first word or redirection starts (-1 before
        /// there is one) and where its last one ends. Taken from their ranges: mapping the
        /// command's logical range again searched the pieces of a continued line.
        var rangeStart = hasPrefix ? prefix.rangeStart : -1
        var rangeEnd = prefix.rangeEnd
        var skipCasePattern = caseDepth > 0
        while true {
            let wordStart = Self.skipBlanks(bytes, from: index, to: end)
            index = wordStart
            guard wordStart < end else { break }
            let byte = bytes[wordStart]
            let kind = kinds[Int(byte)]
            let word: WordRecord
            let runEnd = kind <= Self.nameStart ? Self.plainRunEnd(bytes, from: wordStart &+ 1, to: end) : wordStart
            if runEnd > wordStart, runEnd == end || kinds[Int(bytes[runEnd])] == Self.endsWord {
                index = runEnd
                let raw = text.span(wordStart, runEnd)
                word = WordRecord(value: raw, raw: raw, range: offsets(wordStart, runEnd), isQuoted: false, hasExpansion: false)
            } else {
                if kind > Self.nameStart {
                    if byte == ByteClass.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "|") { break }
                    // `&>file` is a redirection, not an operator.
                    if byte == UInt8(ascii: "&"), !(wordStart + 1 < end && bytes[wordStart + 1] == UInt8(ascii: ">")) { break }
                    if untilParenthesis, byte == UInt8(ascii: ")") { break }
                    if byte == UInt8(ascii: ")") { if skipCasePattern { index += 1; skipCasePattern = false; continue }; break }
                    if byte == UInt8(ascii: "(") && words.count == 0 { break }
                    if byte == UInt8(ascii: "#") { skipComment(); break }
                    if Self.mayStartRedirection(byte), let redirection = readRedirection(depth: depth) {
                        redirections.append(redirection, to: &scratch.pointee.redirections, apart: &scratch.pointee.apartRedirections)
                        if rangeStart < 0 { rangeStart = redirection.range.start }
                        rangeEnd = redirection.range.end
                        continue
                    }
                }
                guard let read = readWord(depth: depth) else { index += 1; continue }
                word = read
            }
            let rawEnd = index
            if skipCasePattern {
                if bytes[rawEnd - 1] == UInt8(ascii: ")") { skipCasePattern = false }
                continue
            }
            let length = rawEnd - wordStart
            // Compared packed into an integer (a `switch` on the string compared it with each
            // literal in turn), and only when its hash bit is set (see `mayBeReserved`).
            if words.count == 0, length <= 5, case let packed = Self.packed(bytes, wordStart, rawEnd), Self.mayBeReserved(packed) {
                if Self.isReservedWord(packed) { continue }
                if packed == Self.esac {
                    caseDepth = max(0, caseDepth - 1)
                    continue
                }
                if packed == Self.caseWord { caseDepth += 1 }
            }
            if firstWord < 0 {
                if Self.isAssignment(bytes, wordStart, rawEnd) {
                    assignmentCount += 1
                } else {
                    firstWord = words.count
                    firstWordIsCase = length == 4 && Self.packed(bytes, wordStart, rawEnd) == Self.caseWord
                }
            }
            words.append(word, to: &scratch.pointee.words, apart: &scratch.pointee.apartWords)
            if rangeStart < 0 { rangeStart = word.range.start }
            rangeEnd = word.range.end
            // After `case WORD in` the patterns follow: end this pseudo-command here.
            if length == 2, firstWordIsCase, bytes[wordStart] == UInt8(ascii: "i"), bytes[wordStart + 1] == UInt8(ascii: "n") { break }
            // The plain words after the command name need none of the checks above. (Called only
            // when one follows: after a quoted word an operator or another quoted word usually
            // does, and the call cost about 60 instructions for nothing.)
            if firstWord >= 0, !firstWordIsCase, words.isAtEnd(of: scratch.pointee.words) {
                let next = Self.skipBlanks(bytes, from: index, to: end)
                if next < end, kinds[Int(bytes[next])] <= Self.digit {
                    let added = appendPlainWords(rangeEnd: &rangeEnd)
                    words.didAppend(added)
                }
            }
        }
        let wordCount = words.count
        let redirectionCount = redirections.count
        let wordsStart = wordsBase + words.finish(in: &scratch.pointee.words, apart: &scratch.pointee.apartWords)
        let redirectionsStart = redirectionsBase + redirections.finish(in: &scratch.pointee.redirections, apart: &scratch.pointee.apartRedirections)
        guard rangeStart >= 0, wordCount + redirectionCount > 0 else { return false }
        scratch.pointee.commands.append(CommandRecord(
            assignments: RecordSlice(start: wordsStart, count: assignmentCount),
            words: RecordSlice(start: wordsStart + assignmentCount, count: wordCount - assignmentCount),
            redirections: RecordSlice(start: redirectionsStart, count: redirectionCount), range: OffsetRange(start: rangeStart, end: rangeEnd),
            depth: depth, isInSubshell: inSubshell, isInCommandSubstitution: inSubstitution))
        return true
    }

    /// A word of at most 8 bytes packed little-endian into an integer (longer words give 0, which no reserved word packs to).
    /// One load and a mask when eight bytes can be read from `start`.
    @inline(__always)
    static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let length = end &- start
        if length <= 8, start &+ 8 <= bytes.count {
            let loaded = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + start).loadUnaligned(as: UInt64.self))
            return length == 8 ? loaded : loaded & ((1 &<< (UInt64(length) &* 8)) &- 1)
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes[start..<end] {
            guard shift < 64 else { return 0 }
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    /// For tests: `word` is one of the reserved words skipped at the start of a command, or
    /// `case`/`esac` (which are tracked).
    static func reservedKind(of word: String) -> (reserved: Bool, isCase: Bool, isEsac: Bool) {
        let value = Array(word.utf8).withUnsafeBufferPointer { packed($0, 0, $0.count) }
        return (isReservedWord(value), value == caseWord, value == esac)
    }

    /// `if then else elif do while until ! time { fi done }`, packed as `packed` packs them (a
    /// switch on constants: a static array was initialised lazily and searched per word).
    @inline(__always)
    static func isReservedWord(_ packed: UInt64) -> Bool {
        switch packed {
        case 0x6669, 0x6e65_6874, 0x6573_6c65, 0x6669_6c65, 0x6f64, 0x65_6c69_6877, 0x6c_6974_6e75, 0x21, 0x656d_6974, 0x7b,
             0x6966, 0x656e_6f64, 0x7d:
            return true
        default:
            return false
        }
    }

    static let esac: UInt64 = 0x6361_7365
    static let caseWord: UInt64 = 0x6573_6163

    /// `NAME=...` or `NAME+=...` (a name is a letter or `_`, then letters, digits and `_`: kinds
    /// `0` and `1` of `byteKinds`).
    @inline(__always)
    static func isAssignment(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let kinds = byteKinds.utf8Start
        guard kinds[Int(bytes[start])] == nameStart else { return false }
        var cursor = start + 1
        while cursor < end {
            let byte = bytes[cursor]
            if kinds[Int(byte)] &- nameStart <= digit &- nameStart { cursor += 1; continue }
            if byte == UInt8(ascii: "=") { return true }
            return byte == UInt8(ascii: "+") && cursor + 1 < end && bytes[cursor + 1] == UInt8(ascii: "=")
        }
        return false
    }

    // MARK: - Redirections

    /// Reads a redirection (its target word is appended to the script's words); returns its
    /// record, nil (nothing read) if none is here.
    private mutating func readRedirection(depth: Int) -> RedirectionRecord? {
        let start = index
        var cursor = index
        while cursor < end, ByteClass.isDigit(bytes[cursor]) { cursor += 1 }
        guard cursor < end else { return nil }
        let byte = bytes[cursor]
        var operatorEnd = cursor
        if byte == UInt8(ascii: "&"), cursor == start, cursor + 1 < end, bytes[cursor + 1] == UInt8(ascii: ">") {
            operatorEnd = cursor + 2
            if operatorEnd < end, bytes[operatorEnd] == UInt8(ascii: ">") { operatorEnd += 1 }
        } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") {
            operatorEnd = cursor + 1
            while operatorEnd < end, operatorEnd - cursor < 3,
                  Self.isRedirectionOperatorByte(bytes[operatorEnd]) {
                if bytes[operatorEnd] == UInt8(ascii: "-"), !(bytes[operatorEnd - 1] == UInt8(ascii: "<") && operatorEnd - cursor == 2) { break }
                operatorEnd += 1
            }
        } else {
            return nil
        }
        let isHeredoc = operatorEnd - cursor >= 2 && bytes[cursor] == UInt8(ascii: "<") && bytes[cursor + 1] == UInt8(ascii: "<")
            && (operatorEnd - cursor == 2 || (operatorEnd - cursor == 3 && bytes[cursor + 2] == UInt8(ascii: "-")))
        let descriptor = cursor > start ? Self.decimal(bytes, start, cursor) : -1
        index = operatorEnd
        skipBlanks()
        var target = -1
        if index < end, !isOperatorStart(bytes[index]), let word = readWord(depth: depth) {
            target = wordsBase + scratch.pointee.words.count
            scratch.pointee.words.append(word)
            if isHeredoc, skipsHeredocBodies {
                pendingHeredocs.append((Array(arena.pointee.bytes(word.value)), operatorEnd - cursor == 3))
            }
        }
        return RedirectionRecord(
            operatorText: text.span(cursor, operatorEnd), fileDescriptor: descriptor, target: target, range: offsets(start, index))
    }

    /// Swift's `Int(_:)` of the ASCII digits `start..<end`: -1 when it overflows.
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var value = 0
        for byte in bytes[start..<end] {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { return -1 }
            value = sum
        }
        return value
    }

    /// Digits (`2>&1`), `<`, `>` and `&` (`&>file`) are the only bytes a redirection starts with.
    private static func mayStartRedirection(_ byte: UInt8) -> Bool {
        ByteClass.isDigit(byte) || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static func isRedirectionOperatorByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "-")
    }

    private func isOperatorStart(_ byte: UInt8) -> Bool {
        byte == ByteClass.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
    }
}
