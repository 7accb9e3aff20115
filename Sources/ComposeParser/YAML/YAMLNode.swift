import SourceSupport

// The YAML node tree: the contract between the YAML parser and everything that reads YAML
// (the Compose model, the policy engine's configuration). Nodes are immutable and shared:
// an alias points at the anchored node, never at a copy, so "billion laughs" documents cost
// memory proportional to their text.

public enum YAMLScalarStyle: String, Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

public enum YAMLCollectionStyle: String, Sendable {
    case block, flow
}

/// A node of a parsed document: a view onto one record of the parse's store (see
/// `YAMLNodeStore`), cheap to copy. Strings (a scalar's value, a tag) are made when read.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        /// The scalar's value after folding, escapes and chomping.
        case scalar(String, YAMLScalarStyle)
        case sequence(YAMLNodeList, YAMLCollectionStyle)
        /// Pairs in document order; duplicate keys are kept (and reported by the parser).
        case mapping(YAMLPairList, YAMLCollectionStyle)
        /// `*name`: `target` is the node the anchor was last set on before this point.
        case alias(String, target: YAMLNode)
    }

    let store: YAMLNodeStore
    let index: Int

    init(store: YAMLNodeStore, index: Int) {
        self.store = store
        self.index = index
    }

    @inline(__always)
    var record: YAMLNodeRecord { store.arena.nodes[index] }

    public var content: Content {
        let record = self.record
        switch record.kind {
        case .sourceScalar, .textScalar: return .scalar(store.arena.scalarString(record), record.scalarStyle)
        case .sequence: return .sequence(YAMLNodeList(store: store, record: record), record.collectionStyle)
        case .mapping: return .mapping(YAMLPairList(store: store, record: record), record.collectionStyle)
        case .alias: return .alias(store.arena.aliasName(record), target: YAMLNode(store: store, index: Int(record.first)))
        }
    }

    /// The resolved tag: `tag:yaml.org,2002:str` for `!!str`, the full URI for `%TAG` shorthands and
    /// verbatim tags, or the local tag as written (`!reset`, `!override`). nil when no tag was written
    /// (`!` alone, the non-specific tag, is stored as "!").
    public var tag: String? { store.arena.tag(record) }
    public var anchor: String? { store.arena.anchor(record) }
    /// Where the node is written: for scalars the value (with quotes or block header), for
    /// collections from the first indicator/key to the end of the last entry, for aliases `*name`.
    /// Properties (tag, anchor) are not included.
    public var range: SourceRange { record.range.range }

    /// How many nodes a consumer visits when it expands this node with every alias replaced by
    /// its target (this node included; saturates at `Int.max`). Computed once, when the node is
    /// built, from the children's counts: checking a "billion laughs" document is O(1) per node.
    public var expandedCount: Int { record.expandedCount }
    /// Nesting depth of the expanded node (0 for a scalar), aliases followed.
    public var expandedDepth: Int { Int(record.expandedDepth) }
    /// Nodes written in the text under this one (an alias counts as one node). `expandedCount -
    /// writtenCount` is what alias expansion adds: the measure of an alias bomb.
    public var writtenCount: Int { Int(record.writtenCount) }

    /// This node, or for an alias the node it refers to (following alias chains).
    public var resolved: YAMLNode {
        let target = store.arena.resolvedIndex(index)
        return target == index ? self : YAMLNode(store: store, index: target)
    }

    public var isAlias: Bool { record.kind == .alias }

    /// Whether `other` is this very node (the same place in the same parse), as an alias's
    /// target is the anchored node itself.
    public func isSameNode(as other: YAMLNode?) -> Bool {
        guard let other else { return false }
        return store === other.store && index == other.index
    }

    /// The scalar text, if this (resolved) node is a scalar.
    public var scalarText: String? {
        let record = store.arena.nodes[store.arena.resolvedIndex(index)]
        guard record.kind == .sourceScalar || record.kind == .textScalar else { return nil }
        return store.arena.scalarString(record)
    }

    /// The mapping's pairs, if this (resolved) node is a mapping.
    public var mappingPairs: YAMLPairList? {
        let record = store.arena.nodes[store.arena.resolvedIndex(index)]
        return record.kind == .mapping ? YAMLPairList(store: store, record: record) : nil
    }

    /// The sequence's items, if this (resolved) node is a sequence.
    public var sequenceItems: YAMLNodeList? {
        let record = store.arena.nodes[store.arena.resolvedIndex(index)]
        return record.kind == .sequence ? YAMLNodeList(store: store, record: record) : nil
    }

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        mappingPairs?.first(where: { $0.key.scalarValueEquals(key) })?.value
    }
}

public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A sequence's items: a slice of the store's children, read in place (no array is made).
public struct YAMLNodeList: RandomAccessCollection, Sendable {
    let store: YAMLNodeStore
    let base: Int
    public let count: Int

    init(store: YAMLNodeStore, record: YAMLNodeRecord) {
        self.store = store
        base = Int(record.first)
        count = Int(record.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLNode {
        precondition(position >= 0 && position < count, "YAMLNodeList index out of range")
        return YAMLNode(store: store, index: Int(store.arena.children[base + position]))
    }
}

/// A mapping's pairs in document order: a slice of the store's children (key, value, key, ...).
public struct YAMLPairList: RandomAccessCollection, Sendable {
    let store: YAMLNodeStore
    let base: Int
    public let count: Int

    init(store: YAMLNodeStore, record: YAMLNodeRecord) {
        self.store = store
        base = Int(record.first)
        count = Int(record.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> YAMLPair {
        precondition(position >= 0 && position < count, "YAMLPairList index out of range")
        let children = store.arena.children
        return YAMLPair(key: YAMLNode(store: store, index: Int(children[base + 2 * position])),
                        value: YAMLNode(store: store, index: Int(children[base + 2 * position + 1])))
    }
}

// MARK: - Scalar bytes without Strings

extension YAMLNode {
    /// This node's own scalar style (aliases not followed), nil if it is not a scalar.
    var ownScalarStyle: YAMLScalarStyle? {
        let record = self.record
        return record.kind == .sourceScalar || record.kind == .textScalar ? record.scalarStyle : nil
    }

    /// Runs `body` on the UTF-8 bytes of this node's own scalar value (aliases not followed);
    /// nil if it is not a scalar. No String is built.
    func withOwnScalarBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let record = self.record
        guard record.kind == .sourceScalar || record.kind == .textScalar else { return nil }
        return store.arena.withScalarBytes(record, body)
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
