import SourceSupport

/// BuildKit's per-keyword argument parsers, reproduced on bytes with ranges kept. Values are
/// appended to the arena's `values` (and `pairs`); `build` records which slice is whose.
extension InstructionBuilder {
    /// FROM, EXPOSE (and ADD/COPY/VOLUME outside exec form): words separated by `[\t\v\f\r ]+`.
    func whitespaceDelimited(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        guard start < end else { return }
        let bytes = bytes
        // Bytes above the space are never separators: one comparison for most of them.
        @inline(__always) func isSeparator(_ byte: UInt8) -> Bool { byte <= ByteClass.space && ByteClass.isSplitSpace(byte) }
        var index = start
        var wordStart = start
        while true {
            while index < end, !isSeparator(bytes[index]) { index &+= 1 }
            guard index < end else { break }
            appendArgument(wordStart, index, to: &arena)
            while index < end, isSeparator(bytes[index]) { index &+= 1 }
            wordStart = index
        }
        appendArgument(wordStart, end, to: &arena)
    }

    /// MAINTAINER, USER, WORKDIR, STOPSIGNAL: the whole rest as one value.
    func wholeString(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        guard start < end else { return }
        appendArgument(start, end, to: &arena)
    }

    /// RUN, CMD, ENTRYPOINT, SHELL: exec form when the rest is a JSON array of strings, else one shell string.
    mutating func maybeJSON(_ start: Int, _ end: Int, into instruction: inout InstructionRecord, arena: inout SyntaxArena) {
        guard start < end else { return }
        if tryJSON(start, end, into: &instruction, arena: &arena) { return }
        appendArgument(start, end, to: &arena)
    }

    /// ADD, COPY, VOLUME: exec form, else whitespace-separated words.
    mutating func maybeJSONToList(_ start: Int, _ end: Int, into instruction: inout InstructionRecord, arena: inout SyntaxArena) {
        if tryJSON(start, end, into: &instruction, arena: &arena) { return }
        whitespaceDelimited(start, end, arena: &arena)
    }

    /// True when the text was taken as exec form (or rejected as an invalid one).
    private mutating func tryJSON(_ start: Int, _ end: Int, into instruction: inout InstructionRecord, arena: inout SyntaxArena) -> Bool {
        guard start < end, bytes[start] == UInt8(ascii: "[") else { return false }
        // The strings are decoded straight into the store's text.
        let textCount = arena.text.count
        var items: [(value: Range<Int>, start: Int, end: Int)] = []
        swap(&items, &arena.scratchJSONItems)
        defer { swap(&items, &arena.scratchJSONItems) }
        let result = JSONArrayForm.parse(bytes, from: start, to: end, decoded: &arena.text, items: &items)
        switch result {
        case .notAnArray:
            arena.text.removeSubrange(textCount...)
            return false
        case .strings:
            instruction.isExecForm = true
            for item in items {
                let value = Span(start: arena.textBase + item.value.lowerBound, end: arena.textBase + item.value.upperBound)
                arena.values.append(ValueRecord(value: value, range: offsets(item.start, item.end)))
            }
            return true
        case .nonStringElement(let elementStart, let elementEnd):
            instruction.isExecForm = true
            diagnostics.append(ParseDiagnostic(
                message: "an exec-form (JSON array) \(keywordText) may contain only strings: quote this element, or write the command in shell form",
                range: range(elementStart, elementEnd), code: "exec-form-not-strings"))
            return true
        }
    }

    /// HEALTHCHECK: the type word (`CMD`, `NONE`), then the command as RUN parses it.
    mutating func healthcheck(_ start: Int, _ end: Int, into instruction: inout InstructionRecord, arena: inout SyntaxArena) {
        var separator = start
        while separator < end, !ByteClass.isByteRuneSpace(bytes[separator]) { separator += 1 }
        var next = separator
        while next < end, ByteClass.isByteRuneSpace(bytes[next]) { next += 1 }
        guard separator > start else { return }
        appendArgument(start, separator, to: &arena)
        maybeJSON(next, end, into: &instruction, arena: &arena)
        healthcheckCommandStart = next
    }

