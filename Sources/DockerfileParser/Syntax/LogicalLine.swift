import SourceSupport

/// An instruction's text with continuations joined, and the way back to the source. A one-line
/// instruction is read in place (`bytes` is the file, offsets are file offsets); a continued one is
/// joined into a copy whose pieces each map to a contiguous part of the file.
struct LogicalLine {
    /// The file (read in place) or the joined copy in the scanner's `LogicalLineBuffers`; valid
    /// while the scanner runs, and for a joined line until the next continued instruction is joined.
    /// A buffer pointer (not an array) so that copying a line or a builder retains nothing and
    /// byte loops are not bounds-checked in release builds.
    var bytes: UnsafeBufferPointer<UInt8>
    /// The text is `bytes[start..<end]`.
    var start: Int
    var end: Int
    /// (offset in `bytes`, offset in the file) where each joined piece starts; empty when read in
    /// place. Held in the scanner's `LogicalLineBuffers` like the joined bytes.
    var pieceStarts: UnsafeBufferPointer<(logical: Int, source: Int)>
    /// The piece the last `offsets` ended in (offsets are asked for in nearly increasing order,
    /// so the search starts there). Owned by the parse's `SourceLocator`; nil for in-place lines.
    var pieceHint: UnsafeMutablePointer<PieceCursor>?
    /// Where `bytes[0]` is in the combined offset space of `Span`: 0 for a line read in place (its
    /// offsets are file offsets); for a joined one, where its copy was put in the store's text.
    var storeBase = 0

