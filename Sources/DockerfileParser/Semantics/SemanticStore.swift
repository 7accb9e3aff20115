import SourceSupport

// The semantic phase's output (stages, variable scopes, base image references) in flat arrays of
// plain records, like the syntax records of `SyntaxStore.swift`: names and values are spans of
// bytes and ranges are byte offsets, so computing a file's scopes allocates a handful of arrays
// instead of two strings and a line lookup per declaration. `Stage`, `ImageReference` and
// `VariableScope` read these records; their strings and line/column ranges are made when read.
//
// Spans address the syntax store's bytes (the file, then its text) or, from `SemanticStore.textBase`
// on, this phase's own text: expanded values and lower-cased names, which differ from the source.
// Every value's bytes are valid UTF-8 (invalid input is stored repaired, as `String(decoding:)`
// repairs it), so a value substituted into another expansion is exactly its `String`'s bytes.

/// One ARG or ENV declaration in a scope.
struct ScopeEntryRecord {
    var name: Span
    /// `.none` for `ARG NAME` without a value.
    var value: Span
    /// `.none` for no range (an entry made from a `VariableScope.Entry` without one).
    var range: OffsetRange
    /// `ScopeEntryRecord.key(of:)` of the name: looking a name up compares keys, and bytes only when
    /// the keys are equal (a declaration looked through its scope comparing spans and lengths: a
    /// tenth of the phase on BuildKit's conformance Dockerfiles).
    var nameKey: UInt32
    var isEnvironment: Bool

    /// Names are compared byte by byte only when both are ASCII; otherwise as `String`s, whose
    /// equality is canonical equivalence (`K`, KELVIN SIGN, is `K`).
    var isASCIIName: Bool { nameKey != 0 }

    /// A hash of an ASCII name, never 0; 0 for a name with other characters.
    @inline(__always)
    static func key(of name: UnsafeBufferPointer<UInt8>) -> UInt32 {
        ByteSearch.isASCII(name) ? UInt32(truncatingIfNeeded: ByteSearch.hash(name)) | 1 : 0
    }
}

/// A base image reference, split; every part a span of `resolved` (or of the file for `raw`).
struct ImageRecord {
    var raw: Span
    var resolved: Span
    var range: OffsetRange
    var registry: Span
    var repository: Span
    var tag: Span
    var digest: Span
    /// Slices of `SemanticStore.names`.
    var variables: RecordSlice
    var unresolvedVariables: RecordSlice
}

struct StageRecord {
    /// Lower-cased; `.none` when the stage is unnamed.
    var name: Span
    var nameRange: OffsetRange
    var fromIndex: Int
    /// One past the stage's last instruction.
    var endIndex: Int
    /// -1 when the base is not an earlier stage.
    var baseStageIndex: Int
    /// Slice of `SemanticStore.entries`: the scope at the end of the stage.
    var scope: RecordSlice
}

/// Raw views of every byte region a span can address, valid inside one `withReader` call.
struct SpanReader {
    let source: UnsafeBufferPointer<UInt8>
    let syntaxText: UnsafeBufferPointer<UInt8>
    let syntaxTextBase: Int
    let own: UnsafeBufferPointer<UInt8>
    let ownBase: Int

    @inline(__always)
    func bytes(_ span: Span) -> UnsafeBufferPointer<UInt8> {
        guard !span.isNone, span.start < span.end else { return UnsafeBufferPointer(start: nil, count: 0) }
        if span.start >= ownBase { return UnsafeBufferPointer(rebasing: own[(span.start - ownBase)..<(span.end - ownBase)]) }
        if span.start >= syntaxTextBase {
            return UnsafeBufferPointer(rebasing: syntaxText[(span.start - syntaxTextBase)..<(span.end - syntaxTextBase)])
        }
        return UnsafeBufferPointer(rebasing: source[span.start..<span.end])
    }

    func string(_ span: Span) -> String { String(decoding: bytes(span), as: UTF8.self) }

