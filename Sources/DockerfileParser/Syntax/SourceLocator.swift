import SourceSupport

/// Turns byte offsets into `SourceRange`s. Parsing asks for offsets in nearly increasing order,
/// so the last line found is tried first before falling back to a binary search.
final class SourceLocator {
    let table: LineTable
    private let starts: [Int]
    private var hint = 0

    init(table: LineTable) {
        self.table = table
        self.starts = table.lineStarts
    }

    func position(_ offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, table.byteCount))
        let line = lineIndex(clamped)
        return SourcePosition(offset: clamped, line: line + 1, column: clamped - starts[line] + 1)
    }

    func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(start: position(start), end: position(end))
    }

    /// 0-based line index holding `offset`.
    private func lineIndex(_ offset: Int) -> Int {
        let count = starts.count
        if hint < count, starts[hint] <= offset {
            if hint + 1 >= count || offset < starts[hint + 1] { return hint }
            if hint + 2 >= count || offset < starts[hint + 2] { hint += 1; return hint }
        }
        var low = 0
        var high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        hint = low
        return low
    }
}