    /// The text `file[start..<end]`, read in place.
    init(file: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        self.bytes = file
        self.start = start
        self.end = end
        self.pieceStarts = UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The pieces `file[range]` joined, built in `buffers` (reused from one continued instruction
    /// to the next: give them back with `returnBuffers` once the line is no longer used).
    init(file: UnsafeBufferPointer<UInt8>, pieces: UnsafeBufferPointer<Range<Int>>, buffers: LogicalLineBuffers, pieceHint: UnsafeMutablePointer<PieceCursor>) {
        let starts = buffers.pieceStorage(capacity: pieces.count)
        var pieceCount = 0
        var total = 0
        for piece in pieces where !piece.isEmpty {
            starts[pieceCount] = (total, piece.lowerBound)
            pieceCount += 1
            total += piece.count
        }
        let joined = buffers.storage(capacity: total)
        var offset = 0
        for piece in pieces where !piece.isEmpty {
            _ = UnsafeMutableBufferPointer(rebasing: joined[offset..<(offset + piece.count)])
                .initialize(from: UnsafeBufferPointer(rebasing: file[piece]))
            offset += piece.count
        }
        self.bytes = UnsafeBufferPointer(rebasing: joined[0..<total])
        self.start = 0
        self.end = total
        self.pieceStarts = UnsafeBufferPointer(rebasing: starts[0..<pieceCount])
        self.pieceHint = pieceHint
        setCursor(to: 0)
    }

    /// The file offset of logical position `index` (for `index == end`, just after the last byte).
    func sourceOffset(_ index: Int) -> Int {
        guard !pieceStarts.isEmpty else { return index }
        if index >= end {
            guard index > start else { return pieceStarts[0].source }
            return sourceOffset(end - 1) + 1
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
    func sourceRange(_ start: Int, _ end: Int, _ lines: SourceLocator) -> SourceRange {
        let located = offsets(start, end)
        return lines.range(from: located.start, to: located.end)
    }

    func string(_ start: Int, _ end: Int) -> String { ByteClass.string(bytes, start, end) }

    /// The span of the logical text `start..<end`.
    @inline(__always)
    func span(_ start: Int, _ end: Int) -> Span { Span(start: storeBase + start, end: storeBase + max(start, end)) }

    /// The file offsets of the logical range `start..<end`: for a joined line, `start`'s piece's
    /// place in the file, and just after `end - 1`'s. A range inside the piece of the last lookup
    /// (nearly every word of a continued line) is one comparison and an addition.
    @inline(__always)
    func offsets(_ start: Int, _ end: Int) -> OffsetRange {
        guard let cursor = pieceHint else { return OffsetRange(start: start, end: max(start, end)) }
        let piece = cursor.pointee
        if start >= piece.logicalStart, end > start, end <= piece.logicalEnd {
            return OffsetRange(start: start + piece.delta, end: end + piece.delta)
        }
        return joinedOffsets(start, end)
    }

    /// Points the cursor at piece `index` (of a joined line).
    private func setCursor(to index: Int) {
        guard let cursor = pieceHint, index < pieceStarts.count else { return }
        let first = pieceStarts[index]
        cursor.pointee = PieceCursor(index: index, logicalStart: first.logical,
                                     logicalEnd: index + 1 < pieceStarts.count ? pieceStarts[index + 1].logical : end,
                                     delta: first.source - first.logical)
    }

    private func joinedOffsets(_ start: Int, _ end: Int) -> OffsetRange {
        guard !pieceStarts.isEmpty else { return OffsetRange(start: start, end: max(start, end)) }
        let pieces = pieceStarts
        let (range, piece) = { () -> (OffsetRange, Int) in
            let hint = pieceHint?.pointee.index ?? 0
            if start >= self.end {
                let from = self.end > self.start ? sourceOffset(self.end - 1) + 1 : pieces[0].source
                return (OffsetRange(start: from, end: end > start ? sourceOffset(end - 1) + 1 : from), hint)
            }
            var piece = Self.piece(holding: start, in: pieces, near: hint)
            let from = pieces[piece].source + (start - pieces[piece].logical)
            guard end > start else { return (OffsetRange(start: from, end: from), piece) }
            let last = end - 1
            if last >= self.end { return (OffsetRange(start: from, end: sourceOffset(last) + 1), piece) }
            if piece + 1 < pieces.count, pieces[piece + 1].logical <= last {
                piece = Self.piece(holding: last, in: pieces, near: piece + 1)
            }
            return (OffsetRange(start: from, end: pieces[piece].source + (last - pieces[piece].logical) + 1), piece)
        }()
        setCursor(to: piece)
        return range
    }

    /// The index of the piece holding logical `offset` (at or after the first piece's start).
    /// Tried in turn: the piece `near` and the one after it (words come in order), the first and
    /// the last (an instruction's own ranges), then a binary search, so that any lookup is
    /// logarithmic and a file of 100,000 continuation lines stays linear.
    @inline(__always)
    private static func piece(holding offset: Int, in pieces: UnsafeBufferPointer<(logical: Int, source: Int)>, near: Int) -> Int {
        let count = pieces.count
        func holds(_ index: Int) -> Bool {
            pieces[index].logical <= offset && (index + 1 == count || offset < pieces[index + 1].logical)
        }
        if near < count {
            if holds(near) { return near }
            if near + 1 < count, holds(near + 1) { return near + 1 }
        }
        if count == 1 || offset < pieces[1].logical { return 0 }
        if pieces[count - 1].logical <= offset { return count - 1 }
        var low = 0
        var high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if pieces[mid].logical <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// Where `LogicalLine.offsets` looked last: the piece's index, its logical bounds and the
/// distance from its logical offsets to its file offsets.
struct PieceCursor {
    var index = 0
    var logicalStart = 0
    var logicalEnd = 0
    var delta = 0
}

/// The reusable buffers of joined logical lines: the joined bytes and the piece list (grown as
/// needed, freed with the scanner; what they held before is not kept).
final class LogicalLineBuffers {
    private var joined = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1024)
    private var pieces = UnsafeMutableBufferPointer<(logical: Int, source: Int)>.allocate(capacity: 64)
    /// The file ranges of the physical lines of the instruction being read (its first
    /// `sourcePieceCount`); a plain buffer, as an array checked uniqueness on each append.
    private var sourcePieces = UnsafeMutableBufferPointer<Range<Int>>.allocate(capacity: 64)
    private(set) var sourcePieceCount = 0

    /// The pieces appended since the last `removeSourcePieces`.
    var sourcePieceList: UnsafeBufferPointer<Range<Int>> { UnsafeBufferPointer(rebasing: sourcePieces[0..<sourcePieceCount]) }

    @inline(__always)
    func appendSourcePiece(_ piece: Range<Int>) {
        if sourcePieceCount == sourcePieces.count {
            let larger = UnsafeMutableBufferPointer<Range<Int>>.allocate(capacity: sourcePieces.count * 2)
            _ = larger.initialize(from: sourcePieces)
            sourcePieces.deallocate()
            sourcePieces = larger
        }
        sourcePieces[sourcePieceCount] = piece
        sourcePieceCount &+= 1
    }

    @inline(__always)
    func removeSourcePieces() { sourcePieceCount = 0 }

    func pieceStorage(capacity: Int) -> UnsafeMutableBufferPointer<(logical: Int, source: Int)> {
        if pieces.count < capacity {
            pieces.deallocate()
            pieces = .allocate(capacity: max(capacity, pieces.count * 2))
        }
        return pieces
    }

    /// The buffer, with room for `capacity` bytes (what it held before is not kept).
    func storage(capacity: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if joined.count < capacity {
            joined.deallocate()
            joined = .allocate(capacity: max(capacity, joined.count * 2))
        }
        return joined
    }

    deinit {
        joined.deallocate()
        pieces.deallocate()
        sourcePieces.deallocate()
    }
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

    let bytes: UnsafeBufferPointer<UInt8>
    /// The file's line starts (from its `LineTable`): lines are not searched for twice.
    let lineStarts: [Int]
    private(set) var lineCount = 0
    /// The first line too long for BuildKit's scanner, if any.
    private(set) var firstOverlongLine: PhysicalLine?

    init(bytes: UnsafeBufferPointer<UInt8>, lineStarts: [Int]) {
        self.bytes = bytes
        self.lineStarts = lineStarts
    }

    mutating func next() -> PhysicalLine? {
        guard lineCount < lineStarts.count else { return nil }
        let start = lineStarts[lineCount]
        guard start < bytes.count else { return nil }
        let hasNewline = lineCount + 1 < lineStarts.count
        let end = hasNewline ? lineStarts[lineCount + 1] : bytes.count
        var contentEnd = hasNewline ? end - 1 : end
        while contentEnd > start, bytes[contentEnd - 1] == ByteClass.carriageReturn || bytes[contentEnd - 1] == ByteClass.newline {
            contentEnd -= 1
        }
        lineCount += 1
        let line = PhysicalLine(number: lineCount, start: start, contentEnd: contentEnd, end: end)
        let length = end - start
        if firstOverlongLine == nil, hasNewline ? length > Self.maximumLineLength : length >= Self.maximumLineLength {
            firstOverlongLine = line
        }
        return line
    }
}
