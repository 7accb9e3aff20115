import SourceSupport

/// Splits shell text into simple commands joined by operators (see `ShellScript`). Works on the
/// bytes of a `LogicalLine` so every word maps back to its place in the file, across continuations.
struct ShellParser {
    /// Reserved words that open or close a compound command are skipped at the start of a command
    /// (`if`, `then`, `do`, `fi`, `done`, `{`, ...), so the command that follows is modelled.

    let text: LogicalLine
    /// The scanner's locator, which outlives every parser (unowned, as in `InstructionBuilder`).
    unowned(unsafe) let lines: SourceLocator
    let end: Int
    /// Heredoc bodies inside the text are skipped (true for heredoc scripts, whose lines are real lines).
    let skipsHeredocBodies: Bool
    var index: Int
    /// The parse's records (the caller's arena, for the duration of `parse`).
    let arena: UnsafeMutablePointer<SyntaxArena>
    /// Decoded bytes of the words being read, innermost last: a command substitution inside a
    /// word completes its own words before the outer word is done.
    var valueStack: [UInt8] = []
    private var pendingHeredocs: [(delimiter: [UInt8], stripsTabs: Bool)] = []
    private var caseDepth = 0
    private var recursion = 0

    init(text: LogicalLine, from start: Int, to end: Int, lines: SourceLocator, arena: UnsafeMutablePointer<SyntaxArena>,
         skipsHeredocBodies: Bool) {
        self.text = text
        self.arena = arena
        self.bytes = text.bytes
        self.lines = lines
        self.end = end
        self.index = start
        self.skipsHeredocBodies = skipsHeredocBodies
    }

    /// `text.bytes`, kept apart so the per-byte loops reach it in one load.
    let bytes: UnsafeBufferPointer<UInt8>

    /// Parses `text[start..<end]`, appends its records and returns the index of its `ScriptRecord`.
    static func parse(_ text: LogicalLine, from start: Int, to end: Int, lines: SourceLocator, arena: inout SyntaxArena,
                      skipsHeredocBodies: Bool = false) -> Int {
        let commandsStart = arena.commands.count
        let problemsStart = arena.problems.count
        withUnsafeMutablePointer(to: &arena) { arena in
            var parser = ShellParser(text: text, from: start, to: end, lines: lines, arena: arena, skipsHeredocBodies: skipsHeredocBodies)
            swap(&parser.valueStack, &arena.pointee.scratchBytes)
            parser.parseList(depth: 0, closer: nil, inSubshell: false, inSubstitution: false)
            swap(&parser.valueStack, &arena.pointee.scratchBytes)
        }
        arena.scripts.append(ScriptRecord(
            commands: RecordSlice(start: commandsStart, count: arena.commands.count - commandsStart),
            range: text.offsets(start, end),
            problems: RecordSlice(start: problemsStart, count: arena.problems.count - problemsStart)))
        return arena.scripts.count - 1
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange { text.sourceRange(start, end, lines) }

    private mutating func problem(_ message: String, _ start: Int, _ end: Int) {
        arena.pointee.problems.append(ShellProblem(message: message, range: range(start, end)))
    }

    // MARK: - Lists and commands

    /// Parses commands until `closer` (`)`, `}`, or a backquote) or the end.
    mutating func parseList(depth: Int, closer: UInt8?, inSubshell: Bool, inSubstitution: Bool) {
        var preceding: ShellOperator?
        while true {
            skipBlanks()
            guard index < end else { return }
            let byte = bytes[index]
            if let closer, byte == closer { index += 1; return }
            if byte == UInt8(ascii: "#") { skipComment(); continue }
            if byte == ByteClass.newline { index += 1; skipPendingHeredocs(); preceding = preceding ?? .newline; continue }
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
                parseNested(depth: depth + 1, closer: UInt8(ascii: ")"), inSubshell: true, inSubstitution: inSubstitution)
                preceding = readOperator() ?? preceding
                continue
            }
            let before = index
            let commandIndex = arena.pointee.commands.count
            let parsed = parseSimpleCommand(depth: depth, inSubshell: inSubshell, inSubstitution: inSubstitution, closer: closer)
            let following = readOperator()
            if parsed, commandIndex < arena.pointee.commands.count {
                let last = arena.pointee.commands.count - 1
                arena.pointee.commands[last].precedingOperator = preceding?.code ?? 0
                arena.pointee.commands[last].followingOperator = following?.code ?? 0
            }
            preceding = following
            if index == before { index += 1; continue }  // never stall on an unexpected byte
            if following == nil, index < end, bytes[index] == ByteClass.newline {
                preceding = .newline
                if commandIndex < arena.pointee.commands.count { arena.pointee.commands[arena.pointee.commands.count - 1].followingOperator = ShellOperator.newline.code }
            }
        }
    }

