import SourceSupport

/// A heredoc named on an instruction line, before its body is read.
struct HeredocMark {
    var name: String
    var fileDescriptor: Int
    var stripsLeadingTabs: Bool
    var expandsVariables: Bool
    var range: SourceRange
}

/// Turns one logical line into an `Instruction` with BuildKit's rules: keyword, flags, then the
/// keyword's own argument parser (see `ArgumentParsers.swift`).
struct InstructionBuilder {
    let logical: LogicalLine
    let lines: SourceLocator
    let escape: UInt8
    var diagnostics: [ParseDiagnostic] = []
    var heredocMarks: [HeredocMark] = []

    /// The logical line's bytes, stored (not computed) so hot loops do not retain the array per access.
    let bytes: [UInt8]

    init(logical: LogicalLine, lines: SourceLocator, escape: UInt8) {
        self.logical = logical
        self.bytes = logical.bytes
        self.lines = lines
        self.escape = escape
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { logical.sourceRange(start, end, lines) }

    func argument(_ start: Int, _ end: Int) -> Argument {
        Argument(value: logical.string(start, end), range: range(start, end))
    }

    /// Builds the instruction written in `start..<end` of the logical line (ONBUILD recurses on its rest).
    mutating func build(from start: Int, to end: Int) -> Instruction {
        let lineStart = ByteClass.skipUnicodeSpace(bytes, from: start, to: end)
        let lineEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: lineStart, to: end)
        var keywordEnd = lineStart
        while keywordEnd < lineEnd, !ByteClass.isSplitSpace(bytes[keywordEnd]) { keywordEnd += 1 }
        var argumentsStart = keywordEnd
        while argumentsStart < lineEnd, ByteClass.isSplitSpace(bytes[argumentsStart]) { argumentsStart += 1 }

        let kind = Self.kind(bytes, lineStart, keywordEnd)
        let keyword = kind == .unknown ? logical.string(lineStart, keywordEnd).uppercased() : kind.rawValue
        var flagScanner = FlagScanner(bytes: bytes, end: lineEnd)
        let restStartAfterFlags = flagScanner.scan(from: argumentsStart)
        let flags = flagScanner.words.map { makeFlag($0) }
        let restStart = ByteClass.skipUnicodeSpace(bytes, from: restStartAfterFlags, to: lineEnd)
        let restEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: restStart, to: lineEnd)

        let wholeRange = range(lineStart, lineEnd)
        var instruction = Instruction(
            keyword: keyword, kind: kind, range: wholeRange, keywordRange: range(lineStart, keywordEnd), flags: flags,
            argumentText: logical.string(restStart, restEnd), argumentRange: range(restStart, restEnd),
            startLine: wholeRange.start.line, endLine: wholeRange.end.line)

        var parsers = ArgumentParsers(builder: self, keyword: keyword)
        switch kind {
        case .add, .copy, .volume: parsers.maybeJSONToList(restStart, restEnd, into: &instruction)
        case .cmd, .entrypoint, .run, .shell: parsers.maybeJSON(restStart, restEnd, into: &instruction)
        case .arg: parsers.nameOrNameValue(restStart, restEnd, into: &instruction)
        case .env, .label: parsers.nameValue(restStart, restEnd, into: &instruction)
        case .expose, .from: parsers.whitespaceDelimited(restStart, restEnd, into: &instruction)
        case .maintainer, .stopsignal, .user, .workdir: parsers.wholeString(restStart, restEnd, into: &instruction)
        case .healthcheck: parsers.healthcheck(restStart, restEnd, into: &instruction)
        case .onbuild:
            if restStart < restEnd {
                instruction.triggers = [build(from: restStart, to: restEnd)]
            }
        case .unknown:
            // BuildKit ignores the arguments of unknown instructions and reports one empty value.
            instruction.arguments = [Argument(value: "", range: range(restStart, restStart))]
        }
        if !parsers.diagnostics.isEmpty { diagnostics += parsers.diagnostics }
        if !instruction.isExecForm {
            switch kind {
            case .run, .cmd, .entrypoint:
                guard restStart < restEnd else { break }
                instruction.shellScript = ShellParser.parse(logical, from: restStart, to: restEnd, lines: lines)
            case .healthcheck:
                if let commandStart = parsers.healthcheckCommandStart, commandStart < restEnd,
                   instruction.arguments.first?.value.uppercased() == "CMD" {
                    instruction.shellScript = ShellParser.parse(logical, from: commandStart, to: restEnd, lines: lines)
                }
            default:
                break
            }
        }

