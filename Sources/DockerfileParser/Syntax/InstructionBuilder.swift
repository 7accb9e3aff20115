import SourceSupport

/// A heredoc named on an instruction line, before its body is read.
struct HeredocMark {
    /// The delimiter, quotes and escapes removed, in the arena's text.
    var name: Span
    var fileDescriptor: Int
    var stripsLeadingTabs: Bool
    var expandsVariables: Bool
    var range: OffsetRange
}

/// Turns one logical line into an `Instruction` with BuildKit's rules: keyword, flags, then the
/// keyword's own argument parser (see `ArgumentParsers.swift`).
///
/// The scanner keeps one builder for the whole file and points it at each instruction's line with
/// `begin` (making and destroying a builder, with its arrays, for each instruction cost about a
/// hundred instructions each time).
struct InstructionBuilder {
    private(set) var logical: LogicalLine
    /// The scanner's locator, which outlives the builder (unowned, so that copying the builder,
    /// as closures that capture it do, retains nothing).
    unowned(unsafe) let lines: SourceLocator
    private(set) var escape: UInt8
    var diagnostics: [ParseDiagnostic] = []
    /// The heredocs named on the line (the array is kept from line to line, so that a heredoc
    /// line does not allocate one).
    var heredocMarks: [HeredocMark] = []
    /// The keyword of the instruction being built, for messages (upper case).
    var keywordText = ""
    /// Where HEALTHCHECK's command starts (its shell form is modelled like RUN's).
    var healthcheckCommandStart: Int?

    /// The logical line's bytes (a buffer pointer: see `LogicalLine.bytes`).
    private(set) var bytes: UnsafeBufferPointer<UInt8>

    init(logical: LogicalLine, lines: SourceLocator, escape: UInt8) {
        self.logical = logical
        self.bytes = logical.bytes
        self.lines = lines
        self.escape = escape
    }

    /// Points the builder at the next instruction's line; its diagnostics and heredoc marks must
    /// have been taken (they are appended to).
    @inline(__always)
    mutating func begin(_ logical: LogicalLine, escape: UInt8) {
        self.logical = logical
        self.bytes = logical.bytes
        self.escape = escape
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { logical.sourceRange(start, end, lines) }

    @inline(__always) func span(_ start: Int, _ end: Int) -> Span { logical.span(start, end) }
    @inline(__always) func offsets(_ start: Int, _ end: Int) -> OffsetRange { logical.offsets(start, end) }

    /// Appends the value `start..<end` of the logical line to the arguments.
    @inline(__always)
    func appendArgument(_ start: Int, _ end: Int, to arena: inout SyntaxArena) {
        arena.values.append(ValueRecord(value: span(start, end), range: offsets(start, end)))
    }

    // The argument parsers `build` calls are `mutating` even when they change nothing: Swift
    // copied the whole builder (144 bytes, with a `memcpy`) to call a non-mutating method from
    // this mutating one, once per instruction.

    /// Builds the instruction written in `start..<end` of the logical line (ONBUILD recurses on its
    /// rest, appending the trigger to `arena.triggers`). The caller appends the returned record.
    mutating func build(from start: Int, to end: Int, arena: inout SyntaxArena) -> InstructionRecord {
        let lineStart = ByteClass.skipUnicodeSpace(bytes, from: start, to: end)
        let lineEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: lineStart, to: end)
        var keywordEnd = lineStart
        // Bytes above the space are never separators: one comparison for each keyword letter.
        while keywordEnd < lineEnd, bytes[keywordEnd] > ByteClass.space || !ByteClass.isSplitSpace(bytes[keywordEnd]) { keywordEnd &+= 1 }
        var argumentsStart = keywordEnd
        while argumentsStart < lineEnd, ByteClass.isSplitSpace(bytes[argumentsStart]) { argumentsStart += 1 }

        let kind = Self.kind(bytes, lineStart, keywordEnd)
        let flagsStart = arena.flags.count
        var restStartAfterFlags = argumentsStart
        if argumentsStart + 1 < lineEnd, bytes[argumentsStart] == UInt8(ascii: "-") || bytes[argumentsStart] >= 0x80 {
            var flagScanner = FlagScanner(bytes: bytes, end: lineEnd)
            swap(&flagScanner.value, &arena.scratchBytes)
            // The closure uses locals only: one that captured `self` copied the builder per flag.
            let logical = logical
            restStartAfterFlags = flagScanner.scan(from: argumentsStart) { word, value in
                Self.appendFlag(word, value, logical: logical, to: &arena)
            }
            swap(&flagScanner.value, &arena.scratchBytes)
        }
        let restStart = ByteClass.skipUnicodeSpace(bytes, from: restStartAfterFlags, to: lineEnd)
        let restEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: restStart, to: lineEnd)