    /// ARG: words (quotes kept), each `NAME` or `NAME=value`.
    func nameOrNameValue(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        var words = BuildKitWords(bytes: bytes, escape: escape)
        swap(&words.current, &arena.scratchBytes)
        // The closures use locals only: one that captured `self` copied the builder per word.
        let logical = logical
        let escape = escape
        words.split(from: start, to: end) { word, text in
            let value = word.isVerbatim ? logical.span(word.start, word.end) : arena.intern(text)
            arena.values.append(ValueRecord(value: value, range: logical.offsets(word.start, word.end)))
            arena.pairs.append(Self.keyValuePair(word, value, logical: logical, escape: escape, arena: &arena))
            return true
        }
        swap(&words.current, &arena.scratchBytes)
    }

    /// ENV, LABEL: `key=value ...`, or the legacy `key value` when the first word has no `=`.
    mutating func nameValue(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        // BuildKit decides the form from the first word: legacy when it has no `=`.
        var words = BuildKitWords(bytes: bytes, escape: escape)
        swap(&words.current, &arena.scratchBytes)
        defer { swap(&words.current, &arena.scratchBytes) }
        var sawWord = false
        var isLegacy = false
        var problems: [ParseDiagnostic] = []
        let keyword = keywordText
        let logical = logical
        let escape = escape
        let lines = lines
        words.split(from: start, to: end) { word, text in
            // `=` is ASCII, so splitting on the bytes matches BuildKit's byte-wise split.
            let hasEquals = text.contains(UInt8(ascii: "="))
            if !sawWord {
                sawWord = true
                if !hasEquals { isLegacy = true; return false }
            }
            guard hasEquals else {
                problems.append(ParseDiagnostic(
                    message: "\(keyword) item '\(String(decoding: text, as: UTF8.self))' has no '=': once one item is KEY=value, every item must be KEY=value",
                    range: logical.sourceRange(word.start, word.end, lines), code: "missing-equals"))
                return true
            }
            let value = word.isVerbatim ? logical.span(word.start, word.end) : arena.intern(text)
            let pair = Self.keyValuePair(word, value, logical: logical, escape: escape, arena: &arena)
            arena.values.append(ValueRecord(value: pair.rawKey, range: pair.keyRange))
            arena.values.append(ValueRecord(value: pair.rawValue.isNone ? Span(start: 0, end: 0) : pair.rawValue,
                                            range: pair.valueRange.isNone ? pair.keyRange : pair.valueRange))
            arena.pairs.append(pair)
            return true
        }
        if !problems.isEmpty { diagnostics += problems }
        if isLegacy {
            var keyEnd = start
            while keyEnd < end, !ByteClass.isSplitSpace(bytes[keyEnd]) { keyEnd += 1 }
            var valueStart = keyEnd
            while valueStart < end, ByteClass.isSplitSpace(bytes[valueStart]) { valueStart += 1 }
            guard keyEnd < end else {
                let key = logical.string(start, keyEnd)
                diagnostics.append(ParseDiagnostic(
                    message: "\(keywordText) \(key) has no value: write \(keywordText) \(key)=value",
                    range: range(start, end), code: "missing-value"))
                appendArgument(start, keyEnd, to: &arena)
                return
            }
            appendArgument(start, keyEnd, to: &arena)
            appendArgument(valueStart, end, to: &arena)
            let rawKey = span(start, keyEnd)
            let rawValue = span(valueStart, end)
            arena.pairs.append(PairRecord(
                rawKey: rawKey, key: Unquote.word(rawKey, escape: escape, arena: &arena),
                rawValue: rawValue, value: Unquote.word(rawValue, escape: escape, arena: &arena),
                range: offsets(start, end), keyRange: offsets(start, keyEnd),
                valueRange: offsets(valueStart, end), isLegacyForm: true))
            return
        }
    }

    /// `NAME` or `NAME=value` of one word whose text is at `text`; the raw parts keep quotes, the
    /// others have them removed.
    private static func keyValuePair(_ word: BuildKitWords.Word, _ text: Span, logical: LogicalLine, escape: UInt8,
                                     arena: inout SyntaxArena) -> PairRecord {
        let bytes = logical.bytes
        func offsets(_ start: Int, _ end: Int) -> OffsetRange { logical.offsets(start, end) }
        var equalsAt: Int?
        var index = word.start
        while index < word.end {
            if bytes[index] == UInt8(ascii: "=") { equalsAt = index; break }
            index += 1
        }
        // A verbatim word's text is its source bytes: `=` is at the same place in both.
        let equals = word.isVerbatim ? equalsAt.map { $0 - word.start } : arena.offset(of: UInt8(ascii: "="), in: text)
        // A word without quotes or escapes unquotes to itself.
        func unquoted(_ span: Span) -> Span { word.hasQuoteOrEscape ? Unquote.word(span, escape: escape, arena: &arena) : span }
        guard let equals, let equalsAt else {
            return PairRecord(rawKey: text, key: unquoted(text), rawValue: .none, value: .none,
                              range: offsets(word.start, word.end), keyRange: offsets(word.start, word.end),
                              valueRange: .none, isLegacyForm: false)
        }
        let split = text.start + equals
        let rawKey = Span(start: text.start, end: split)
        let rawValue = Span(start: split + 1, end: text.end)
        return PairRecord(rawKey: rawKey, key: unquoted(rawKey), rawValue: rawValue,
                          value: unquoted(rawValue), range: offsets(word.start, word.end),
                          keyRange: offsets(word.start, equalsAt), valueRange: offsets(equalsAt + 1, word.end),
                          isLegacyForm: false)
    }
}

