import SourceSupport

/// Splits shell text into simple commands joined by operators (see `ShellScript`). Works on the
/// bytes of a `LogicalLine` so every word maps back to its place in the file, across continuations.
struct ShellParser {
    /// Reserved words that open or close a compound command are skipped at the start of a command
    /// (`if`, `then`, `do`, `fi`, `done`, `{`, ...), so the command that follows is modelled.

    let text: LogicalLine
    let lines: SourceLocator
    let end: Int
    /// Heredoc bodies inside the text are skipped (true for heredoc scripts, whose lines are real lines).
    let skipsHeredocBodies: Bool
    var index: Int
    var commands: [ShellCommand] = []
    var problems: [ShellProblem] = []
    private var pendingHeredocs: [(delimiter: [UInt8], stripsTabs: Bool)] = []
    private var caseDepth = 0
    private var recursion = 0

    init(text: LogicalLine, bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, lines: SourceLocator, skipsHeredocBodies: Bool) {
        self.text = text
        self.bytes = bytes
        self.lines = lines
        self.end = end
        self.index = start
        self.skipsHeredocBodies = skipsHeredocBodies
    }

    /// `text.bytes`, borrowed for the parse: the per-byte loops read it without bounds checks or retains.
    let bytes: UnsafeBufferPointer<UInt8>

    static func parse(_ text: LogicalLine, from start: Int, to end: Int, lines: SourceLocator, skipsHeredocBodies: Bool = false) -> ShellScript {
        text.bytes.withUnsafeBufferPointer { bytes in
            var parser = ShellParser(text: text, bytes: bytes, from: start, to: end, lines: lines, skipsHeredocBodies: skipsHeredocBodies)
            // Roughly one command per 40 bytes of shell text; growing 1, 2, 4, ... re-copied the commands.
            parser.commands.reserveCapacity(min(64, (end - start) / 40 + 1))
            parser.parseList(depth: 0, closer: nil, inSubshell: false, inSubstitution: false)
            return ShellScript(commands: parser.commands, range: text.sourceRange(start, end, lines), problems: parser.problems)
        }
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange { text.sourceRange(start, end, lines) }

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
            let commandIndex = commands.count
            let parsed = parseSimpleCommand(depth: depth, inSubshell: inSubshell, inSubstitution: inSubstitution, closer: closer)
            let following = readOperator()
            if parsed, commandIndex < commands.count {
                let last = commands.count - 1
                commands[last].precedingOperator = preceding
                commands[last].followingOperator = following
            }
            preceding = following
            if index == before { index += 1; continue }  // never stall on an unexpected byte
            if following == nil, index < end, bytes[index] == ByteClass.newline {
                preceding = .newline
                if commandIndex < commands.count { commands[commands.count - 1].followingOperator = .newline }
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
    private mutating func parseSimpleCommand(depth: Int, inSubshell: Bool, inSubstitution: Bool, closer: UInt8?) -> Bool {
        var assignments: [ShellWord] = []
        var words: [ShellWord] = []
        words.reserveCapacity(8)
        var redirections: [ShellRedirection] = []
        var start = -1
        var lastEnd = index
        var skipCasePattern = caseDepth > 0
        while true {
            skipBlanks()
            guard index < end else { break }
            let byte = bytes[index]
            if byte == ByteClass.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") { 
                if byte == UInt8(ascii: "&"), index + 1 < end, bytes[index + 1] == UInt8(ascii: ">") {
                    // `&>file` is a redirection, not an operator.
                } else {
                    break
                }
            }
            if let closer, byte == closer { break }
            if byte == UInt8(ascii: ")") { if skipCasePattern { index += 1; skipCasePattern = false; continue }; break }
            if byte == UInt8(ascii: "(") && words.isEmpty && assignments.isEmpty { break }
            if byte == UInt8(ascii: "#") { skipComment(); break }
            if Self.mayStartRedirection(byte), let redirection = readRedirection(depth: depth) {
                redirections.append(redirection.redirection)
                if start < 0 { start = redirection.start }
                lastEnd = index
                continue
            }
            let wordStart = index
            guard let word = readWord(depth: depth) else { index += 1; continue }
            if skipCasePattern {
                if word.raw.hasSuffix(")") { skipCasePattern = false }
                continue
            }
            if words.isEmpty && assignments.isEmpty, word.raw.utf8.count <= 5 {
                // Compared packed into an integer: a `switch` on the string compared it with each literal in turn.
                let packed = Self.packed(word.raw)
                if Self.reservedWords.contains(packed) { continue }
                if packed == Self.esac {
                    caseDepth = max(0, caseDepth - 1)
                    continue
                }
                if packed == Self.caseWord { caseDepth += 1 }
            }
            // Decide everything from the word before appending it, so the append moves it (no copy).
            let endsCaseHead = word.raw == "in" && words.first?.raw == "case"
            if words.isEmpty, isAssignment(word.raw) {
                assignments.append(word)
            } else {
                words.append(word)
            }
            if start < 0 { start = wordStart }
            lastEnd = index
            if endsCaseHead {
                // After `case WORD in` the patterns follow: end this pseudo-command here.
                break
            }
        }
        guard start >= 0, !(words.isEmpty && assignments.isEmpty && redirections.isEmpty) else { return false }
        commands.append(ShellCommand(
            assignments: assignments, words: words, redirections: redirections, range: range(start, lastEnd),
            followingOperator: nil, precedingOperator: nil, depth: depth, isInSubshell: inSubshell,
            isInCommandSubstitution: inSubstitution))
        return true
    }

    /// A word of at most 8 bytes packed little-endian into an integer (longer words give 0, which no reserved word packs to).
    private static func packed(_ word: String) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in word.utf8 {
            guard shift < 64 else { return 0 }
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    private static let reservedWords: [UInt64] =
        ["if", "then", "else", "elif", "do", "while", "until", "!", "time", "{", "fi", "done", "}"].map { packed($0) }
    private static let esac = packed("esac")
    private static let caseWord = packed("case")

    private func isAssignment(_ raw: String) -> Bool {
        var iterator = raw.utf8.makeIterator()
        guard let first = iterator.next(), ByteClass.isNameStart(first) else { return false }
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "=") { return true }
            if byte == UInt8(ascii: "+") { return iterator.next() == UInt8(ascii: "=") }
            if !ByteClass.isNameCharacter(byte) { return false }
        }
        return false
    }

