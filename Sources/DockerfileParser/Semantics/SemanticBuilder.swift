import SourceSupport

/// Builds the semantic records: the scopes (complete ones, then the one being declared into at the
/// end of `entries`), and the text of values that differ from the source. Values are expanded
/// from bytes to bytes; a value without `$`, quotes or escapes is a span of the source, not a copy.
///
/// Hot paths read bytes through `reader` (the syntax store's bytes and this text, valid for the
/// builder's life, see `with`) and pass what they need to closures explicitly: a closure that
/// captured the builder made Swift copy the whole builder at each call.
struct SemanticBuilder {
    let syntax: SyntaxStore
    /// The syntax store's bytes (its `own` is empty: see `reader` for this text too).
    let syntaxReader: SpanReader
    let escape: UInt8
    let textBase: Int
    /// Expanded values and lower-cased names, from span offset `textBase` on (raw memory: see
    /// `ByteOutput`; `freeze` copies it into the store).
    var text: ByteOutput
    /// Complete scopes (the global one, then each stage's), addressed by `RecordSlice`s, then the
    /// scope declarations go to (from `currentStart` on): completing it copies nothing.
    var entries: [ScopeEntryRecord] = []
    var currentStart = 0
    var names: [Span] = []
    var images: [ImageRecord] = []
    var stages: [StageRecord] = []
    /// Reused buffers (taken while in use, so they keep their capacity).
    var scratch: ByteOutput
    var scratchRecords: [ScopeEntryRecord] = []
    var scratchNames = ExpansionNames()
    /// The last `expand` ended inside a construct (see `ByteExpander.endedInside`).
    var lastExpansionEndedInside = false

    /// Runs `body` with a builder for `syntax` (whose bytes stay valid for the call).
    static func with<Result>(_ syntax: SyntaxStore, escape: UInt8, _ body: (inout SemanticBuilder) -> Result) -> Result {
        syntax.source.withUnsafeBufferPointer { source in
            syntax.text.withUnsafeBufferPointer { syntaxText in
                let textBase = syntax.textBase + syntax.text.count
                let reader = SpanReader(source: source, syntaxText: syntaxText, syntaxTextBase: syntax.textBase,
                                        own: UnsafeBufferPointer(start: nil, count: 0), ownBase: textBase)
                var builder = SemanticBuilder(syntax: syntax, syntaxReader: reader, escape: escape, textBase: textBase,
                                              text: ByteOutput(capacity: 4096), scratch: ByteOutput(capacity: 256))
                defer {
                    builder.text.deallocate()
                    builder.scratch.deallocate()
                }
                return body(&builder)
            }
        }
    }

    func freeze() -> SemanticStore {
        SemanticStore(syntax: syntax, textBase: textBase, text: Array(text.bytes), entries: entries, names: names, images: images,
                      stages: stages)
    }

    /// Reads any span: the syntax store's or this text's (valid until this text grows).
    @inline(__always)
    var reader: SpanReader {
        SpanReader(source: syntaxReader.source, syntaxText: syntaxReader.syntaxText, syntaxTextBase: syntaxReader.syntaxTextBase,
                   own: text.bytes, ownBase: textBase)
    }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Span {
        let start = textBase + text.count
        text.append(bytes)
        return Span(start: start, end: textBase + text.count)
    }

    mutating func intern(_ bytes: [UInt8]) -> Span { bytes.withUnsafeBufferPointer { intern($0) } }

    /// `bytes` as a span of valid UTF-8 (repaired as `String(decoding:)` repairs).
    mutating func internValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Span {
        guard let repaired = UTF8Bytes.repaired(bytes) else { return intern(bytes) }
        return intern(repaired)
    }

    /// A span of the syntax store, or its repaired copy when its bytes are not valid UTF-8.
    @inline(__always)
    mutating func validated(_ span: Span, isASCII: Bool) -> Span {
        guard !isASCII, let repaired = UTF8Bytes.repaired(syntaxReader.bytes(span)) else { return span }
        return intern(repaired)
    }

    /// Expands the bytes of `input` (valid UTF-8) with the entries `scope`, into `scratch` (emptied
    /// first); names used go to `scratchNames` (as offsets of `input`, emptied first) when `tracksNames`.
    mutating func expand(_ input: Span, scope: Range<Int>, tracksNames: Bool) {
        // `scratch` is taken out while the expander fills it (a copy of its pointer and counts).
        var out = scratch
        out.count = 0
        if tracksNames {
            scratchNames.used.removeAll(keepingCapacity: true)
            scratchNames.unresolved.removeAll(keepingCapacity: true)
        }
        let reader = self.reader, escape = escape
        lastExpansionEndedInside = withUnsafeMutablePointer(to: &scratchNames) { names in
            entries.withUnsafeBufferPointer { all in
                var expander = ByteExpander(bytes: reader.bytes(input), lookup: RecordLookup(entries: UnsafeBufferPointer(rebasing: all[scope]), reader: reader),
                                            escape: escape, names: tracksNames ? names : nil)
                expander.expandWord(until: nil, into: &out)
                return expander.endedInside
            }
        }
        scratch = out
    }

