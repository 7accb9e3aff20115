/// Base image references already analysed, by their text: every FROM is expanded with the same
/// global scope, so the same text always gives the same resolved text, parts and variables, and
/// files repeat their base images (`FROM node:20 AS deps`, `FROM node:20 AS build`, ...).
struct ImageMemo {
    /// 1 + index in `known`; 0 for an empty bucket. The count is a power of two.
    private var buckets: [Int32]
    /// Distinct references.
    private(set) var known: [Entry] = []

    struct Entry {
        /// Index in `SemanticBuilder.images` (or in `ImageMemos.prefixResults`).
        let image: Int
        /// The text as written (a span of the syntax store) and its hash.
        let written: Span
        let hash: Int
        /// How the resolved text is looked up among stage names, as each FROM looks its base up
        /// (unused by the prefix memo).
        var stageKey: StageNameTable.Key
    }

    /// `expected`: about how many references will be recorded (the table grows past it).
    init(expected: Int) { buckets = [Int32](repeating: 0, count: StageNameTable.bucketCount(for: expected)) }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int { Int(truncatingIfNeeded: ByteSearch.hash(bytes)) }

    /// The bucket of the reference written `raw`, or the empty bucket where it would go.
    @inline(__always)
    func slot(of raw: UnsafeBufferPointer<UInt8>, hash: Int, reader: SpanReader) -> Int {
        let mask = buckets.count - 1
        var slot = hash & mask
        while buckets[slot] != 0 {
            let entry = known[Int(buckets[slot]) - 1]
            if entry.hash == hash {
                let candidate = reader.bytes(entry.written)
                if candidate.count == raw.count && ByteSearch.equal(candidate, raw) { return slot }
            }
            slot = (slot + 1) & mask
        }
        return slot
    }

    /// The index in `known` of what was recorded in `slot`, nil for an empty bucket.
    func index(at slot: Int) -> Int? { buckets[slot] == 0 ? nil : Int(buckets[slot]) - 1 }

    mutating func setStageKey(_ key: StageNameTable.Key, of index: Int) { known[index].stageKey = key }

    /// Records `image` (whose raw text hashes to `hash`) in the empty bucket `slot`; returns its index in `known`.
    @discardableResult
    mutating func insert(_ image: Int, written: Span, hash: Int, stageKey: StageNameTable.Key = .init(isASCII: false), at slot: Int) -> Int {
        known.append(Entry(image: image, written: written, hash: hash, stageKey: stageKey))
        buckets[slot] = Int32(truncatingIfNeeded: known.count)
        guard known.count * 2 > buckets.count else { return known.count - 1 }
        buckets = [Int32](repeating: 0, count: buckets.count * 4)
        let mask = buckets.count - 1
        for (index, entry) in known.enumerated() {
            var slot = entry.hash & mask
            while buckets[slot] != 0 { slot = (slot + 1) & mask }
            buckets[slot] = Int32(truncatingIfNeeded: index + 1)
        }
        return known.count - 1
    }
}

/// The reference memo, and a second one for the text before a digest: templated files pin one
/// base (`python:${PY}-slim`) by many digests, and the text before `@` expands the same each time.
struct ImageMemos {
    var references: ImageMemo
    var prefixes: ImageMemo
    /// What a prefix expanded to (a span of the first reference's resolved text), its variables, and
    /// its parts when it holds no `@` (then the reference's parts are the prefix's and the digest).
    var prefixResults: [(resolved: Span, variables: RecordSlice, unresolved: RecordSlice, parts: ImageReferenceParts?)] = []

    init(expected: Int) {
        references = ImageMemo(expected: expected)
        prefixes = ImageMemo(expected: expected)
    }
}