        let wholeRange = offsets(lineStart, lineEnd)
        var instruction = InstructionRecord(
            kind: kind, keyword: span(lineStart, keywordEnd), range: wholeRange, keywordRange: offsets(lineStart, keywordEnd),
            argumentText: span(restStart, restEnd), argumentRange: offsets(restStart, restEnd))
        instruction.flags = RecordSlice(start: flagsStart, count: arena.flags.count - flagsStart)

        keywordText = kind == .unknown ? logical.string(lineStart, keywordEnd).uppercased() : kind.rawValue
        healthcheckCommandStart = nil
        let argumentsBase = arena.values.count
        let pairsBase = arena.pairs.count
        switch kind {
        case .add, .copy, .volume: maybeJSONToList(restStart, restEnd, into: &instruction, arena: &arena)
        case .cmd, .entrypoint, .run, .shell: maybeJSON(restStart, restEnd, into: &instruction, arena: &arena)
        case .arg: nameOrNameValue(restStart, restEnd, arena: &arena)
        case .env, .label: nameValue(restStart, restEnd, arena: &arena)
        case .expose, .from: whitespaceDelimited(restStart, restEnd, arena: &arena)
        case .maintainer, .stopsignal, .user, .workdir: wholeString(restStart, restEnd, arena: &arena)
        case .healthcheck: healthcheck(restStart, restEnd, into: &instruction, arena: &arena)
        case .onbuild:
            if restStart < restEnd {
                let trigger = build(from: restStart, to: restEnd, arena: &arena)
                instruction.trigger = arena.triggers.count
                arena.triggers.append(trigger)
            }
        case .unknown:
            // BuildKit ignores the arguments of unknown instructions and reports one empty value.
            appendArgument(restStart, restStart, to: &arena)
        }
        instruction.arguments = RecordSlice(start: argumentsBase, count: arena.values.count - argumentsBase)
        instruction.pairs = RecordSlice(start: pairsBase, count: arena.pairs.count - pairsBase)
        if !instruction.isExecForm {
            switch kind {
            case .run, .cmd, .entrypoint:
                guard restStart < restEnd else { break }
                instruction.script = ShellParser.parse(logical, from: restStart, to: restEnd, lines: lines, arena: &arena)
            case .healthcheck:
                if let commandStart = healthcheckCommandStart, commandStart < restEnd, instruction.arguments.count > 0,
                   ByteClass.equalsIgnoringCase(arena.bytes(arena.values[argumentsBase].value), "cmd") {
                    instruction.script = ShellParser.parse(logical, from: commandStart, to: restEnd, lines: lines, arena: &arena)
                }
            default:
                break
            }
        }

