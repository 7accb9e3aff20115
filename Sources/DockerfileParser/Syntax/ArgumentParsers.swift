import SourceSupport

/// BuildKit's per-keyword argument parsers, reproduced on bytes with ranges kept. Values are
/// appended to the arena's `values` (and `pairs`); `build` records which slice is whose.
extension InstructionBuilder {
    /// FROM, EXPOSE (and ADD/COPY/VOLUME outside exec form): words separated by `[\t\v\f\r ]+`.
    mutating func whitespaceDelimited(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        guard start < end else { return }
        var index = start
        var wordStart = start
        while true {
            index = Self.splitSpace(in: bytes, from: index, to: end)
            guard index < end else { break }
            appendArgument(wordStart, index, to: &arena)
            while index < end, ByteClass.isSplitSpace(bytes[index]) { index &+= 1 }
            wordStart = index
        }
        appendArgument(wordStart, end, to: &arena)
    }

    /// The first `[\t\v\f\r ]` at or after `start`, `end` when none. Eight bytes at a time while
    /// none of them is a control or the space: a third of the instructions of a byte loop on long
    /// image references and paths.
    private static func splitSpace(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index &+ 8 <= end {
            let word = ByteSearch.load(bytes, index)
            // The high bit of each byte below 0x21 (exact for the lowest such byte: a borrow only
            // goes upwards from a byte that is itself below 0x21).
            let low = (word &- ByteSearch.pattern(0x21)) & ~word & ByteSearch.highBits
            if low == 0 { index &+= 8; continue }
            index &+= low.trailingZeroBitCount &>> 3
            if ByteClass.isSplitSpace(bytes[index]) { return index }
            index &+= 1
        }
        while index < end, bytes[index] > ByteClass.space || !ByteClass.isSplitSpace(bytes[index]) { index &+= 1 }
        return index
    }