/// BuildKit's `parseWords`: white-space separated words where quotes group (and are kept) and the
/// escape character keeps the next character; decoded as UTF-8 (invalid bytes become U+FFFD).
struct BuildKitWords {
    struct Word {
        var start: Int
        var end: Int
        /// The word's text is exactly `start..<end` as written.
        var isVerbatim: Bool
        /// The word holds a quote or the escape character (else unquoting leaves it as it is).
        var hasQuoteOrEscape: Bool
    }

    /// `1` for the bytes that end a plain run outside quotes: controls and space (up to 0x20), `"`,
    /// `'`, and 0x80 and above (row `r`, column `c` is byte `16 * r + c`; constant data).
    static let stopsPlainRun: StaticString = """
        1111111111111111\
        1111111111111111\
        1010000100000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        0000000000000000\
        1111111111111111\
        1111111111111111\
        1111111111111111\
        1111111111111111\
        1111111111111111\
        1111111111111111\
        1111111111111111\
        1111111111111111
        """

    let bytes: UnsafeBufferPointer<UInt8>
    let escape: UInt8
    /// The current word's text (reused from word to word).
    var current: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, escape: UInt8) {
        self.bytes = bytes
        self.escape = escape
    }

    /// Calls `found` with each word and its text, in order (only the first word with `firstOnly`).
    /// `found` returns false to stop. A word's text is built in `current` only when it differs
    /// from the bytes as written (an escape at the very end, invalid UTF-8); otherwise the bytes
    /// are only scanned and the word is passed as a slice of them.
    mutating func split(from start: Int, to end: Int, _ found: (Word, UnsafeBufferPointer<UInt8>) -> Bool) {
        let bytes = bytes
        let escape = escape
        current.removeAll(keepingCapacity: true)
        var wordStart = -1
        var quote: UInt8 = 0
        var inQuote = false
        var blankOK = false
        var copying = false
        var sawQuoteOrEscape = false
        var index = start
        var done = false
        func finish(_ at: Int, _ current: inout [UInt8]) {
            let isEmpty = copying ? current.isEmpty : at == wordStart
            if blankOK || !isEmpty {
                let word = Word(start: wordStart, end: at, isVerbatim: !copying, hasQuoteOrEscape: sawQuoteOrEscape)
                let more = copying ? current.withUnsafeBufferPointer { found(word, $0) }
                    : found(word, UnsafeBufferPointer(rebasing: bytes[wordStart..<at]))
                if !more { done = true }
            }
            current.removeAll(keepingCapacity: true)
            blankOK = false
            copying = false
            sawQuoteOrEscape = false
            wordStart = -1
        }
        /// From here on the text differs from the bytes: copy what was read of the word so far.
        func beginCopy(upTo position: Int, _ current: inout [UInt8]) {
            guard !copying else { return }
            copying = true
            current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[wordStart..<position]))
        }
        /// Reads one scalar (appending it when copying); invalid UTF-8 becomes U+FFFD.
        func readScalar(at position: Int, _ current: inout [UInt8]) -> Int {
            let byte = bytes[position]
            if byte < 0x80 {
                if copying { current.append(byte) }
                return 1
            }
            let (scalar, width) = ByteClass.decode(bytes, at: position, end: end)
            if scalar == nil { beginCopy(upTo: position, &current) }
            if copying { ByteClass.appendScalar(scalar ?? 0xFFFD, to: &current) }
            return width
        }
        while index < end, !done {
            let byte = bytes[index]
            if wordStart < 0 {
                let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
                if spaceWidth > 0 { index += spaceWidth; continue }
                wordStart = index
            }
            if !inQuote {
                // Fast path: a run of plain printable ASCII (no space, quote or escape), one table
                // load a byte (see `stopsPlainRun`).
                let stops = Self.stopsPlainRun.utf8Start
                var plainEnd = index
                while plainEnd < end {
                    let plain = bytes[plainEnd]
                    guard stops[Int(plain)] == UInt8(ascii: "0"), plain != escape else { break }
                    plainEnd += 1
                }
                if plainEnd > index {
                    if copying { current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<plainEnd])) }
                    index = plainEnd
                    continue
                }
                let spaceWidth = ByteClass.unicodeSpaceWidth(bytes, at: index, end: end)
                if spaceWidth > 0 {
                    finish(index, &current)
                    index += spaceWidth
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    blankOK = true
                    inQuote = true
                    sawQuoteOrEscape = true
                }
                if byte == escape {
                    sawQuoteOrEscape = true
                    if index + 1 == end { beginCopy(upTo: index, &current); index += 1; continue }
                    if copying { current.append(byte) }
                    index += 1
                }
                index += readScalar(at: index, &current)
                continue
            }
            // Fast path inside quotes: ASCII other than the quote and the escape.
            var plainEnd = index
            while plainEnd < end {
                let plain = bytes[plainEnd]
                guard plain < 0x80, plain != quote, plain != escape else { break }
                plainEnd += 1
            }
            if plainEnd > index {
                if copying { current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<plainEnd])) }
                index = plainEnd
                continue
            }
            if byte == quote { inQuote = false }
            if byte == escape { sawQuoteOrEscape = true }
            if byte == escape && quote != UInt8(ascii: "'") {
                if index + 1 == end { beginCopy(upTo: index, &current); inQuote = false; index += 1; continue }
                if copying { current.append(byte) }
                index += 1
            }
            index += readScalar(at: index, &current)
        }
        if wordStart >= 0, !done { finish(end, &current) }
    }
}

