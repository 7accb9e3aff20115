import SourceSupport

/// Builds the semantic records: the scopes (complete ones, then the one being declared into at the
/// end of `entries`), and the text of values that differ from the source. Values are expanded
/// from bytes to bytes; a value without `$`, quotes or escapes is a span of the source, not a copy.
///
/// Hot paths read bytes through `reader` (the syntax store's bytes, valid for the builder's life,
/// see `with`) and pass what they need to closures explicitly: a closure that captured the
/// builder made Swift copy the whole builder at each call.
struct SemanticBuilder {
    let syntax: SyntaxStore
    /// The syntax store's bytes; `own` is empty, so only spans before `textBase` may be read with it.
    let reader: SpanReader
    let escape: UInt8
    let textBase: Int
    var text: [UInt8] = []
    /// Complete scopes (the global one, then each stage's), addressed by `RecordSlice`s, then the
    /// scope declarations go to (from `currentStart` on): completing it copies nothing.
    var entries: [ScopeEntryRecord] = []
    var currentStart = 0
    var names: [Span] = []
    var images: [ImageRecord] = []
    var stages: [StageRecord] = []
    /// Reused buffers (taken with `swap` while in use, so they keep their capacity).
    var scratch: [UInt8] = []
    var scratchRecords: [ScopeEntryRecord] = []
    var scratchUsed: [Range<Int>] = []
    var scratchUnresolved: [Range<Int>] = []
    /// The last `expand` ended inside a construct (see `ByteExpander.endedInside`).
    var lastExpansionEndedInside = false

    /// Runs `body` with a builder for `syntax` (whose bytes stay valid for the call).
    static func with<Result>(_ syntax: SyntaxStore, escape: UInt8, _ body: (inout SemanticBuilder) -> Result) -> Result {
        syntax.source.withUnsafeBufferPointer { source in
            syntax.text.withUnsafeBufferPointer { syntaxText in
                let textBase = syntax.textBase + syntax.text.count
                let reader = SpanReader(source: source, syntaxText: syntaxText, syntaxTextBase: syntax.textBase,
                                        own: UnsafeBufferPointer(start: nil, count: 0), ownBase: textBase)
                var builder = SemanticBuilder(syntax: syntax, reader: reader, escape: escape, textBase: textBase)
                return body(&builder)
            }
        }
    }

    func freeze() -> SemanticStore {
        SemanticStore(syntax: syntax, textBase: textBase, text: text, entries: entries, names: names, images: images, stages: stages)
    }

