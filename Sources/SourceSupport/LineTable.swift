/// Maps byte offsets of one file to lines and columns. Built once per file in O(n); each lookup is
/// a binary search. A line ends at `\n`; a `\r` before it belongs to the line's terminator.
public struct LineTable: Sendable {
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    public let byteCount: Int

    /// A plain loop over the bytes: a generic initializer is not specialised across modules and
    /// cost ~10 ns a byte, which front ends aiming at 100+ MB/s cannot afford.
    public init(_ bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            if let base = buffer.baseAddress {
                // Eight bytes at a time: a word with no `\n` (most of them) costs a few instructions,
                // and one with newlines yields them bit by bit. The mask is exact (no carries
                // between bytes): the high bit of each byte that was `\n`.
                let raw = UnsafeRawPointer(base)
                let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                while index + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                    var mask = ~(((word & low7) &+ low7) | word | low7)
                    while mask != 0 {
                        starts.append(index &+ (mask.trailingZeroBitCount >> 3) &+ 1)
                        mask &= mask &- 1
                    }
                    index += 8
                }
            }
            while index < count {
                if buffer[index] == 0x0A { starts.append(index + 1) }
                index += 1
            }
        }
        lineStarts = starts
        byteCount = bytes.count
    }

    /// A table from line starts a front end already found (ascending, beginning with 0).
    public init(lineStarts: [Int], byteCount: Int) {
        self.lineStarts = lineStarts.isEmpty ? [0] : lineStarts
        self.byteCount = byteCount
    }

    public var lineCount: Int { lineStarts.count }

    /// The 1-based line holding `offset` (offsets past the end belong to the last line).
    public func line(atOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    public func position(atOffset offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, byteCount))
        let line = line(atOffset: clamped)
        return SourcePosition(offset: clamped, line: line, column: clamped - lineStarts[line - 1] + 1)
    }

    public func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(start: position(atOffset: start), end: position(atOffset: end))
    }

    /// Byte range of a 1-based line's content, without its terminator (`\n` or `\r\n`).
    public func contentRange(ofLine line: Int, in bytes: [UInt8]) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : byteCount
        if end > start, end - 1 < bytes.count, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }
}

/// Column conversions for reporters. Invalid UTF-8 bytes count as one unit each.
public enum ColumnCounting {
    /// Number of Unicode scalars in `bytes[range]` (what editors call characters for most text).
    public static func characters(in bytes: [UInt8], _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where index < bytes.count {
            // Continuation bytes (10xxxxxx) do not start a scalar.
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    /// Number of UTF-16 code units in `bytes[range]` (SARIF's default and LSP's column unit).
    public static func utf16Units(in bytes: [UInt8], _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where index < bytes.count {
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 { continue }
            count += byte >= 0xF0 ? 2 : 1
        }
        return count
    }
}
