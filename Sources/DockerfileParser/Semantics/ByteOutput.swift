/// A growable byte buffer on raw memory, for the semantic phase's appends: `Array.append(contentsOf:)`
/// took about 100 instructions a call and `append(_:)` a uniqueness check a byte, which made
/// expanding a short quoted value cost several hundred instructions.
///
/// A plain value (a pointer, a count and a capacity): copying it does not copy the bytes, and whoever
/// allocates one deallocates it (`SemanticBuilder.with`, `VariableExpansion.expand`). Growing moves
/// the bytes, so pointers into them are valid only until the next append.
struct ByteOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    /// The bytes written so far (valid until the next append).
    @inline(__always)
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Room for `extra` more bytes, so that appending them does not move the buffer.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends `bytes`, which must not point into this buffer (see `appendCopy(of:)`).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends what `body` writes from the end of the bytes (at most `maxCount` bytes; it returns
    /// how many it wrote).
    @inline(__always)
    mutating func append(atMost maxCount: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maxCount)
        count += body(base + count)
    }

    /// Appends a copy of this buffer's bytes at `range`.
    mutating func appendCopy(of range: Range<Int>) {
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }
}
