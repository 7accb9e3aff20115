extension LineTable {
    /// The same table as `init(_:)`, for a byte array. The generic initializer is not specialized
    /// across modules (each byte read is a witness call, ~15 ns/byte); this one is a plain loop.
    public init(utf8 bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] == 0x0A { starts.append(index + 1) }
                index += 1
            }
        }
        lineStarts = starts
        byteCount = bytes.count
    }
}