    /// MAINTAINER, USER, WORKDIR, STOPSIGNAL: the whole rest as one value.
    mutating func wholeString(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
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
        // The strings' records are appended as they are read, and removed unless all are strings.
        let valueCount = arena.values.count
        let textCount = arena.text.count
        let result = JSONArrayForm.parse(logical, from: start, to: end, arena: &arena)
        if case .strings = result {
            instruction.isExecForm = true
            return true
        }
        arena.values.removeSubrange(valueCount...)
        arena.text.removeSubrange(textCount...)
        guard case .nonStringElement(let elementStart, let elementEnd) = result else { return false }
        instruction.isExecForm = true
        diagnostics.append(ParseDiagnostic(
            message: "an exec-form (JSON array) \(keywordText) may contain only strings: quote this element, or write the command in shell form",
            range: range(elementStart, elementEnd), code: "exec-form-not-strings"))
        return true
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
    mutating func nameOrNameValue(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        var words = BuildKitWords(bytes: bytes, from: start, to: end, escape: escape)
        swap(&words.text, &arena.scratchBytes)
        defer { swap(&words.text, &arena.scratchBytes) }
        while words.next() {
            let text = textSpan(words, arena: &arena)
            let pair = keyValuePair(words, text, arena: &arena)
            arena.values.append(ValueRecord(value: text, range: pair.range))
            arena.pairs.append(pair)
        }
    }

    /// ENV, LABEL: `key=value ...`, or the legacy `key value` when the first word has no `=`.
    mutating func nameValue(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
        var words = BuildKitWords(bytes: bytes, from: start, to: end, escape: escape)
        swap(&words.text, &arena.scratchBytes)
        defer { swap(&words.text, &arena.scratchBytes) }
        guard words.next() else { return }
        // BuildKit decides the form from the first word.
        guard words.word.equalsAt >= 0 else {
            legacyNameValue(start, end, arena: &arena)
            return
        }
        repeat {
            let word = words.word
            guard word.equalsAt >= 0 else {
                let text = word.isVerbatim ? logical.string(word.start, word.end) : String(decoding: words.text, as: UTF8.self)
                diagnostics.append(ParseDiagnostic(
                    message: "\(keywordText) item '\(text)' has no '=': once one item is KEY=value, every item must be KEY=value",
                    range: range(word.start, word.end), code: "missing-equals"))
                continue
            }
            let pair = keyValuePair(words, textSpan(words, arena: &arena), arena: &arena)
            arena.values.append(ValueRecord(value: pair.rawKey, range: pair.keyRange))
            arena.values.append(ValueRecord(value: pair.rawValue, range: pair.valueRange))
            arena.pairs.append(pair)
        } while words.next()
    }

    /// ENV or LABEL `key value`: the key is the first run of non-spaces, the value all the rest.
    private mutating func legacyNameValue(_ start: Int, _ end: Int, arena: inout SyntaxArena) {
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
        arena.pairs.append(PairRecord(
            rawKey: span(start, keyEnd), key: Unquote.span(bytes, from: start, to: keyEnd, base: logical.storeBase, escape: escape, arena: &arena),
            rawValue: span(valueStart, end), value: Unquote.span(bytes, from: valueStart, to: end, base: logical.storeBase, escape: escape, arena: &arena),
            range: offsets(start, end), keyRange: offsets(start, keyEnd),
            valueRange: offsets(valueStart, end), isLegacyForm: true))
    }

    /// The text of the last word of `words` as a span: its bytes in the line when verbatim, else a
    /// copy in the store's text.
    @inline(__always)
    private func textSpan(_ words: BuildKitWords, arena: inout SyntaxArena) -> Span {
        words.word.isVerbatim ? span(words.word.start, words.word.end) : arena.intern(words.text)
    }

    /// `NAME` or `NAME=value` of the last word of `words`, whose text is at `text`: split at the
    /// first `=` the word scan noted; the raw parts keep quotes, the others have them removed
    /// (only parts that hold a quote or the escape character are unquoted). Inlined: a call
    /// copied the builder (144 bytes) and the word scanner for every pair.
    @inline(__always)
    private func keyValuePair(_ words: BuildKitWords, _ text: Span, arena: inout SyntaxArena) -> PairRecord {
        let word = words.word
        let range = offsets(word.start, word.end)
        guard word.equalsAt >= 0 else {
            let key = word.keyIsQuoted ? unquoted(words, text, 0, text.end - text.start, arena: &arena) : text
            return PairRecord(rawKey: text, key: key, rawValue: .none, value: .none, range: range, keyRange: range,
                              valueRange: .none, isLegacyForm: false)
        }
        let length = text.end - text.start
        let split = text.start + word.textEquals
        let rawKey = Span(start: text.start, end: split)
        let rawValue = Span(start: split + 1, end: text.end)
        let key = word.keyIsQuoted ? unquoted(words, text, 0, word.textEquals, arena: &arena) : rawKey
        let value = word.valueIsOneQuotedString ? span(word.equalsAt + 2, word.end - 1)
            : word.valueIsQuoted ? unquoted(words, text, word.textEquals + 1, length, arena: &arena) : rawValue
        return PairRecord(rawKey: rawKey, key: key, rawValue: rawValue, value: value, range: range,
                          keyRange: offsets(word.start, word.equalsAt), valueRange: offsets(word.equalsAt + 1, word.end),
                          isLegacyForm: false)
    }

    /// The part `from..<to` (offsets in the text) of the last word of `words`, unquoted.
    private func unquoted(_ words: BuildKitWords, _ text: Span, _ from: Int, _ to: Int, arena: inout SyntaxArena) -> Span {
        let word = words.word
        if word.isVerbatim {
            return Unquote.span(bytes, from: word.start + from, to: word.start + to, base: logical.storeBase,
                                escape: escape, arena: &arena)
        }
        return words.text.withUnsafeBufferPointer {
            Unquote.span($0, from: from, to: to, base: text.start, escape: escape, arena: &arena)
        }
    }
}
