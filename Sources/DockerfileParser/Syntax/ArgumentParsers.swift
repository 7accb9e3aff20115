import SourceSupport

/// BuildKit's per-keyword argument parsers, reproduced on bytes with ranges kept.
struct ArgumentParsers {
    let builder: InstructionBuilder
    let keyword: String
    var diagnostics: [ParseDiagnostic] = []
    /// Where HEALTHCHECK's command starts (its shell form is modelled like RUN's).
    var healthcheckCommandStart: Int?

    let bytes: [UInt8]

    /// Where the instruction's `argumentText` lies: a value spanning exactly that text shares its string.
    let restStart: Int
    let restEnd: Int

    init(builder: InstructionBuilder, keyword: String, restStart: Int, restEnd: Int) {
        self.builder = builder
        self.bytes = builder.bytes
        self.keyword = keyword
        self.restStart = restStart
        self.restEnd = restEnd
    }

    /// `builder.argument`, reusing `argumentText` (no second copy and UTF-8 check of a long shell
    /// line) when the value is the whole rest of the instruction.
    private func argument(_ start: Int, _ end: Int, of instruction: Instruction) -> Argument {
        guard start == restStart, end == restEnd else { return builder.argument(start, end) }
        return Argument(value: instruction.argumentText, range: instruction.argumentRange)
    }

    /// FROM, EXPOSE (and ADD/COPY/VOLUME outside exec form): words separated by `[\t\v\f\r ]+`.
    func whitespaceDelimited(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        guard start < end else { return }
        // FROM, COPY and ADD lines rarely hold more than four words: reserve instead of growing 1, 2, 4.
        instruction.arguments.reserveCapacity(4)
        var index = start
        var wordStart = start
        while index < end {
            if ByteClass.isSplitSpace(bytes[index]) {
                instruction.arguments.append(builder.argument(wordStart, index))
                while index < end, ByteClass.isSplitSpace(bytes[index]) { index += 1 }
                wordStart = index
                continue
            }
            index += 1
        }
        instruction.arguments.append(argument(wordStart, end, of: instruction))
    }

    /// MAINTAINER, USER, WORKDIR, STOPSIGNAL: the whole rest as one value.
    func wholeString(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        guard start < end else { return }
        instruction.arguments = [argument(start, end, of: instruction)]
    }

    /// RUN, CMD, ENTRYPOINT, SHELL: exec form when the rest is a JSON array of strings, else one shell string.
    mutating func maybeJSON(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        guard start < end else { return }
        if tryJSON(start, end, into: &instruction) { return }
        instruction.arguments = [argument(start, end, of: instruction)]
    }

    /// ADD, COPY, VOLUME: exec form, else whitespace-separated words.
    mutating func maybeJSONToList(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        if tryJSON(start, end, into: &instruction) { return }
        whitespaceDelimited(start, end, into: &instruction)
    }

    /// True when the text was taken as exec form (or rejected as an invalid one).
    private mutating func tryJSON(_ start: Int, _ end: Int, into instruction: inout Instruction) -> Bool {
        switch JSONArrayForm.parse(bytes, from: start, to: end) {
        case .notAnArray:
            return false
        case .strings(let items):
            instruction.isExecForm = true
            instruction.arguments = items.map { Argument(value: $0.value, range: builder.range($0.start, $0.end)) }
            return true
        case .nonStringElement(let elementStart, let elementEnd):
            instruction.isExecForm = true
            diagnostics.append(ParseDiagnostic(
                message: "an exec-form (JSON array) \(keyword) may contain only strings: quote this element, or write the command in shell form",
                range: builder.range(elementStart, elementEnd), code: "exec-form-not-strings"))
            return true
        }
    }

    /// HEALTHCHECK: the type word (`CMD`, `NONE`), then the command as RUN parses it.
    mutating func healthcheck(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        var separator = start
        while separator < end, !ByteClass.isByteRuneSpace(bytes[separator]) { separator += 1 }
        var next = separator
        while next < end, ByteClass.isByteRuneSpace(bytes[next]) { next += 1 }
        guard separator > start else { return }
        var command = instruction
        command.arguments = []
        maybeJSON(next, end, into: &command)
        healthcheckCommandStart = next
        instruction.arguments = [builder.argument(start, separator)] + command.arguments
        instruction.isExecForm = command.isExecForm
    }

