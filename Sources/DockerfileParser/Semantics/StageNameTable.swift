/// Stage names (lower-cased) to the latest stage of that name, as the `[String: Int]` it replaces
/// mapped them, without making strings: ASCII names are hashed and compared as bytes. A name or key
/// with other characters is compared as a `String` (canonical equivalence), as the dictionary did.
struct StageNameTable {
    /// 1 + index in `keys`; 0 for an empty bucket. The count is a power of two.
    private var buckets: [Int32]
    private var keys: [(start: Int32, end: Int32, stage: Int32)] = []
    private var bytes: [UInt8] = []
    private var unicodeNames: [(name: String, stage: Int)] = []
    /// The longest ASCII name: a longer ASCII key names no stage.
    private var longestName = 0

    /// `expected`: about how many names will be inserted (the table grows past it).
    init(expected: Int) { buckets = [Int32](repeating: 0, count: Self.bucketCount(for: expected)) }

    /// A power of two with room for `expected` keys at half load, from 16 to 64 Ki.
    static func bucketCount(for expected: Int) -> Int {
        var count = 16
        while count < 2 * expected && count < 1 << 16 { count *= 2 }
        return count
    }

    /// What a lookup needs besides a key's bytes: whether they are ASCII, and their hash once
    /// computed. A reference is looked up at every FROM that names it, and hashed only when it is
    /// no longer than some stage name (most name images, longer than any stage name).
    struct Key {
        var isASCII: Bool
        var hash: Int?
    }

    /// A hash of the ASCII bytes with letters lower-cased.
    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        Int(truncatingIfNeeded: ByteSearch.hash(key) { lowercased($0) })
    }

    /// Eight ASCII bytes with `A`...`Z` lower-cased: a byte plus 0x3F reaches 0x80 from `A` on, plus
    /// 0x25 from past `Z` on (no sum carries into the next byte), and 0x80 >> 2 is 0x20.
    @inline(__always)
    private static func lowercased(_ word: UInt64) -> UInt64 {
        let fromA = word &+ 0x3F * ByteSearch.ones, pastZ = word &+ 0x25 * ByteSearch.ones
        return word | (fromA & ~pastZ & ByteSearch.highBits) >> 2
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte &+ (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) }

    private func keyBytes(_ index: Int) -> ArraySlice<UInt8> { bytes[Int(keys[index].start)..<Int(keys[index].end)] }

    /// The bucket holding `key` (whose hash is `hash`), or the empty bucket where it would go.
    private func slot(of key: UnsafeBufferPointer<UInt8>, hash: Int) -> Int {
        let mask = buckets.count - 1
        var slot = hash & mask
        while buckets[slot] != 0 {
            // Stored names are lower-case; keys are compared lower-cased.
            let candidate = keyBytes(Int(buckets[slot]) - 1)
            if candidate.count == key.count && candidate.elementsEqual(key, by: { $0 == Self.lowercased($1) }) { return slot }
            slot = (slot + 1) & mask
        }
        return slot
    }

    mutating func insert(_ name: UnsafeBufferPointer<UInt8>, stage: Int) {
        guard UTF8Bytes.isASCII(name) else {
            unicodeNames.append((String(decoding: name, as: UTF8.self), stage))
            return
        }
        let slot = slot(of: name, hash: Self.hash(name))
        if buckets[slot] != 0 {
            keys[Int(buckets[slot]) - 1].stage = Int32(truncatingIfNeeded: stage)
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: name)
        longestName = max(longestName, name.count)
        keys.append((Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: bytes.count), Int32(truncatingIfNeeded: stage)))
        buckets[slot] = Int32(truncatingIfNeeded: keys.count)
        if keys.count * 2 > buckets.count { grow() }
    }

    private mutating func grow() {
        buckets = [Int32](repeating: 0, count: buckets.count * 2)
        for index in keys.indices {
            keyBytes(index).withUnsafeBufferPointer { key in buckets[slot(of: key, hash: Self.hash(key))] = Int32(truncatingIfNeeded: index + 1) }
        }
    }

    /// The latest stage whose name is `name` lower-cased (`String.lowercased()`), `key` telling
    /// about `name` (its hash is filled in when computed).
    func stage(named name: UnsafeBufferPointer<UInt8>, key: inout Key) -> Int? {
        if keys.isEmpty && unicodeNames.isEmpty { return nil }
        guard key.isASCII else { return stage(unicodeKey: String(decoding: name, as: UTF8.self).lowercased()) }
        if name.count > longestName && unicodeNames.isEmpty { return nil }
        let hash = key.hash ?? Self.hash(name)
        key.hash = hash
        let slot = slot(of: name, hash: hash)
        var best = buckets[slot] == 0 ? nil : Int(keys[Int(buckets[slot]) - 1].stage)
        if !unicodeNames.isEmpty {
            let text = String(decoding: name, as: UTF8.self).lowercased()
            for entry in unicodeNames where entry.name == text { best = max(best ?? entry.stage, entry.stage) }
        }
        return best
    }

    /// The latest stage named `key` (lower-cased, holding other than ASCII characters).
    private func stage(unicodeKey key: String) -> Int? {
        var best: Int?
        for index in keys.indices where String(decoding: keyBytes(index), as: UTF8.self) == key {
            best = max(best ?? Int(keys[index].stage), Int(keys[index].stage))
        }
        for entry in unicodeNames where entry.name == key { best = max(best ?? entry.stage, entry.stage) }
        return best
    }
}
