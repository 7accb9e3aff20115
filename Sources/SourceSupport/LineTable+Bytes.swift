extension LineTable {
    /// `init(_:)` specialised for a byte array: the generic initializer is not specialised across
    /// modules and costs ~10 ns a byte, which front ends aiming at 100+ MB/s cannot afford.
    public init(utf8 bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count where buffer[index] == 0x0A {
                starts.append(index + 1)
            }
        }
        self.lineStarts = starts
        self.byteCount = bytes.count
    }
}