    /// ARG: words (quotes kept), each `NAME` or `NAME=value`.
    func nameOrNameValue(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        let words = BuildKitWords.split(bytes, from: start, to: end, escape: builder.escape)
        instruction.arguments.reserveCapacity(words.count)
        instruction.keyValuePairs.reserveCapacity(words.count)
        for word in words {
            instruction.arguments.append(Argument(value: word.text, range: builder.range(word.start, word.end)))
            instruction.keyValuePairs.append(keyValuePair(word))
        }
    }

    /// ENV, LABEL: `key=value ...`, or the legacy `key value` when the first word has no `=`.
    mutating func nameValue(_ start: Int, _ end: Int, into instruction: inout Instruction) {
        let words = BuildKitWords.split(bytes, from: start, to: end, escape: builder.escape)
        guard let first = words.first else { return }
        if !first.text.utf8.contains(UInt8(ascii: "=")) {
            var keyEnd = start
            while keyEnd < end, !ByteClass.isSplitSpace(bytes[keyEnd]) { keyEnd += 1 }
            var valueStart = keyEnd
            while valueStart < end, ByteClass.isSplitSpace(bytes[valueStart]) { valueStart += 1 }
            guard keyEnd < end else {
                let key = builder.logical.string(start, keyEnd)
                diagnostics.append(ParseDiagnostic(
                    message: "\(keyword) \(key) has no value: write \(keyword) \(key)=value",
                    range: builder.range(start, end), code: "missing-value"))
                instruction.arguments = [builder.argument(start, keyEnd)]
                return
            }
            let keyArgument = builder.argument(start, keyEnd)
            let valueArgument = builder.argument(valueStart, end)
            instruction.arguments = [keyArgument, valueArgument]
            instruction.keyValuePairs = [KeyValuePair(
                rawKey: keyArgument.value, key: Unquote.word(keyArgument.value, escape: builder.escape),
                rawValue: valueArgument.value, value: Unquote.word(valueArgument.value, escape: builder.escape),
                range: builder.range(start, end), keyRange: keyArgument.range, valueRange: valueArgument.range,
                isLegacyForm: true)]
            return
        }
        instruction.arguments.reserveCapacity(words.count * 2)
        instruction.keyValuePairs.reserveCapacity(words.count)
        for word in words {
            // `=` is ASCII, so splitting on the UTF-8 view matches BuildKit's byte-wise split.
            guard word.text.utf8.contains(UInt8(ascii: "=")) else {
                diagnostics.append(ParseDiagnostic(
                    message: "\(keyword) item '\(word.text)' has no '=': once one item is KEY=value, every item must be KEY=value",
                    range: builder.range(word.start, word.end), code: "missing-equals"))
                continue
            }
            let pair = keyValuePair(word)
            instruction.arguments.append(Argument(value: pair.rawKey, range: pair.keyRange))
            instruction.arguments.append(Argument(value: pair.rawValue ?? "", range: pair.valueRange ?? pair.keyRange))
            instruction.keyValuePairs.append(pair)  // last use: moved, not copied
        }
    }

    /// `NAME` or `NAME=value` of one word; the raw parts keep quotes, the others have them removed.
    private func keyValuePair(_ word: BuildKitWords.Word) -> KeyValuePair {
        var equalsAt: Int?
        var index = word.start
        while index < word.end {
            if bytes[index] == UInt8(ascii: "=") { equalsAt = index; break }
            index += 1
        }
        let text = word.text
        let escape = builder.escape
        guard let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")), let equalsAt else {
            return KeyValuePair(rawKey: text, key: Unquote.word(text, escape: escape), rawValue: nil, value: nil,
                                range: builder.range(word.start, word.end), keyRange: builder.range(word.start, word.end),
                                valueRange: nil, isLegacyForm: false)
        }
        let rawKey = String(text[..<equals])
        let rawValue = String(text[text.utf8.index(after: equals)...])
        return KeyValuePair(rawKey: rawKey, key: Unquote.word(rawKey, escape: escape), rawValue: rawValue,
                            value: Unquote.word(rawValue, escape: escape), range: builder.range(word.start, word.end),
                            keyRange: builder.range(word.start, equalsAt), valueRange: builder.range(equalsAt + 1, word.end),
                            isLegacyForm: false)
    }
}