    /// Runs `body` on the bytes of any span (the file's, the syntax store's text or this text).
    @inline(__always)
    func withBytes<Result>(of span: Span, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if span.isNone || span.start < textBase { return body(reader.bytes(span)) }
        let start = span.start - textBase, end = span.end - textBase
        return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    mutating func intern<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Span {
        let start = textBase + text.count
        text.append(contentsOf: bytes)
        return Span(start: start, end: textBase + text.count)
    }

    /// `bytes` as a span of valid UTF-8 (repaired as `String(decoding:)` repairs).
    mutating func internValid(_ bytes: [UInt8]) -> Span {
        let repaired = bytes.withUnsafeBufferPointer { UTF8Bytes.repaired($0) }
        return intern(repaired ?? bytes)
    }

    /// A span of the syntax store, or its repaired copy when its bytes are not valid UTF-8.
    @inline(__always)
    mutating func validated(_ span: Span, isASCII: Bool) -> Span {
        guard !isASCII, let repaired = UTF8Bytes.repaired(reader.bytes(span)) else { return span }
        return intern(repaired)
    }

    /// Expands the bytes of `input` (valid UTF-8) with the scope `scope` (a slice of `entries`, or
    /// the current scope when nil), appending to `out`; names used go to `scratchUsed` and `scratchUnresolved`
    /// (as offsets of `input`) when `tracksNames`.
    mutating func expand(_ input: Span, scope: RecordSlice?, tracksNames: Bool, into out: inout [UInt8]) {
        let range = scope.map { Int($0.start)..<Int($0.start + $0.count) } ?? currentStart..<entries.count
        let base = reader, escape = escape
        var used: [Range<Int>] = [], unresolved: [Range<Int>] = []
        if tracksNames {
            swap(&used, &scratchUsed)
            swap(&unresolved, &scratchUnresolved)
            if !used.isEmpty { used.removeAll(keepingCapacity: true) }
            if !unresolved.isEmpty { unresolved.removeAll(keepingCapacity: true) }
        }
        var endedInside = false
        text.withUnsafeBufferPointer { own in
            entries.withUnsafeBufferPointer { all in
                let reader = SpanReader(source: base.source, syntaxText: base.syntaxText, syntaxTextBase: base.syntaxTextBase, own: own,
                                        ownBase: base.ownBase)
                var expander = ByteExpander(bytes: reader.bytes(input), lookup: RecordLookup(entries: UnsafeBufferPointer(rebasing: all[range]), reader: reader),
                                            escape: escape, tracksNames: tracksNames)
                if tracksNames {
                    swap(&expander.used, &used)
                    swap(&expander.unresolved, &unresolved)
                }
                expander.expandWord(until: nil, into: &out)
                endedInside = expander.endedInside
                if tracksNames {
                    swap(&expander.used, &used)
                    swap(&expander.unresolved, &unresolved)
                }
            }
        }
        if tracksNames {
            swap(&used, &scratchUsed)
            swap(&unresolved, &scratchUnresolved)
        }
        lastExpansionEndedInside = endedInside
    }

    /// The value an ARG or ENV declares: `raw` (a span of the syntax store) expanded with the current scope.
    mutating func expandedValue(_ raw: Span) -> Span {
        let kind = ByteScan(reader.bytes(raw), escape: escape)
        let input = validated(raw, isASCII: kind.isASCII)
        guard kind.needsExpansion else { return input }
        var out: [UInt8] = []
        swap(&out, &scratch)
        if !out.isEmpty { out.removeAll(keepingCapacity: true) }
        expand(input, scope: nil, tracksNames: false, into: &out)
        let value = kind.isASCII ? intern(out) : internValid(out)
        swap(&out, &scratch)
        return value
    }

    /// Two names are the same (see `ScopeEntryRecord.isASCIIName`).
    @inline(__always)
    func sameName(_ left: Span, _ leftIsASCII: Bool, _ right: Span, _ rightIsASCII: Bool) -> Bool {
        if leftIsASCII && rightIsASCII && left.end - left.start != right.end - right.start { return false }
        if left.start < textBase && right.start < textBase {
            return reader.sameName(left, leftIsASCII, reader.bytes(right), rightIsASCII)
        }
        // A name copied into this text (from a scope built by hand): rare, so simply copied.
        let rightBytes = withBytes(of: right) { Array($0) }
        return withBytes(of: left) { leftBytes in
            rightBytes.withUnsafeBufferPointer { rightBytes in
                if leftIsASCII && rightIsASCII { return leftBytes.elementsEqual(rightBytes) }
                return String(decoding: leftBytes, as: UTF8.self) == String(decoding: rightBytes, as: UTF8.self)
            }
        }
    }

    /// The last record of `records[range]` named `name`.
    func index(of name: Span, isASCII: Bool, in records: [ScopeEntryRecord], _ range: Range<Int>) -> Int? {
        var index = range.upperBound - 1
        while index >= range.lowerBound {
            if sameName(records[index].name, records[index].isASCIIName, name, isASCII) { return index }
            index -= 1
        }
        return nil
    }

    /// Adds `record` to the current scope, replacing an entry of the same name in place.
    mutating func declare(_ record: ScopeEntryRecord) {
        if let existing = index(of: record.name, isASCII: record.isASCIIName, in: entries, currentStart..<entries.count) {
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
            let name = intern(entry.name.utf8)
            declare(ScopeEntryRecord(name: name, value: entry.value.map { intern($0.utf8) } ?? .none,
                                     range: entry.range.map { OffsetRange(start: $0.start.offset, end: $0.end.offset) } ?? .none,
                                     isEnvironment: true, isASCIIName: entry.name.utf8.allSatisfy { $0 < 0x80 }))
        }
    }
}

/// Variable values from the analysis's records (the scope's names are unique, see `declare`).
struct RecordLookup: VariableLookup {
    let entries: UnsafeBufferPointer<ScopeEntryRecord>
    let reader: SpanReader

    @inline(__always)
    func value(of name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var index = entries.count - 1
        while index >= 0 {
            let entry = entries[index]
            // Names written in `$NAME` are ASCII.
            if reader.sameName(entry.name, entry.isASCIIName, name, true) {
                return entry.value.isNone ? nil : reader.bytes(entry.value)
            }
            index -= 1
        }
        return nil
    }

    func isEmpty(_ value: UnsafeBufferPointer<UInt8>) -> Bool { value.isEmpty }
    func append(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) { out.append(contentsOf: value) }
}