    private mutating func parseNested(depth: Int, closer: UInt8, inSubshell: Bool, inSubstitution: Bool) {
        recursion += 1
        defer { recursion -= 1 }
        guard recursion < 200 else { index = end; return }
        parseList(depth: depth, closer: closer, inSubshell: inSubshell, inSubstitution: inSubstitution)
    }

    /// Reads `&&`, `||`, `;`, `|`, `&` (with blanks around); nil if none.
    private mutating func readOperator() -> ShellOperator? {
        skipBlanks()
        guard index < end else { return nil }
        let byte = bytes[index]
        let next: UInt8 = index + 1 < end ? bytes[index + 1] : 0
        switch byte {
        case UInt8(ascii: "&"):
            if next == UInt8(ascii: "&") { index += 2; return .and }
            index += 1
            return .background
        case UInt8(ascii: "|"):
            if next == UInt8(ascii: "|") { index += 2; return .or }
            index += next == UInt8(ascii: "&") ? 2 : 1
            return .pipe
        case UInt8(ascii: ";"):
            if next == UInt8(ascii: ";") { index += 2; return .semicolon }
            index += 1
            return .semicolon
        default:
            return nil
        }
    }

    /// Words and redirections up to an operator; appends a command unless it held only reserved words.
    ///
    /// A command's words (and its redirections) are one slice of the arena's array, appended as
    /// they are read (see `RecordRun` for commands with substitutions inside).
    private mutating func parseSimpleCommand(depth: Int, inSubshell: Bool, inSubstitution: Bool, closer: UInt8?) -> Bool {
        var words = RecordRun<WordRecord>(start: arena.pointee.words.count)
        var redirections = RecordRun<RedirectionRecord>(start: arena.pointee.redirections.count)
        var assignmentCount = 0
        /// The first word that is not an assignment (its position in the command), -1 until there is one.
        var firstWord = -1
        var start = -1
        var lastEnd = index
        var skipCasePattern = caseDepth > 0
        while true {
            skipBlanks()
            guard index < end else { break }
            let byte = bytes[index]
            // Most words start with an ordinary byte (not an operator, quote, `#`, `)` or a digit
            // that may start a redirection): the checks below are for the others.
            let isOrdinaryStart = !Self.isSpecial(byte) && byte != UInt8(ascii: "#") && !ByteClass.isDigit(byte)
            if !isOrdinaryStart && (byte == ByteClass.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|")) {
                if byte == UInt8(ascii: "&"), index + 1 < end, bytes[index + 1] == UInt8(ascii: ">") {
                    // `&>file` is a redirection, not an operator.
                } else {
                    break
                }
            }
            if let closer, byte == closer { break }
            let noWords = words.count == 0
            if !isOrdinaryStart {
                if byte == UInt8(ascii: ")") { if skipCasePattern { index += 1; skipCasePattern = false; continue }; break }
                if byte == UInt8(ascii: "(") && noWords { break }
                if byte == UInt8(ascii: "#") { skipComment(); break }
                if Self.mayStartRedirection(byte), let (redirectionStart, redirection) = readRedirection(depth: depth) {
                    redirections.append(redirection, to: &arena.pointee.redirections)
                    if start < 0 { start = redirectionStart }
                    lastEnd = index
                    continue
                }
            }
            let wordStart = index
            guard let word = nextWord(depth: depth) else { index += 1; continue }
            let rawEnd = index
            if skipCasePattern {
                if bytes[rawEnd - 1] == UInt8(ascii: ")") { skipCasePattern = false }
                continue
            }
            if noWords, rawEnd - wordStart <= 5 {
                // Compared packed into an integer: a `switch` on the string compared it with each literal in turn.
                let packed = Self.packed(bytes, wordStart, rawEnd)
                if Self.isReservedWord(packed) { continue }
                if packed == Self.esac {
                    caseDepth = max(0, caseDepth - 1)
                    continue
                }
                if packed == Self.caseWord { caseDepth += 1 }
            }
            let endsCaseHead = rawEnd - wordStart == 2 && bytes[wordStart] == UInt8(ascii: "i") && bytes[wordStart + 1] == UInt8(ascii: "n")
                && firstWord >= 0 && isRaw(words.record(at: firstWord, in: arena.pointee.words), "case")
            if firstWord < 0, isAssignment(wordStart, rawEnd) {
                assignmentCount += 1
            } else if firstWord < 0 {
                firstWord = words.count
            }
            words.append(word, to: &arena.pointee.words)
            if start < 0 { start = wordStart }
            lastEnd = index
            if endsCaseHead {
                // After `case WORD in` the patterns follow: end this pseudo-command here.
                break
            }
        }
        let wordCount = words.count
        let redirectionCount = redirections.count
        let wordsStart = words.finish(in: &arena.pointee.words)
        let redirectionsStart = redirections.finish(in: &arena.pointee.redirections)
        guard start >= 0, wordCount + redirectionCount > 0 else { return false }
        arena.pointee.commands.append(CommandRecord(
            assignments: RecordSlice(start: wordsStart, count: assignmentCount),
            words: RecordSlice(start: wordsStart + assignmentCount, count: wordCount - assignmentCount),
            redirections: RecordSlice(start: redirectionsStart, count: redirectionCount), range: text.offsets(start, lastEnd),
            depth: depth, isInSubshell: inSubshell, isInCommandSubstitution: inSubstitution))
        return true
    }

