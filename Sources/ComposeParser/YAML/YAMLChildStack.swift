/// The children of the open collections, innermost collection's last: a stack of node indices
/// whose storage is kept when it shrinks, so a collection's close is one copy of its slice into
/// the arena and a change of `count` (`Array.removeLast(_:)` costs a generic range replacement).
struct YAMLChildStack {
    private var storage = [Int32](repeating: 0, count: 256)
    private(set) var count = 0

    @inline(__always)
    mutating func append(_ node: Int32) {
        if count == storage.count { storage.append(contentsOf: repeatElement(0, count: count)) }
        storage[count] = node
        count += 1
    }

    @inline(__always)
    subscript(position: Int) -> Int32 { storage[position] }

    /// Moves the entries from `base` to the top onto the end of `children`.
    mutating func moveAll(from base: Int, to children: inout [Int32]) {
        storage.withUnsafeBufferPointer { buffer in
            children.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[base..<count]))
        }
        count = base
    }
}
