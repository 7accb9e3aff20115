/// A place in a file. `offset` is a byte offset into the UTF-8 text; `line` is 1-based;
/// `column` is 1-based and counted in UTF-8 bytes from the start of the line. Reporters convert
/// columns to characters or UTF-16 code units through `LineTable` where a format wants that.
public struct SourcePosition: Hashable, Comparable, Sendable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}

/// A half-open byte range `[start, end)` with the line/column of both ends.
public struct SourceRange: Hashable, Sendable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty range at one position.
    public init(at position: SourcePosition) {
        self.start = position
        self.end = position
    }

    public var byteCount: Int { end.offset - start.offset }

    public func contains(offset: Int) -> Bool { offset >= start.offset && offset < end.offset }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }
}