    /// The word's text as written is `literal`.
    private func isRaw(_ word: WordRecord, _ literal: StaticString) -> Bool {
        let raw = arena.pointee.bytes(word.raw)
        guard raw.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { raw.elementsEqual($0) }
    }

    /// A word of at most 8 bytes packed little-endian into an integer (longer words give 0, which no reserved word packs to).
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
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
    private static func isReservedWord(_ packed: UInt64) -> Bool {
        switch packed {
        case 0x6669, 0x6e65_6874, 0x6573_6c65, 0x6669_6c65, 0x6f64, 0x65_6c69_6877, 0x6c_6974_6e75, 0x21, 0x656d_6974, 0x7b,
             0x6966, 0x656e_6f64, 0x7d:
            return true
        default:
            return false
        }
    }

    private static let esac: UInt64 = 0x6361_7365
    private static let caseWord: UInt64 = 0x6573_6163

    private func isAssignment(_ start: Int, _ end: Int) -> Bool {
        var iterator = bytes[start..<end].makeIterator()
        guard let first = iterator.next(), ByteClass.isNameStart(first) else { return false }
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "=") { return true }
            if byte == UInt8(ascii: "+") { return iterator.next() == UInt8(ascii: "=") }
            if !ByteClass.isNameCharacter(byte) { return false }
        }
        return false
    }

    // MARK: - Redirections

    /// Reads a redirection (its target word is appended to the arena); returns where it starts and
    /// its record, nil (nothing read) if none is here.
    private mutating func readRedirection(depth: Int) -> (Int, RedirectionRecord)? {
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
            target = arena.pointee.words.count
            arena.pointee.words.append(word)
            if isHeredoc, skipsHeredocBodies {
                pendingHeredocs.append((Array(arena.pointee.bytes(word.value)), operatorEnd - cursor == 3))
            }
        }
        return (start, RedirectionRecord(
            operatorText: text.span(cursor, operatorEnd), fileDescriptor: descriptor, target: target, range: text.offsets(start, index)))
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

    /// `$@ $* $# $? $$ $! $-`
    private static func isSpecialParameter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "-"): return true
        default: return false
        }
    }

    private func isOperatorStart(_ byte: UInt8) -> Bool {
        byte == ByteClass.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|")
            || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
    }

    // MARK: - Words

    /// Reads one word (see `readWord`). A word of ordinary bytes up to a blank or an operator, most
    /// of them, is read here without entering `readWord`, whose set-up cost more than the scan.
    @inline(__always)
    private mutating func nextWord(depth: Int) -> WordRecord? {
        let start = index
        let runEnd = Self.plainRunEnd(bytes, from: start, to: end)
        if runEnd > start, runEnd == end || Self.endsWord(bytes[runEnd]) {
            index = runEnd
            let raw = text.span(start, runEnd)
            return WordRecord(value: raw, raw: raw, range: text.offsets(start, runEnd), isQuoted: false, hasExpansion: false)
        }
        return readWord(depth: depth)
    }

    /// Blanks, newline and `;&|<>()`: the bytes that end a word (where `readWord` stops).
    @inline(__always)
    static func endsWord(_ byte: UInt8) -> Bool {
        switch byte {
        case ByteClass.space, ByteClass.tab, ByteClass.newline, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }

    /// Reads one word: quotes and escapes resolved in `value`, substitutions parsed for commands.
    /// A word of plain characters (the common case) builds one string shared by `value` and `raw`.
    @inline(__always)
    private mutating func readWord(depth: Int) -> WordRecord? {
        let start = index
        // The decoded value is built on `valueStack` from `valueBase` once it differs from the raw text.
        let valueBase = valueStack.count
        var isPlain = true
        var quoted = false
        var expansion = false
        loop: while index < end {
            // Ordinary bytes (most of them) skip the switch: its jump table is an indirect branch per
            // byte. The run is scanned with a local cursor: `index` lives in memory (self is reached
            // through a pointer), and storing and reloading it each byte serialized the loop.
            let runStart = index
            let runEnd = Self.plainRunEnd(bytes, from: runStart, to: end)
            if runEnd > runStart {
                if !isPlain { valueStack.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<runEnd])) }
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
                beginCopy(from: start, &isPlain)
                index += 1
            case UInt8(ascii: "\\"):
                beginCopy(from: start, &isPlain)
                quoted = true
                if index + 1 < end {
                    if bytes[index + 1] != ByteClass.newline { valueStack.append(bytes[index + 1]) }
                    index += 2
                } else {
                    index += 1
                }
            case UInt8(ascii: "'"):
                beginCopy(from: start, &isPlain)
                quoted = true
                index += 1
                let contentStart = index
                while index < end, bytes[index] != UInt8(ascii: "'") { index += 1 }
                valueStack.append(contentsOf: bytes[contentStart..<index])
                if index < end { index += 1 } else { problem("unterminated single quote", contentStart - 1, end) }
            case UInt8(ascii: "\""):
                beginCopy(from: start, &isPlain)
                quoted = true
                index += 1
                let quoteStart = index - 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\"), index + 1 < end {
                        let next = bytes[index + 1]
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "$") || next == UInt8(ascii: "`") {
                            valueStack.append(next)
                        } else if next != ByteClass.newline {
                            valueStack.append(inner)
                            valueStack.append(next)
                        }
                        index += 2
                        continue
                    }
                    if inner == UInt8(ascii: "$") || inner == UInt8(ascii: "`") {
                        expansion = true
                        readDollarOrBackquote(depth: depth)
                        continue
                    }
                    valueStack.append(inner)
                    index += 1
                }
                if index < end { index += 1 } else { problem("unterminated double quote", quoteStart, end) }
            case UInt8(ascii: "$"), UInt8(ascii: "`"):
                beginCopy(from: start, &isPlain)
                expansion = true
                readDollarOrBackquote(depth: depth)
            default:
                if !isPlain { valueStack.append(byte) }
                index += 1
            }
        }
        guard index > start else {
            if valueStack.count > valueBase { valueStack.removeLast(valueStack.count - valueBase) }
            return nil
        }
        let raw = text.span(start, index)
        var value = raw
        if !isPlain {
            value = arena.pointee.intern(valueStack[valueBase...])
            if valueStack.count > valueBase { valueStack.removeLast(valueStack.count - valueBase) }
        }
        return WordRecord(value: value, raw: raw, range: text.offsets(start, index), isQuoted: quoted, hasExpansion: expansion)
    }

    /// The end of the run of ordinary (not `isSpecial`) bytes starting at `start`: one table load a
    /// byte. The table is a string literal, so it is constant data with nothing to initialise; row
    /// `r`, column `c` is byte `16 * r + c`, `1` for the special ones (a test checks it against
    /// `isSpecial`).
    @inline(__always)
    static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let special = specialTable.utf8Start
        var cursor = start
        while cursor < end, special[Int(bytes[cursor])] == UInt8(ascii: "0") { cursor &+= 1 }
        return cursor
    }

    static let specialTable: StaticString = """
        0000000001100100\
        0000000000000000\
        1010101111000000\
        0000000000011010\
        0000000000000000\
        0000000000001000\
        1000000000000000\
        0000000000001000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000
        """

    /// Bytes that end a word or change how it is read: blanks, newline, `;&|<>()`, `\r`, `\\`,
    /// quotes, `$` and the backquote (a bit set over the ASCII range).
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x5800_03D5_0000_2600 as UInt64) >> UInt64(byte) & 1 != 0 }
        if byte < 128 { return (0x1000_0001_1000_0000 as UInt64) >> UInt64(byte - 64) & 1 != 0 }
        return false
    }

    /// Switches to building the word's value byte by byte, starting with the plain run read so far.
    @inline(__always)
    private mutating func beginCopy(from start: Int, _ isPlain: inout Bool) {
        guard isPlain else { return }
        isPlain = false
        valueStack.append(contentsOf: bytes[start..<index])
    }

    /// `$NAME`, `${...}`, `$(...)`, `$((...))` or `` `...` ``: kept as written in the word's value;
    /// command substitutions are parsed for their commands.
    private mutating func readDollarOrBackquote(depth: Int) {
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
            valueStack.append(contentsOf: bytes[start..<index])
            return
        }
        index += 1
        guard index < end else { valueStack.append(UInt8(ascii: "$")); return }
        let next = bytes[index]
        if next == UInt8(ascii: "(") {
            if index + 1 < end, bytes[index + 1] == UInt8(ascii: "(") {
                index += 2
                skipBalanced(open: UInt8(ascii: "("), close: UInt8(ascii: ")"), depth: 2)
            } else {
                index += 1
                parseNested(depth: depth + 1, closer: UInt8(ascii: ")"), inSubshell: false, inSubstitution: true)
            }
        } else if next == UInt8(ascii: "{") {
            index += 1
            skipBalanced(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), depth: 1)
        } else if ByteClass.isNameStart(next) {
            while index < end, ByteClass.isNameCharacter(bytes[index]) { index += 1 }
        } else if ByteClass.isDigit(next) || Self.isSpecialParameter(next) {
            index += 1
        }
        valueStack.append(contentsOf: bytes[start..<min(index, end)])
    }

    private mutating func parseSubstitution(from start: Int, to stop: Int, depth: Int) {
        guard recursion + 1 < 200 else { return }
        var nested = ShellParser(text: text, from: start, to: stop, lines: lines, arena: arena, skipsHeredocBodies: false)
        nested.recursion = recursion + 1
        swap(&nested.valueStack, &valueStack)
        nested.parseList(depth: depth + 1, closer: nil, inSubshell: false, inSubstitution: true)
        swap(&nested.valueStack, &valueStack)
    }

    /// Skips to the matching closer, honouring quotes; `depth` closers are needed.
    private mutating func skipBalanced(open: UInt8, close: UInt8, depth initial: Int) {
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

    private mutating func skipBlanks() {
        // A local cursor, stored once (see `readWord`).
        var cursor = index
        while cursor < end {
            let byte = bytes[cursor]
            if byte == ByteClass.space || byte == ByteClass.tab || byte == ByteClass.carriageReturn { cursor += 1; continue }
            if byte == UInt8(ascii: "\\"), cursor + 1 < end, bytes[cursor + 1] == ByteClass.newline { cursor += 2; continue }
            break
        }
        index = cursor
    }

    private mutating func skipComment() {
        while index < end, bytes[index] != ByteClass.newline { index += 1 }
    }

    /// After a newline, skips the bodies of heredocs opened on the previous line.
    private mutating func skipPendingHeredocs() {
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
}

/// One command's records of one kind while it is read: a slice `all[start..<start + count]` of
/// the arena's array, appended to in place. When other records were appended after the slice (a
/// command substitution inside a word, a redirection's target), the command's records are
/// collected apart from then on and appended together when it ends: each record is copied at most
/// twice, however many substitutions a command holds.
private struct RecordRun<Record> {
    private(set) var start: Int
    private(set) var count = 0
    private var apart: [Record]?

    init(start: Int) { self.start = start }

    @inline(__always)
    mutating func append(_ record: Record, to all: inout [Record]) {
        count += 1
        if apart != nil {
            apart!.append(record)
        } else if all.count == start + count - 1 {
            all.append(record)
        } else {
            apart = Array(all[start..<(start + count - 1)]) + [record]
        }
    }

    /// The record at `offset` in the run.
    func record(at offset: Int, in all: [Record]) -> Record {
        if let apart { return apart[offset] }
        return all[start + offset]
    }

    /// Puts records collected apart at the end of `all`; returns the run's start (where the next
    /// record would go when the run is empty).
    mutating func finish(in all: inout [Record]) -> Int {
        if let collected = apart {
            start = all.count
            all.append(contentsOf: collected)
            apart = nil
        } else if count == 0 {
            start = all.count
        }
        return start
    }
}
