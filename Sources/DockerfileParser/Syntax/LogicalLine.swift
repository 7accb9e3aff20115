import SourceSupport

/// An instruction's text with continuations joined, and the way back to the source: each joined
/// piece is contiguous in the file, so positions map through a short list of pieces.
struct LogicalLine {
    var bytes: [UInt8] = []
    /// (offset in `bytes`, offset in the file) where each piece starts, in order.
    var pieceStarts: [(logical: Int, source: Int)] = []

    mutating func append(_ source: [UInt8], from start: Int, to end: Int) {
        guard start < end else { return }
        pieceStarts.append((bytes.count, start))
        bytes.append(contentsOf: source[start..<end])
    }

    /// The file offset of logical position `index` (for `index == bytes.count`, just after the last byte).
    func sourceOffset(_ index: Int) -> Int {
        guard !pieceStarts.isEmpty else { return 0 }
        if index >= bytes.count {
            guard index > 0 else { return pieceStarts[0].source }
            return sourceOffset(bytes.count - 1) + 1
        }
        var low = 0
        var high = pieceStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if pieceStarts[mid].logical <= index { low = mid } else { high = mid - 1 }
        }
        return pieceStarts[low].source + (index - pieceStarts[low].logical)
    }

    /// Source range of the logical half-open range `start..<end`.
    func sourceRange(_ start: Int, _ end: Int, _ lines: LineTable) -> SourceRange {
        let from = sourceOffset(start)
        let to = end > start ? sourceOffset(end - 1) + 1 : from
        return lines.range(from: from, to: to)
    }

    func string(_ start: Int, _ end: Int) -> String { ByteClass.string(bytes, start, end) }
}

/// One physical line of the file: `start..<contentEnd` is its text without `\n` and trailing `\r`s
/// (what Go's `bytes.TrimRight(line, "\r\n")` keeps); `end` is after its `\n`.
struct PhysicalLine {
    var number: Int
    var start: Int
    var contentEnd: Int
    var end: Int
}

/// Splits the file into physical lines the way Go's `bufio.Scanner` with BuildKit's line splitter does,
/// noting lines longer than the scanner's 64 KiB buffer (BuildKit rejects those).
struct PhysicalLineReader {
    static let maximumLineLength = 65_536

    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var lineCount = 0
    /// The first line too long for BuildKit's scanner, if any.
    private(set) var firstOverlongLine: PhysicalLine?

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    mutating func next() -> PhysicalLine? {
        guard position < bytes.count else { return nil }
        let start = position
        var end = start
        let hasNewline: Bool
        if let newline = bytes[start...].firstIndex(of: ByteClass.newline) {
            end = newline + 1
            hasNewline = true
        } else {
            end = bytes.count
            hasNewline = false
        }
        var contentEnd = hasNewline ? end - 1 : end
        while contentEnd > start, bytes[contentEnd - 1] == ByteClass.carriageReturn || bytes[contentEnd - 1] == ByteClass.newline {
            contentEnd -= 1
        }
        position = end
        lineCount += 1
        let line = PhysicalLine(number: lineCount, start: start, contentEnd: contentEnd, end: end)
        let length = end - start
        if firstOverlongLine == nil, hasNewline ? length > Self.maximumLineLength : length >= Self.maximumLineLength {
            firstOverlongLine = line
        }
        return line
    }
}
