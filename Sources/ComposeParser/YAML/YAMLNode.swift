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

public final class YAMLNode: Sendable {
    public enum Content: Sendable {
        /// The scalar's value after folding, escapes and chomping.
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode], YAMLCollectionStyle)
        /// Pairs in document order; duplicate keys are kept (and reported by the parser).
        case mapping([YAMLPair], YAMLCollectionStyle)
        /// `*name`: `target` is the node the anchor was last set on before this point.
        case alias(String, target: YAMLNode)
    }

    /// What the node holds (see `Storage`): `content` is built from it on each access. A scalar
    /// written without escapes or folding keeps no String of its own, only its place in the input.
    let storage: Storage
    let properties: YAMLNodeProperties?
    let compactRange: YAMLCompactRange

    public var content: Content {
        switch storage {
        case .slice(let source, let style):
            let bounds = sliceBounds(style)
            return .scalar(source.withUnsafeBufferPointer { String(decoding: $0[bounds], as: UTF8.self) }, style)
        case .scalar(let text, let style): return .scalar(text, style)
        case .sequence(let items, let style): return .sequence(items, style)
        case .mapping(let pairs, let style): return .mapping(pairs, style)
        case .alias(let name, let target): return .alias(name, target: target)
        }
    }

    /// The resolved tag: `tag:yaml.org,2002:str` for `!!str`, the full URI for `%TAG` shorthands and
    /// verbatim tags, or the local tag as written (`!reset`, `!override`). nil when no tag was written
    /// (`!` alone, the non-specific tag, is stored as "!").
    public var tag: String? { properties?.tag }
    public var anchor: String? { properties?.anchor }
    /// Where the node is written: for scalars the value (with quotes or block header), for
    /// collections from the first indicator/key to the end of the last entry, for aliases `*name`.
    /// Properties (tag, anchor) are not included.
    public var range: SourceRange { compactRange.range }

    /// How many nodes a consumer visits when it expands this node with every alias replaced by
    /// its target (this node included; saturates at `Int.max`). Computed once, when the node is
    /// built, from the children's counts: checking a "billion laughs" document is O(1) per node.
    public let expandedCount: Int
    /// Nesting depth of the expanded node (0 for a scalar), aliases followed.
    public let expandedDepth: Int
    /// Nodes written in the text under this one (an alias counts as one node). `expandedCount -
    /// writtenCount` is what alias expansion adds: the measure of an alias bomb.
    public let writtenCount: Int

    public convenience init(content: Content, tag: String? = nil, anchor: String? = nil, range: SourceRange) {
        let storage: Storage
        switch content {
        case .scalar(let text, let style): storage = .scalar(text, style)
        case .sequence(let items, let style): storage = .sequence(items, style)
        case .mapping(let pairs, let style): storage = .mapping(pairs, style)
        case .alias(let name, let target): storage = .alias(name, target: target)
        }
        self.init(storage: storage, properties: YAMLNodeProperties.make(tag: tag, anchor: anchor), range: range)
    }

    /// A scalar (`.slice` or `.scalar` storage).
    init(scalar storage: Storage, properties: YAMLNodeProperties?, range: SourceRange) {
        self.storage = storage
        self.properties = properties
        compactRange = YAMLCompactRange(range)
        expandedCount = 1
        expandedDepth = 0
        writtenCount = 1
    }

    init(storage: Storage, properties: YAMLNodeProperties?, range: SourceRange) {
        self.storage = storage
        self.properties = properties
        compactRange = YAMLCompactRange(range)
        switch storage {
        case .slice, .scalar:
            expandedCount = 1
            expandedDepth = 0
            writtenCount = 1
        case .alias(_, let target):
            expandedCount = target.expandedCount
            expandedDepth = target.expandedDepth
            writtenCount = 1
        case .sequence(let items, _):
            var count = 1
            var depth = 0
            var written = 1
            for item in items {
                count = YAMLNode.saturatingAdd(count, item.expandedCount)
                depth = max(depth, item.expandedDepth)
                written += item.writtenCount
            }
            expandedCount = count
            expandedDepth = depth + 1
            writtenCount = written
        case .mapping(let pairs, _):
            var count = 1
            var depth = 0
            var written = 1
            for pair in pairs {
                count = YAMLNode.saturatingAdd(count, YAMLNode.saturatingAdd(pair.key.expandedCount, pair.value.expandedCount))
                depth = max(depth, pair.key.expandedDepth, pair.value.expandedDepth)
                written += pair.key.writtenCount + pair.value.writtenCount
            }
            expandedCount = count
            expandedDepth = depth + 1
            writtenCount = written
        }
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    /// This node, or for an alias the node it refers to (following alias chains).
    public var resolved: YAMLNode {
        var node = self
        while case .alias(_, let target) = node.storage { node = target }
        return node
    }

    public var isAlias: Bool {
        if case .alias = storage { return true }
        return false
    }

    /// The scalar text, if this (resolved) node is a scalar.
    public var scalarText: String? {
        let node = resolved
        switch node.storage {
        case .slice(let source, let style):
            let bounds = node.sliceBounds(style)
            return source.withUnsafeBufferPointer { String(decoding: $0[bounds], as: UTF8.self) }
        case .scalar(let text, _): return text
        default: return nil
        }
    }

    /// The mapping's pairs, if this (resolved) node is a mapping.
    public var mappingPairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = resolved.storage { return pairs }
        return nil
    }

    /// The sequence's items, if this (resolved) node is a sequence.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items, _) = resolved.storage { return items }
        return nil
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