    /// `record` is named `name`, whose key is `key` (see `ScopeEntryRecord.nameKey`).
    @inline(__always)
    func isNamed(_ record: ScopeEntryRecord, _ name: UnsafeBufferPointer<UInt8>, key: UInt32) -> Bool {
        if record.nameKey == key {
            let recordName = bytes(record.name)
            if key != 0 { return recordName.count == name.count && ByteSearch.equal(recordName, name) }
            return String(decoding: recordName, as: UTF8.self) == String(decoding: name, as: UTF8.self)
        }
        // Different keys: different ASCII names, or one name with other characters.
        guard record.nameKey == 0 || key == 0 else { return false }
        return String(decoding: bytes(record.name), as: UTF8.self) == String(decoding: name, as: UTF8.self)
    }

    /// Runs `body` with a reader over `syntax` and `own` (whose first byte is at offset `ownBase`).
    @inline(__always)
    static func with<Result>(_ syntax: SyntaxStore, own: [UInt8], ownBase: Int, _ body: (SpanReader) -> Result) -> Result {
        syntax.source.withUnsafeBufferPointer { source in
            syntax.text.withUnsafeBufferPointer { syntaxText in
                own.withUnsafeBufferPointer { own in
                    body(SpanReader(source: source, syntaxText: syntaxText, syntaxTextBase: syntax.textBase, own: own, ownBase: ownBase))
                }
            }
        }
    }
}

enum UTF8Bytes {
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { ByteSearch.isASCII(bytes) }

    /// `bytes` repaired as `String(decoding:)` repairs them, or nil when they are valid UTF-8.
    static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil { return nil }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}

/// The records of one semantic analysis, frozen. Shared by the stages, scopes and references it
/// produced; never mutated.
final class SemanticStore: Sendable {
    let syntax: SyntaxStore
    /// Span offset of `text[0]`: right after the syntax store's text.
    let textBase: Int
    let text: [UInt8]
    let entries: [ScopeEntryRecord]
    let names: [Span]
    let images: [ImageRecord]
    let stages: [StageRecord]

    init(syntax: SyntaxStore, textBase: Int, text: [UInt8], entries: [ScopeEntryRecord], names: [Span], images: [ImageRecord],
         stages: [StageRecord]) {
        self.syntax = syntax
        self.textBase = textBase
        self.text = text
        self.entries = entries
        self.names = names
        self.images = images
        self.stages = stages
    }

    @inline(__always)
    func withReader<Result>(_ body: (SpanReader) -> Result) -> Result {
        SpanReader.with(syntax, own: text, ownBase: textBase, body)
    }

    func string(_ span: Span) -> String { withReader { $0.string(span) } }

    func optionalString(_ span: Span) -> String? { span.isNone ? nil : string(span) }

    func optionalRange(_ offsets: OffsetRange) -> SourceRange? { offsets.isNone ? nil : syntax.range(offsets) }

    func strings(_ slice: RecordSlice) -> [String] {
        withReader { reader in names[Int(slice.start)..<Int(slice.start + slice.count)].map { reader.string($0) } }
    }

    func entry(_ index: Int) -> VariableScope.Entry {
        let record = entries[index]
        return withReader { reader in
            VariableScope.Entry(name: reader.string(record.name), value: record.value.isNone ? nil : reader.string(record.value),
                                isEnvironment: record.isEnvironment, range: optionalRange(record.range))
        }
    }

    /// Index in `entries` of the entry of `slice` named `name`, if any.
    func entryIndex(named name: String, in slice: RecordSlice) -> Int? {
        var name = name
        return name.withUTF8 { target in
            let key = ScopeEntryRecord.key(of: target)
            return withReader { reader in
                var index = Int(slice.start + slice.count) - 1
                while index >= Int(slice.start) {
                    if reader.isNamed(entries[index], target, key: key) { return index }
                    index -= 1
                }
                return nil
            }
        }
    }
}