/// BuildKit's `parseWords`: white-space separated words where quotes group (and are kept) and the
/// escape character keeps the next character; decoded as UTF-8 (invalid bytes become U+FFFD).
enum BuildKitWords {
    struct Word {
        var text: String
        var start: Int
        var end: Int
    }

    static func split(_ bytes: [UInt8], from start: Int, to end: Int, escape: UInt8) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(4)
        var current: [UInt8] = []
        current.reserveCapacity(min(end - start, 64))
        var wordStart = -1
        var quote: UInt8 = 0
        var inQuote = false
        var blankOK = false
        var index = start
        func finish(_ at: Int) {
            if blankOK || !current.isEmpty {
                words.append(Word(text: String(decoding: current, as: UTF8.self), start: wordStart, end: at))
            }
            current.removeAll(keepingCapacity: true)
            blankOK = false
            wordStart = -1
        }
        func appendScalar(at position: Int) -> Int {
            let byte = bytes[position]
            if byte < 0x80 { current.append(byte); return 1 }
            let (scalar, width) = ByteClass.decode(bytes, at: position, end: end)
            ByteClass.appendScalar(scalar ?? 0xFFFD, to: &current)
            return width
        }
        while index < end {
            let byte = bytes[index]
            if wordStart < 0 {
                let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
                if spaceWidth > 0 { index += spaceWidth; continue }
                wordStart = index
            }
            if !inQuote {
                // Fast path: a run of plain printable ASCII (no space, quote or escape) is copied
                // as one chunk instead of byte by byte through the space and scalar checks.
                var plainEnd = index
                while plainEnd < end {
                    let plain = bytes[plainEnd]
                    guard plain > 0x20, plain < 0x80, plain != UInt8(ascii: "'"), plain != UInt8(ascii: "\""), plain != escape else { break }
                    plainEnd += 1
                }
                if plainEnd > index {
                    current.append(contentsOf: bytes[index..<plainEnd])
                    index = plainEnd
                    continue
                }
                let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
                if spaceWidth > 0 {
                    finish(index)
                    index += spaceWidth
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    blankOK = true
                    inQuote = true
                }
                if byte == escape {
                    if index + 1 == end { index += 1; continue }
                    current.append(byte)
                    index += 1
                }
                index += appendScalar(at: index)
                continue
            }
            if byte == quote { inQuote = false }
            if byte == escape && quote != UInt8(ascii: "'") {
                if index + 1 == end { inQuote = false; index += 1; continue }
                current.append(byte)
                index += 1
            }
            index += appendScalar(at: index)
        }
        if wordStart >= 0 { finish(end) }
        return words
    }
}

/// Removes one level of quotes and escapes from a word, the way BuildKit's shell lexer reads ENV,
/// LABEL and ARG values (without expanding variables).
enum Unquote {
    static func word(_ text: String, escape: UInt8) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escape }) else { return text }
        let source = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "'") {
                index += 1
                while index < source.count, source[index] != UInt8(ascii: "'") { out.append(source[index]); index += 1 }
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                while index < source.count, source[index] != UInt8(ascii: "\"") {
                    if source[index] == escape, index + 1 < source.count {
                        let next = source[index + 1]
                        // Inside double quotes the escape only escapes `"`, `$`, the escape itself and `` ` ``.
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "$") || next == escape || next == UInt8(ascii: "`") {
                            out.append(next)
                            index += 2
                            continue
                        }
                    }
                    out.append(source[index])
                    index += 1
                }
                index += 1
            } else if byte == escape, index + 1 < source.count {
                out.append(source[index + 1])
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
