/// Base image references already analysed, by their text: every FROM is expanded with the same
/// global scope, so the same text always gives the same resolved text, parts and variables, and
/// files repeat their base images (`FROM node:20 AS deps`, `FROM node:20 AS build`, ...).
struct ImageMemo {
    /// 1 + index in `known`; 0 for an empty bucket. The count is a power of two.
    private var buckets: [Int32]
    /// Distinct references: index in `SemanticBuilder.images`, the text as written (a span of the
    /// syntax store) and its hash.
    private var known: [(image: Int, written: Span, hash: Int)] = []

    /// Hashes eight bytes at a time (references are tens of bytes long).
    /// `expected`: about how many references will be recorded (the table grows past it).
    init(expected: Int) { buckets = [Int32](repeating: 0, count: StageNameTable.bucketCount(for: expected)) }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ ByteSearch.load(bytes, index)) &* 0x100_0000_01B3
            hash ^= hash >> 29
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01B3
            index += 1
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The bucket of the reference written `raw`, or the empty bucket where it would go.
    @inline(__always)
    func slot(of raw: UnsafeBufferPointer<UInt8>, hash: Int, reader: SpanReader) -> Int {
        let mask = buckets.count - 1
        var slot = hash & mask
        while buckets[slot] != 0 {
            let entry = known[Int(buckets[slot]) - 1]
            if entry.hash == hash {
                let candidate = reader.bytes(entry.written)
                if candidate.count == raw.count && Self.equal(candidate, raw) { return slot }
            }
            slot = (slot + 1) & mask
        }
        return slot
    }

    /// Equal bytes (of equal counts), compared eight at a time.
    @inline(__always)
    static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 8 <= left.count {
            if ByteSearch.load(left, index) != ByteSearch.load(right, index) { return false }
            index += 8
        }
        while index < left.count {
            if left[index] != right[index] { return false }
            index += 1
        }
        return true
    }

    func image(at slot: Int) -> Int? { buckets[slot] == 0 ? nil : known[Int(buckets[slot]) - 1].image }

    /// Records `image` (whose raw text hashes to `hash`) in the empty bucket `slot`.
    mutating func insert(_ image: Int, written: Span, hash: Int, at slot: Int) {
        known.append((image, written, hash))
        buckets[slot] = Int32(truncatingIfNeeded: known.count)
        guard known.count * 2 > buckets.count else { return }
        buckets = [Int32](repeating: 0, count: buckets.count * 4)
        let mask = buckets.count - 1
        for (index, entry) in known.enumerated() {
            var slot = entry.hash & mask
            while buckets[slot] != 0 { slot = (slot + 1) & mask }
            buckets[slot] = Int32(truncatingIfNeeded: index + 1)
        }
    }
}

/// The reference memo, and a second one for the text before a digest: templated files pin one
/// base (`python:${PY}-slim`) by many digests, and the text before `@` expands the same each time.
struct ImageMemos {
    var references: ImageMemo
    var prefixes: ImageMemo
    /// What a prefix expanded to (a span of the first reference's resolved text) and its variables.
    var prefixResults: [(resolved: Span, variables: RecordSlice, unresolved: RecordSlice)] = []

    init(expected: Int) {
        references = ImageMemo(expected: expected)
        prefixes = ImageMemo(expected: expected)
    }

    /// Where the digest starts when the text from its `@` on expands to itself (no `$`, quote or
    /// escape): expanding the text before it and appending the rest as written is then the same as
    /// expanding the whole, provided that expansion ends outside any construct.
    static func plainDigestStart(_ raw: UnsafeBufferPointer<UInt8>, escape: UInt8) -> Int? {
        let at = ByteSearch.firstIndex(in: raw, from: 0, of: UInt8(ascii: "@"))
        guard at > 0 && at < raw.count else { return nil }
        return ByteScan(UnsafeBufferPointer(rebasing: raw[at...]), escape: escape).needsExpansion ? nil : at
    }
}
