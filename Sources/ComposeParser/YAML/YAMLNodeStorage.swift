import SourceSupport

// The parse's nodes as flat arrays of plain records, owned by one immutable `YAMLNodeStore` per
// parse. No record holds a String, an array or a reference: building the tree is appending to
// a few arrays, and freeing it is a few deallocations. (A class per node, and an array per
// collection, made allocation and reference counting a third of the parse's cost.) `YAMLNode`
// is a view: the store and a record's index. The Dockerfile front end keeps its syntax the same
// way (`SyntaxStore`).

enum YAMLNodeKind: UInt8 {
    /// A scalar whose value is a slice of the input (written without escapes or folding).
    case sourceScalar
    /// A scalar whose value differs from its text: its bytes are in the arena's `text`.
    case textScalar
    case sequence, mapping, alias
}

/// One node. Offsets, counts and indices are 32-bit (the parser refuses inputs of 1 GiB or more:
/// see `YAMLParser.maxInputSize`), which keeps records small; there are hundreds of thousands.
struct YAMLNodeRecord {
    var kind: YAMLNodeKind
    var scalarStyle = YAMLScalarStyle.plain
    var collectionStyle = YAMLCollectionStyle.block
    /// Index in the arena's `properties` (tag and anchor), or -1: few nodes have any.
    var properties: Int32 = -1
    /// Scalar: where the value starts (in `source` or `text`, by `kind`). Collection: its first
    /// entry in `children`. Alias: the target's index.
    var first: Int32 = 0
    /// Scalar: the value's length in bytes. Sequence: its items. Mapping: its pairs (two entries
    /// each in `children`, key then value).
    var count: Int32 = 0
    var range: YAMLCompactRange
    /// See `YAMLNode.expandedCount`: computed once, when the node is built.
    var expandedCount = 1
    var expandedDepth: Int32 = 0
    var writtenCount: Int32 = 1

    init(kind: YAMLNodeKind, range: YAMLCompactRange) {
        self.kind = kind
        self.range = range
    }
}

/// A node's tag and anchor, in a side table.
struct YAMLNodeProperties {
    let tag: String?
    let anchor: String?
}

/// The arrays a parse fills. The tree builder owns one while it builds; the store keeps it after.
struct YAMLNodeArena {
    /// The input: most scalars' values are slices of it.
    let source: [UInt8]
    var nodes: [YAMLNodeRecord] = []
    /// Children of every collection, each collection's one contiguous slice (copied from the
    /// builder's scratch stack when the collection closes).
    var children: [Int32] = []
    var properties: [YAMLNodeProperties] = []
    /// Values of `textScalar` nodes (escapes decoded, lines folded, chomping applied). The
    /// scanner builds them in its own buffer while the parse runs (the builder reads them there);
    /// the buffer moves here when the parse ends.
    var text: [UInt8] = []

    init(source: [UInt8]) {
        self.source = source
        nodes.reserveCapacity(source.count / 12 + 16)
        children.reserveCapacity(source.count / 12 + 16)
    }

    /// The node itself, or for an alias the node it refers to (following alias chains).
    @inline(__always)
    func resolvedIndex(_ index: Int) -> Int {
        var index = index
        while nodes[index].kind == .alias { index = Int(nodes[index].first) }
        return index
    }

    /// Runs `body` on the value bytes of scalar `record`.
    @inline(__always)
    func withScalarBytes<Result>(_ record: YAMLNodeRecord, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let bounds = Int(record.first)..<Int(record.first) + Int(record.count)
        let buffer = record.kind == .sourceScalar ? source : text
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds])) }
    }

    func scalarString(_ record: YAMLNodeRecord) -> String {
        withScalarBytes(record) { String(decoding: $0, as: UTF8.self) }
    }

    func tag(_ record: YAMLNodeRecord) -> String? {
        record.properties < 0 ? nil : properties[Int(record.properties)].tag
    }

    func anchor(_ record: YAMLNodeRecord) -> String? {
        record.properties < 0 ? nil : properties[Int(record.properties)].anchor
    }

    /// An alias's name: its text after `*`.
    func aliasName(_ record: YAMLNodeRecord) -> String {
        source.withUnsafeBufferPointer {
            String(decoding: $0[Int(record.range.startOffset) + 1..<Int(record.range.endOffset)], as: UTF8.self)
        }
    }
}

/// What `YAMLNode` views point into: immutable once the parse is done, so it is shared freely
/// (between documents, and across threads).
final class YAMLNodeStore: Sendable {
    let arena: YAMLNodeArena

    init(_ arena: YAMLNodeArena) {
        self.arena = arena
    }
}

/// A `SourceRange` in 24 bytes instead of 48: 32-bit offsets (inputs are under 1 GiB), lines
/// and columns (a line or column past 4 Gi would need a file that large; they are cut to 32 bits).
struct YAMLCompactRange {
    let startOffset: Int32
    let endOffset: Int32
    let startLine: UInt32
    let startColumn: UInt32
    let endLine: UInt32
    let endColumn: UInt32

    @inline(__always)
    init(_ range: SourceRange) {
        self.init(start: range.start, end: range.end)
    }

    @inline(__always)
    init(start: SourcePosition, end: SourcePosition) {
        startOffset = Int32(truncatingIfNeeded: start.offset)
        endOffset = Int32(truncatingIfNeeded: end.offset)
        startLine = UInt32(truncatingIfNeeded: start.line)
        startColumn = UInt32(truncatingIfNeeded: start.column)
        endLine = UInt32(truncatingIfNeeded: end.line)
        endColumn = UInt32(truncatingIfNeeded: end.column)
    }

    var start: SourcePosition { SourcePosition(offset: Int(startOffset), line: Int(startLine), column: Int(startColumn)) }
    var end: SourcePosition { SourcePosition(offset: Int(endOffset), line: Int(endLine), column: Int(endColumn)) }
    var range: SourceRange { SourceRange(start: start, end: end) }
}

/// Byte-wise equality of two buffers of the same length.
@inline(__always)
func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<a.count where a[index] != b[index] { return false }
    return true
}