        if kind == .run || kind == .copy || kind == .add, !instruction.isExecForm {
            if Self.containsHeredocOperator(bytes, lineStart, lineEnd) {
                HeredocMarkers.find(in: logical, from: lineStart, to: lineEnd, arena: &arena, into: &heredocMarks)
            }
        }
        return instruction
    }

    /// The keyword's kind, compared case-insensitively on bytes (no string is built for known keywords):
    /// the upper-cased keyword is packed into two words, little-endian, and compared with constants.
    static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> InstructionKind {
        let length = end - start
        guard length >= 3, length <= 11 else { return .unknown }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if start + 8 <= bytes.count, let base = bytes.baseAddress {
            // Eight bytes at once, upper-cased with bit tricks, then the rest.
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: start, as: UInt64.self)
            let kept = length >= 8 ? word : word & ((1 << (8 * UInt64(length))) - 1)
            low = upperCasedASCII(kept)
            for index in 8..<max(8, length) { high |= upperCased(bytes[start + index]) << (8 * UInt64(index - 8)) }
        } else {
            for index in 0..<length {
                let upper = upperCased(bytes[start + index])
                if index < 8 { low |= upper << (8 * UInt64(index)) } else { high |= upper << (8 * UInt64(index - 8)) }
            }
        }
        // A switch on the packed constants (a table was initialised lazily and searched linearly);
        // `testKeywordTableMatchesTheKeywords` checks them against `InstructionKind`.
        switch low {
        case 0x000000004D4F5246: return high == 0 ? .from : .unknown
        case 0x00000000004E5552: return high == 0 ? .run : .unknown
        case 0x0000000000444D43: return high == 0 ? .cmd : .unknown
        case 0x0000004C4542414C: return high == 0 ? .label : .unknown
        case 0x4E4941544E49414D: return high == 0x5245 ? .maintainer : .unknown
        case 0x000045534F505845: return high == 0 ? .expose : .unknown
        case 0x0000000000564E45: return high == 0 ? .env : .unknown
        case 0x0000000000444441: return high == 0 ? .add : .unknown
        case 0x0000000059504F43: return high == 0 ? .copy : .unknown
        case 0x494F505952544E45: return high == 0x544E ? .entrypoint : .unknown
        case 0x0000454D554C4F56: return high == 0 ? .volume : .unknown
        case 0x0000000052455355: return high == 0 ? .user : .unknown
        case 0x005249444B524F57: return high == 0 ? .workdir : .unknown
        case 0x0000000000475241: return high == 0 ? .arg : .unknown
        case 0x00444C4955424E4F: return high == 0 ? .onbuild : .unknown
        case 0x4E474953504F5453: return high == 0x4C41 ? .stopsignal : .unknown
        case 0x484348544C414548: return high == 0x4B4345 ? .healthcheck : .unknown
        case 0x0000004C4C454853: return high == 0 ? .shell : .unknown
        default: return .unknown
        }
    }

    @inline(__always)
    private static func upperCased(_ byte: UInt8) -> UInt64 { UInt64(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }

    /// Each byte `a`...`z` of `word` upper-cased (other bytes, including 0x80 and above, unchanged).
    @inline(__always)
    static func upperCasedASCII(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = word & (ones &* 0x7F)
        // High bit of each byte set when its low seven bits are at least `a`, or more than `z`.
        let atLeastA = low7 &+ ones &* (0x80 - 0x61)
        let aboveZ = low7 &+ ones &* (0x80 - 0x7B)
        let isLower = atLeastA & ~aboveZ & ~word & (ones &* 0x80)
        return word &- (isLower >> 2)
    }

    /// `<<` somewhere in `start..<end`: sixteen positions at a time (each byte and the one after
    /// it compared with `<` as vectors), then the last few one by one.
    private static func containsHeredocOperator(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let less = SIMD16<UInt8>(repeating: UInt8(ascii: "<"))
            // A pair starting at `index + 15` ends at `index + 16`: 17 bytes must be readable.
            while index &+ 17 <= end {
                let first = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let second = raw.loadUnaligned(fromByteOffset: index &+ 1, as: SIMD16<UInt8>.self)
                if any((first .== less) .& (second .== less)) { return true }
                index &+= 16
            }
        }
        while index + 1 < end {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "<") { return true }
            index += 1
        }
        return false
    }
}
