import SourceSupport

/// Turns byte offsets into `SourceRange`s. Parsing asks for offsets in nearly increasing order,
/// so the search starts from the last line found and gallops outward before a binary search.
///
/// The line starts and the hint live in memory this class owns and reaches through pointers:
/// a stored `var` of a class is checked for exclusive access on every read and write, and an
/// array read through a class is retained and bounds-checked; together that was a third of the
/// cost of a lookup, and every node of the tree asks for several.
final class SourceLocator {
    let table: LineTable
    private let starts: UnsafeMutableBufferPointer<Int>
    private let hint: UnsafeMutablePointer<Int>
    private let byteCount: Int
    /// Where `LogicalLine.offsets` starts its search (see there).
    let pieceHint: UnsafeMutablePointer<PieceCursor>

    init(table: LineTable) {
        self.table = table
        self.byteCount = table.byteCount
        starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, table.lineStarts.count))
        _ = starts.initialize(from: table.lineStarts)
        if table.lineStarts.isEmpty { starts[0] = 0 }
        hint = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        hint.initialize(to: 0)
        pieceHint = UnsafeMutablePointer<PieceCursor>.allocate(capacity: 1)
        pieceHint.initialize(to: PieceCursor())
    }

    deinit {
        starts.deallocate()
        hint.deallocate()
        pieceHint.deallocate()
    }

    @inline(__always)
    func position(_ offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, byteCount))
        let line = lineIndex(clamped)
        return SourcePosition(offset: clamped, line: line + 1, column: clamped - starts[line] + 1)
    }

    func range(from start: Int, to end: Int) -> SourceRange {
        let first = position(start)
        // Most ranges end on the line they start on.
        let clampedEnd = max(0, min(end, byteCount))
        let line = first.line - 1
        if clampedEnd >= first.offset, line + 1 >= starts.count || clampedEnd < starts[line + 1] {
            return SourceRange(start: first, end: SourcePosition(offset: clampedEnd, line: first.line, column: clampedEnd - starts[line] + 1))
        }
        return SourceRange(start: first, end: position(end))
    }

    /// 0-based line index holding `offset` (which is within `0...byteCount`).
    @inline(__always)
    private func lineIndex(_ offset: Int) -> Int {
        let count = starts.count
        let guess = hint.pointee
        if starts[guess] <= offset, guess + 1 >= count || offset < starts[guess + 1] { return guess }
        return search(offset, from: guess)
    }

    private func search(_ offset: Int, from guess: Int) -> Int {
        let count = starts.count
        var low: Int
        var high: Int
        // Gallop from the hint to bracket the line, then binary search inside the bracket.
        if starts[guess] <= offset {
            low = guess
            var step = 1
            high = guess + 1
            while high < count, starts[high] <= offset {
                low = high
                step <<= 1
                high = guess + step
            }
            high = min(high, count) - 1
        } else {
            high = guess - 1
            var step = 1
            low = guess - 1
            while low > 0, starts[low] > offset {
                high = low - 1
                step <<= 1
                low = max(0, guess - step)
            }
        }
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        hint.pointee = low
        return low
    }
}
