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

        var parsers = ArgumentParsers(builder: self, keyword: keyword, restStart: restStart, restEnd: restEnd)
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

        if kind == .run || kind == .copy || kind == .add, !instruction.isExecForm {
            if containsHeredocOperator(lineStart, lineEnd) {
                heredocMarks += HeredocMarkers.find(in: logical, from: lineStart, to: lineEnd, lines: lines)
            }
        }
        return instruction
    }

    /// The keyword's kind, compared case-insensitively on bytes (no string is built for known keywords).
    /// The upper-cased keyword is packed into two words and compared with a table packed the same way
    /// (`rawValue.utf8` would build a string per candidate).
    static func kind(_ bytes: [UInt8], _ start: Int, _ end: Int) -> InstructionKind {
        let length = end - start
        guard length >= 3, length <= 11 else { return .unknown }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<length {
            let byte = bytes[start + index]
            let upper = UInt64(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            if index < 8 { low |= upper << (8 * UInt64(index)) } else { high |= upper << (8 * UInt64(index - 8)) }
        }
        for entry in packedKeywords where entry.low == low && entry.high == high { return entry.kind }
        return .unknown
    }

    static let packedKeywords: [(low: UInt64, high: UInt64, kind: InstructionKind)] = InstructionKind.allCases.compactMap { kind in
        guard kind != .unknown else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, byte) in kind.rawValue.utf8.enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * UInt64(index)) } else { high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        return (low, high, kind)
    }

    private func containsHeredocOperator(_ start: Int, _ end: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index + 1 < end {
                if buffer[index] == UInt8(ascii: "<"), buffer[index + 1] == UInt8(ascii: "<") { return true }
                index += 1
            }
            return false
        }
    }

    private func makeFlag(_ word: FlagScanner.Word) -> Flag {
        // Split `--name=value` on bytes (`=` is ASCII); the word always starts with `--`.
        let value = word.value
        let raw = String(decoding: value, as: UTF8.self)
        let nameStart = min(2, value.count)
        let valueEquals = value[nameStart...].firstIndex(of: UInt8(ascii: "="))
        let name = String(decoding: value[nameStart..<(valueEquals ?? value.count)], as: UTF8.self)
        let flagValue = valueEquals.map { String(decoding: value[($0 + 1)...], as: UTF8.self) }
        // Locate `=` in the source text for the name and value ranges.
        var equalsAt: Int?
        var index = word.start
        while index < word.end {
            if bytes[index] == UInt8(ascii: "=") { equalsAt = index; break }
            index += 1
        }
        let nameEnd = equalsAt ?? word.end
        return Flag(name: name, value: flagValue, raw: raw, range: range(word.start, word.end),
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
            value.reserveCapacity(32)
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