/// Removes one level of quotes and escapes from a word, the way BuildKit's shell lexer reads ENV,
/// LABEL and ARG values (without expanding variables).
enum Unquote {
    /// The unquoted text of `span`: the span itself when it holds no quote or escape.
    static func word(_ span: Span, escape: UInt8, arena: inout SyntaxArena) -> Span {
        guard arena.containsQuoteOrEscape(span, escape: escape) else { return span }
        // Unquoted into a scratch buffer (the span may lie in the text being appended to), then
        // appended to the text in one copy.
        var out: [UInt8] = []
        swap(&out, &arena.scratchUnquoted)
        out.removeAll(keepingCapacity: true)
        arena.unquote(span, escape: escape, into: &out)
        let start = arena.textBase + arena.text.count
        arena.text.append(contentsOf: out)
        swap(&out, &arena.scratchUnquoted)
        return Span(start: start, end: arena.textBase + arena.text.count)
    }

    /// Appends `source` with one level of quotes and escapes removed to `out`. Runs of bytes that
    /// stay as they are are appended at once (an append per byte cost more than the scan).
    static func unquote(_ source: UnsafeBufferPointer<UInt8>, escape: UInt8, into out: inout [UInt8]) {
        let count = source.count
        @inline(__always) func run(_ from: Int, _ to: Int) {
            if to > from { out.append(contentsOf: UnsafeBufferPointer(rebasing: source[from..<to])) }
        }
        var index = 0
        while index < count {
            let byte = source[index]
            if byte == UInt8(ascii: "'") {
                index += 1
                let start = index
                while index < count, source[index] != UInt8(ascii: "'") { index += 1 }
                run(start, index)
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                index += 1
                var start = index
                while index < count {
                    let inner = source[index]
                    if inner == UInt8(ascii: "\"") { break }
                    if inner == escape, index + 1 < count {
                        let next = source[index + 1]
                        // Inside double quotes the escape only escapes `"`, `$`, the escape itself and `` ` ``.
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "$") || next == escape || next == UInt8(ascii: "`") {
                            run(start, index)
                            out.append(next)
                            index += 2
                            start = index
                            continue
                        }
                    }
                    index += 1
                }
                run(start, min(index, count))
                index += 1
            } else if byte == escape, index + 1 < count {
                out.append(source[index + 1])
                index += 2
            } else {
                let start = index
                index += 1
                while index < count {
                    let plain = source[index]
                    if plain == UInt8(ascii: "'") || plain == UInt8(ascii: "\"") || plain == escape { break }
                    index += 1
                }
                run(start, index)
            }
        }
    }
}