    /// The value an ARG or ENV declares: `raw` (a span of the syntax store) expanded with the
    /// entries `scope`. Most values hold no `$`, quote or escape and are their own span.
    @inline(__always)
    mutating func expandedValue(_ raw: Span, scope: Range<Int>) -> Span {
        if ByteSearch.isPlainASCII(syntaxReader.bytes(raw), escape: escape) { return raw }
        return expandedValue(raw, kind: ByteScan(syntaxReader.bytes(raw), escape: escape), scope: scope)
    }

    @inline(never)
    private mutating func expandedValue(_ raw: Span, kind: ByteScan, scope: Range<Int>) -> Span {
        let input = validated(raw, isASCII: kind.isASCII)
        if !kind.needsExpansion { return input }
        if !kind.hasDollar {
            // Only quotes and escapes: no variable is read, so the value is written straight into
            // this text. Room is made first: `input` (a repaired copy may be in this text) stays put.
            let start = textBase + text.count
            text.reserve(input.end - input.start)
            let bytes = reader.bytes(input), escape = escape
            text.append(atMost: bytes.count) { QuoteRemoval.apply(bytes, escape: escape, into: $0) }
            return Span(start: start, end: textBase + text.count)
        }
        expand(input, scope: scope, tracksNames: false)
        // From ASCII input and valid values, the expansion is valid UTF-8.
        return kind.isASCII ? intern(scratch.bytes) : internValid(scratch.bytes)
    }

    /// The last entry of `entries[range]` named `name`, whose key is `key`. Static, with the builder's
    /// parts as arguments: a method would make Swift copy the whole builder (200 bytes) at each call.
    static func index(of name: Span, key: UInt32, in entries: [ScopeEntryRecord], _ range: Range<Int>, reader: SpanReader) -> Int? {
        entries.withUnsafeBufferPointer { all in
            var index = range.upperBound - 1
            while index >= range.lowerBound {
                let entry = all[index]
                // Keys differ for most entries: the name's bytes are read only when they do not.
                if entry.nameKey == key || entry.nameKey == 0 || key == 0, reader.isNamed(entry, reader.bytes(name), key: key) { return index }
                index -= 1
            }
            return nil
        }
    }

    /// Adds `record` to the current scope, replacing an entry of the same name in place.
    mutating func declare(_ record: ScopeEntryRecord) {
        if let existing = Self.index(of: record.name, key: record.nameKey, in: entries, currentStart..<entries.count, reader: reader) {
            entries[existing] = record
        } else {
            entries.append(record)
        }
    }

    /// Completes the current scope (a new, empty one follows it) and returns where it is.
    mutating func completeScope() -> RecordSlice {
        let slice = RecordSlice(start: currentStart, count: entries.count - currentStart)
        currentStart = entries.count
        return slice
    }

    /// Makes the (empty) current scope the environment (not the ARGs) of an earlier stage's scope.
    mutating func inheritEnvironment(of slice: RecordSlice) {
        for index in Int(slice.start)..<Int(slice.start + slice.count) where entries[index].isEnvironment {
            let record = entries[index]
            entries.append(record)
        }
    }

    /// Makes the (empty) current scope the environment of a scope of another analysis (for `scope(before:)`).
    mutating func inheritEnvironment(of scope: VariableScope) {
        if case .records(let store, let slice) = scope.storage, store.syntax === syntax {
            // Records of the same parse: spans of the syntax store stay valid; the other store's text is copied.
            for index in Int(slice.start)..<Int(slice.start + slice.count) where store.entries[index].isEnvironment {
                var record = store.entries[index]
                if record.name.start >= store.textBase { record.name = intern(store.withReader { Array($0.bytes(record.name)) }) }
                if record.value.start >= store.textBase { record.value = intern(store.withReader { Array($0.bytes(record.value)) }) }
                entries.append(record)
            }
            return
        }
        for entry in scope.entries where entry.isEnvironment {
            let name = Array(entry.name.utf8)
            let key = name.withUnsafeBufferPointer { ScopeEntryRecord.key(of: $0) }
            declare(ScopeEntryRecord(name: intern(name), value: entry.value.map { intern(Array($0.utf8)) } ?? .none,
                                     range: entry.range.map { OffsetRange(start: $0.start.offset, end: $0.end.offset) } ?? .none,
                                     nameKey: key, isEnvironment: true))
        }
    }
}

/// Variable values from the analysis's records (the scope's names are unique, see `declare`).
struct RecordLookup: VariableLookup {
    let entries: UnsafeBufferPointer<ScopeEntryRecord>
    let reader: SpanReader

    @inline(__always)
    func value(of name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let key = ScopeEntryRecord.key(of: name)
        var index = entries.count - 1
        while index >= 0 {
            let entry = entries[index]
            if reader.isNamed(entry, name, key: key) {
                return entry.value.isNone ? nil : reader.bytes(entry.value)
            }
            index -= 1
        }
        return nil
    }

    func isEmpty(_ value: UnsafeBufferPointer<UInt8>) -> Bool { value.isEmpty }
    func append(_ value: UnsafeBufferPointer<UInt8>, to out: inout ByteOutput) { out.append(value) }
}
