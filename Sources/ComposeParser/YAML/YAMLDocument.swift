import SourceSupport

// What a parse returns around the node tree: documents, comments, diagnostics, and the options
// and limits a consumer passes in.

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
