import SourceSupport

// How a `YAMLNode` keeps what it holds, compactly: a parse builds tens of thousands of nodes, and
// their size, their allocations and what freeing them must release set much of the parse's cost.

extension YAMLNode {
    /// The node's content as stored. A scalar whose value is its text as written (a one-line plain
    /// scalar, a quoted one without escapes or folding) keeps no String: `.slice` holds the whole
    /// input, shared by every such node, and `content` decodes the value from the node's range.
    enum Storage: Sendable {
        /// The value is the source bytes of the node's range, without the quotes of a quoted style.
        case slice([UInt8], YAMLScalarStyle)
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode], YAMLCollectionStyle)
        case mapping([YAMLPair], YAMLCollectionStyle)
        case alias(String, target: YAMLNode)
    }
}

/// A node's tag and anchor, which few nodes have: one optional reference in the node instead of
/// two optional Strings keeps nodes small.
final class YAMLNodeProperties: Sendable {
    let tag: String?
    let anchor: String?

    init(tag: String?, anchor: String?) {
        self.tag = tag
        self.anchor = anchor
    }

    /// nil when there is nothing to keep.
    static func make(tag: String?, anchor: String?) -> YAMLNodeProperties? {
        tag == nil && anchor == nil ? nil : YAMLNodeProperties(tag: tag, anchor: anchor)
    }
}

/// A `SourceRange` in 32 bytes instead of 48: lines and columns as 32-bit numbers (a line or a
/// column past 4 Gi would need a file of that size on one line; they are cut to 32 bits).
struct YAMLCompactRange: Sendable {
    let startOffset: Int
    let endOffset: Int
    let startLine: UInt32
    let startColumn: UInt32
    let endLine: UInt32
    let endColumn: UInt32

    @inline(__always)
    init(_ range: SourceRange) {
        startOffset = range.start.offset
        endOffset = range.end.offset
        startLine = UInt32(truncatingIfNeeded: range.start.line)
        startColumn = UInt32(truncatingIfNeeded: range.start.column)
        endLine = UInt32(truncatingIfNeeded: range.end.line)
        endColumn = UInt32(truncatingIfNeeded: range.end.column)
    }

    var range: SourceRange {
        SourceRange(start: SourcePosition(offset: startOffset, line: Int(startLine), column: Int(startColumn)),
                    end: SourcePosition(offset: endOffset, line: Int(endLine), column: Int(endColumn)))
    }
}

// MARK: - Scalar bytes without Strings

extension YAMLNode {
    /// For a `.slice` scalar: where its value lies in the input.
    @inline(__always)
    func sliceBounds(_ style: YAMLScalarStyle) -> Range<Int> {
        let quoted = style == .singleQuoted || style == .doubleQuoted
        return quoted ? (compactRange.startOffset + 1)..<(compactRange.endOffset - 1)
            : compactRange.startOffset..<compactRange.endOffset
    }

    /// This node's own scalar style (aliases not followed), nil if it is not a scalar.
    var ownScalarStyle: YAMLScalarStyle? {
        switch storage {
        case .slice(_, let style), .scalar(_, let style): return style
        default: return nil
        }
    }

    /// Runs `body` on the UTF-8 bytes of this node's own scalar value (aliases not followed);
    /// nil if it is not a scalar. No String is built for a `.slice` scalar.
    func withOwnScalarBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        switch storage {
        case .slice(let source, let style):
            let bounds = sliceBounds(style)
            return source.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds])) }
        case .scalar(var text, _):
            return text.withUTF8(body)
        default:
            return nil
        }
    }

    /// Whether this (resolved) node is a scalar whose value is `text`, without building a String.
    func scalarValueEquals(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { wanted in
            resolved.withOwnScalarBytes { bytes in
                bytes.count == wanted.count && (bytes.isEmpty || memcmpEqual(bytes, wanted))
            } ?? false
        }
    }
}

/// Byte-wise equality of two buffers of the same length.
@inline(__always)
func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    for index in 0..<a.count where a[index] != b[index] { return false }
    return true
}