        if [.run, .copy, .add].contains(kind), !instruction.isExecForm {
            if containsHeredocOperator(lineStart, lineEnd) {
                heredocMarks += HeredocMarkers.find(in: logical, from: lineStart, to: lineEnd, lines: lines)
            }
        }
        return instruction
    }

    /// The keyword's kind, compared case-insensitively on bytes (no string is built for known keywords).
    static func kind(_ bytes: [UInt8], _ start: Int, _ end: Int) -> InstructionKind {
        let length = end - start
        guard length >= 3, length <= 11 else { return .unknown }
        candidates: for kind in keywordsByLength[length] {
            var index = 0
            for expected in kind.rawValue.utf8 {
                let byte = bytes[start + index]
                let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                if upper != expected { continue candidates }
                index += 1
            }
            return kind
        }
        return .unknown
    }

    static let keywordsByLength: [[InstructionKind]] = {
        var table = [[InstructionKind]](repeating: [], count: 12)
        for kind in InstructionKind.allCases where kind != .unknown { table[kind.rawValue.utf8.count].append(kind) }
        return table
    }()

    private func containsHeredocOperator(_ start: Int, _ end: Int) -> Bool {
        var index = start
        while index + 1 < end {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") { return true }
            index += 1
        }
        return false
    }

    private func makeFlag(_ word: FlagScanner.Word) -> Flag {
        let raw = String(decoding: word.value, as: UTF8.self)
        var name = raw.dropFirst(2)
        var value: String?
        if let equals = name.firstIndex(of: "=") {
            value = String(name[name.index(after: equals)...])
            name = name[..<equals]
        }
        // Locate `=` in the source text for the name and value ranges.
        var equalsAt: Int?
        var index = word.start
        while index < word.end {
            if bytes[index] == UInt8(ascii: "=") { equalsAt = index; break }
            index += 1
        }
        let nameEnd = equalsAt ?? word.end
        return Flag(name: String(name), value: value, raw: raw, range: range(word.start, word.end),
                    nameRange: range(min(word.start + 2, nameEnd), nameEnd),
                    valueRange: equalsAt.map { range($0 + 1, word.end) })
    }
}

/// BuildKit's flag extraction: leading words starting with `--`, quotes and backslashes resolved,
/// scanned byte by byte (so non-ASCII bytes come out as Latin-1 code points, and the bytes 0x85 and
/// 0xA0 separate words), ending at the first other word or at a bare `--`.
struct FlagScanner {
    struct Word {
        var value: [UInt8]
        var start: Int
        var end: Int
    }

    let bytes: [UInt8]
    let end: Int
    var words: [Word] = []

    init(bytes: [UInt8], end: Int) {
        self.bytes = bytes
        self.end = end
    }

    /// Returns where the arguments after the flags start.
    mutating func scan(from start: Int) -> Int {
        var index = start
        while true {
            while index < end, ByteClass.isByteRuneSpace(bytes[index]) { index += 1 }
            guard index + 1 < end, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") else { return index }
            let wordStart = index
            var value: [UInt8] = []
            var quote: UInt8 = 0
            var sawQuote = false
            while index < end {
                let byte = bytes[index]
                if quote != 0 {
                    if byte == quote { quote = 0; index += 1; continue }
                    if byte == UInt8(ascii: "\\") {
                        if index + 1 == end { quote = 0; index += 1; continue }
                        index += 1
                    }
                    append(bytes[index], to: &value)
                    index += 1
                    continue
                }
                if ByteClass.isByteRuneSpace(byte) { break }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    sawQuote = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    if index + 1 == end { index += 1; continue }
                    index += 1
                }
                append(bytes[index], to: &value)
                index += 1
            }
            let isBareDoubleDash = value.count == 2 && value[0] == UInt8(ascii: "-") && value[1] == UInt8(ascii: "-")
            if isBareDoubleDash {
                // `--` ends the flags; BuildKit keeps the text after it (from the following space).
                return index
            }
            if sawQuote || !value.isEmpty {
                words.append(Word(value: value, start: wordStart, end: index))
            }
        }
    }

    /// Go's `string(rune(b))` on a single byte: bytes from 0x80 become two-byte UTF-8 (Latin-1).
    @inline(__always)
    private func append(_ byte: UInt8, to value: inout [UInt8]) {
        if byte < 0x80 {
            value.append(byte)
        } else {
            value.append(0xC0 | (byte >> 6))
            value.append(0x80 | (byte & 0x3F))
        }
    }
}