/// The value of a scalar under the YAML 1.2 core schema.
public enum YAMLScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

public struct YAMLComment: Hashable, Sendable {
    /// The text after `#`, without the `#`.
    public let text: String
    /// From `#` to the end of the line (terminator excluded).
    public let range: SourceRange
    /// True when the comment is the only thing on its line.
    public let ownLine: Bool

    public init(text: String, range: SourceRange, ownLine: Bool) {
        self.text = text
        self.range = range
        self.ownLine = ownLine
    }
}

public struct YAMLDocument: Sendable {
    /// nil for an empty document (e.g. `---` followed by nothing); its value is null.
    public let root: YAMLNode?
    public let range: SourceRange

    public init(root: YAMLNode?, range: SourceRange) {
        self.root = root
        self.range = range
    }
}

/// What parsing a stream gives: the documents read before any error, every comment, and
/// diagnostics (errors stop the parse; warnings such as duplicate keys do not).
public struct YAMLParseResult: Sendable {
    public var documents: [YAMLDocument]
    public var comments: [YAMLComment]
    public var diagnostics: [ParseDiagnostic]
    public var lineTable: LineTable

    public init(documents: [YAMLDocument], comments: [YAMLComment], diagnostics: [ParseDiagnostic], lineTable: LineTable) {
        self.documents = documents
        self.comments = comments
        self.diagnostics = diagnostics
        self.lineTable = lineTable
    }

    /// The first error, if the stream is not valid YAML.
    public var error: ParseDiagnostic? { diagnostics.first(where: { $0.severity == .error }) }
}

/// Departures from strict YAML 1.2 that a consumer may ask for; the default is strict.
public struct YAMLOptions: Sendable {
    /// Accept the continuation lines of a flow collection (`[ ... ]`, `{ ... }`), and of plain or
    /// quoted scalars inside one, at any indentation, even at or left of the block key holding
    /// the collection. YAML 1.2 requires them indented more than the enclosing block; go-yaml v3,
    /// and so Docker Compose, does not check:
    ///
    ///     command: [ "./daprd",
    ///     "-app-id", "nodeapp" ]
    public var lenientFlowIndentation: Bool

    public init(lenientFlowIndentation: Bool = false) {
        self.lenientFlowIndentation = lenientFlowIndentation
    }

    /// YAML 1.2 as the specification and the YAML test suite have it.
    public static let strict = YAMLOptions()
    /// What Docker Compose's parser (go-yaml v3) accepts beyond YAML 1.2: for Compose files.
    public static let compose = YAMLOptions(lenientFlowIndentation: true)
}

/// Bounds that keep hostile input cheap.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of collections.
    public var maxDepth: Int
    /// Most nodes that expanding aliases may add to a document (`YAMLNode.expandedCount` minus
    /// `writtenCount`; `expansionProblem(limits:)` checks it, JSON output refuses beyond it).
    public var maxExpandedNodes: Int

    public init(maxDepth: Int = 1_000, maxExpandedNodes: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }

    public static let standard = YAMLLimits()
}
