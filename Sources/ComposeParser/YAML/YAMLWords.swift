/// Eight input bytes at a time: the scanner's loops over long runs of ordinary bytes (spaces,
/// scalar text) test a word per step and find the first interesting byte from the flags.
/// Each function sets the high bit of a byte in its result for the bytes it looks for; the lowest
/// set bit is exact (the first such byte), the bits above it may not be (borrows), so callers
/// use only `trailingZeroBitCount` of a non-zero result.
enum YAMLWords {
    static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let high: UInt64 = 0x8080_8080_8080_8080

    /// Zero bytes, exactly (every flag is right).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & low) &+ low) | word | low)
    }

    /// Bytes below 0x21 (control characters and space). A byte of 0x80 or more is never flagged
    /// and borrows nothing, so the lowest flag is the first such byte.
    @inline(__always)
    static func bytesBelow0x21(_ word: UInt64) -> UInt64 {
        (word &- 0x2121_2121_2121_2121) & ~word & high
    }

    /// Bytes below 0x20 (control characters), as `bytesBelow0x21`.
    @inline(__always)
    static func bytesBelow0x20(_ word: UInt64) -> UInt64 {
        (word &- 0x2020_2020_2020_2020) & ~word & high
    }
}