    // MARK: - Redirections

    private mutating func readRedirection(depth: Int) -> (redirection: ShellRedirection, start: Int)? {
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
        let operatorText = ByteClass.string(bytes, cursor, operatorEnd)
        let descriptor = cursor > start ? Int(ByteClass.string(bytes, start, cursor)) : nil
        index = operatorEnd
        skipBlanks()
        var target: ShellWord?
        if index < end, !isOperatorStart(bytes[index]) {
            target = readWord(depth: depth)
        }
        if (operatorText == "<<" || operatorText == "<<-"), let target, skipsHeredocBodies {
            pendingHeredocs.append((Array(target.value.utf8), operatorText == "<<-"))
        }
        return (ShellRedirection(operatorText: operatorText, fileDescriptor: descriptor, target: target, range: range(start, index)), start)
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

    /// Reads one word: quotes and escapes resolved in `value`, substitutions parsed for commands.
    /// A word of plain characters (the common case) builds one string shared by `value` and `raw`.
    private mutating func readWord(depth: Int) -> ShellWord? {
        let start = index
        var value: [UInt8] = []
        var isPlain = true
        var quoted = false
        var expansion = false
        /// Switches to building `value` byte by byte, starting with the plain run read so far.
        func beginCopy(_ value: inout [UInt8], _ isPlain: inout Bool, upTo position: Int) {
            guard isPlain else { return }
            isPlain = false
            value.reserveCapacity(max(32, (position - start) * 2))
            value.append(contentsOf: bytes[start..<position])
        }
        loop: while index < end {
            let byte = bytes[index]
            switch byte {
            case ByteClass.space, ByteClass.tab, ByteClass.newline, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"):
                break loop
            case ByteClass.carriageReturn:
                beginCopy(&value, &isPlain, upTo: index)
                index += 1
            case UInt8(ascii: "\\"):
                beginCopy(&value, &isPlain, upTo: index)
                quoted = true
                if index + 1 < end {
                    if bytes[index + 1] != ByteClass.newline { value.append(bytes[index + 1]) }
                    index += 2
                } else {
                    index += 1
                }
            case UInt8(ascii: "'"):
                beginCopy(&value, &isPlain, upTo: index)
                quoted = true
                index += 1
                let contentStart = index
                while index < end, bytes[index] != UInt8(ascii: "'") { index += 1 }
                value.append(contentsOf: bytes[contentStart..<index])
                if index < end { index += 1 } else { problems.append(ShellProblem(message: "unterminated single quote", range: range(contentStart - 1, end))) }
            case UInt8(ascii: "\""):
                beginCopy(&value, &isPlain, upTo: index)
                quoted = true
                index += 1
                let quoteStart = index - 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\"), index + 1 < end {
                        let next = bytes[index + 1]
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "$") || next == UInt8(ascii: "`") {
                            value.append(next)
                        } else if next != ByteClass.newline {
                            value.append(inner)
                            value.append(next)
                        }
                        index += 2
                        continue
                    }
                    if inner == UInt8(ascii: "$") || inner == UInt8(ascii: "`") {
                        expansion = true
                        readDollarOrBackquote(into: &value, depth: depth)
                        continue
                    }
                    value.append(inner)
                    index += 1
                }
                if index < end { index += 1 } else { problems.append(ShellProblem(message: "unterminated double quote", range: range(quoteStart, end))) }
            case UInt8(ascii: "$"), UInt8(ascii: "`"):
                beginCopy(&value, &isPlain, upTo: index)
                expansion = true
                readDollarOrBackquote(into: &value, depth: depth)
            default:
                if !isPlain { value.append(byte) }
                index += 1
            }
        }
        guard index > start else { return nil }
        let raw = ByteClass.string(bytes, start, index)
        return ShellWord(value: isPlain ? raw : String(decoding: value, as: UTF8.self), raw: raw,
                         range: range(start, index), isQuoted: quoted, hasExpansion: expansion)
    }

    /// `$NAME`, `${...}`, `$(...)`, `$((...))` or `` `...` ``: kept as written in the word's value;
    /// command substitutions are parsed for their commands.
    private mutating func readDollarOrBackquote(into value: inout [UInt8], depth: Int) {
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
            if index < end { index += 1 } else { problems.append(ShellProblem(message: "unterminated backquote", range: range(start, end))) }
            parseSubstitution(from: inner, to: innerEnd, depth: depth)
            value.append(contentsOf: bytes[start..<index])
            return
        }
        index += 1
        guard index < end else { value.append(UInt8(ascii: "$")); return }
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
        value.append(contentsOf: bytes[start..<min(index, end)])
    }

    private mutating func parseSubstitution(from start: Int, to stop: Int, depth: Int) {
        var nested = ShellParser(text: text, bytes: bytes, from: start, to: stop, lines: lines, skipsHeredocBodies: false)
        nested.recursion = recursion + 1
        guard nested.recursion < 200 else { return }
        nested.parseList(depth: depth + 1, closer: nil, inSubshell: false, inSubstitution: true)
        commands += nested.commands
        problems += nested.problems
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
        problems.append(ShellProblem(message: "unterminated \(open == UInt8(ascii: "{") ? "${" : "$((")", range: range(max(0, start - 1), end)))
    }

    // MARK: - Blanks, comments, heredoc bodies

    private mutating func skipBlanks() {
        while index < end {
            let byte = bytes[index]
            if byte == ByteClass.space || byte == ByteClass.tab || byte == ByteClass.carriageReturn { index += 1; continue }
            if byte == UInt8(ascii: "\\"), index + 1 < end, bytes[index + 1] == ByteClass.newline { index += 2; continue }
            return
        }
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
