import SourceSupport

/// Builds documents of nodes from the scanner's tokens, as records appended to a `YAMLNodeArena`
/// (nodes are referred to by index while building). Nodes are built with an explicit stack of
/// open collections (no recursion), bounded by `YAMLLimits.maxDepth`: hostile nesting ends in an
/// error, never a stack overflow, whatever the thread's stack size.
struct YAMLTreeBuilder {
    /// A document read: its root node's index (nil for an empty document) and its range.
    struct DocumentRecord {
        var root: Int?
        var range: SourceRange
    }

    var scanner: YAMLScanner
    var arena: YAMLNodeArena
    let limits: YAMLLimits
    /// Anchor name to the index of the node it was last set on.
    var anchors: [String: Int32] = [:]
    var tagHandles: [String: String] = [:]
    var documents: [DocumentRecord] = []
    var warnings: [ParseDiagnostic] = []
    /// End of the last token consumed: where an enclosing collection ends.
    var lastEnd = SourcePosition(offset: 0, line: 1, column: 1)
    /// Children of the open collections, innermost collection's last (see `OpenCollection`);
    /// a mapping's as key, value, key, ...
    var openChildren = YAMLChildStack()

    /// `bytes` points into `source`.
    init(source: [UInt8], bytes: UnsafeBufferPointer<UInt8>, end: Int, limits: YAMLLimits, options: YAMLOptions = .strict) {
        arena = YAMLNodeArena(source: source)
        scanner = YAMLScanner(bytes: bytes, end: end, maxDepth: limits.maxDepth,
                              checksFlowIndentation: !options.lenientFlowIndentation)
        self.limits = limits
    }

    // MARK: - Tokens

    mutating func peek() throws(YAMLSyntaxError) -> YAMLTokenHead { try scanner.peekHead() }

    mutating func skip() throws(YAMLSyntaxError) {
        let (kind, end) = try scanner.skipToken()
        if kind != .blockEnd { lastEnd = end }
    }

    mutating func next() throws(YAMLSyntaxError) -> YAMLToken {
        let token = try scanner.nextToken()
        // A block end stands where the next token starts: it does not extend what it closes.
        if case .blockEnd = token.kind {} else { lastEnd = token.end }
        return token
    }

    func fail(_ message: String, at token: YAMLTokenHead) -> YAMLSyntaxError {
        YAMLSyntaxError(message: message, position: token.start)
    }

    func fail(_ message: String, at token: YAMLToken) -> YAMLSyntaxError {
        YAMLSyntaxError(message: message, position: token.start)
    }

    // MARK: - Stream and documents

    mutating func parseStream() throws(YAMLSyntaxError) {
        try skip()  // stream start
        var directivesAllowed = true
        while true {
            var token = try scanner.peekToken()
            if case .streamEnd = token.kind { return }
            if case .documentEnd = token.kind {
                try skip()
                directivesAllowed = true
                continue
            }
            tagHandles = [:]
            anchors = [:]
            var sawVersion = false
            var sawDirective = false
            while true {
                switch token.kind {
                case .versionDirective:
                    let major = Int(token.version)
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                    guard !sawVersion else { throw fail("found a second %YAML directive for one document", at: token) }
                    guard major == 1 else { throw fail("unsupported YAML version (this parser reads YAML 1.x)", at: token) }
                    sawVersion = true
                case .tagDirective:
                    let handle = scanner.text(of: token), prefix = scanner.suffix(of: token)
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                    guard tagHandles[handle] == nil else { throw fail("found a second %TAG directive for the handle \(handle)", at: token) }
                    tagHandles[handle] = prefix
                case .reservedDirective:
                    guard directivesAllowed else { throw fail("a directive must come after '...' ending the previous document", at: token) }
                default:
                    break
                }
                if case .versionDirective = token.kind {} else if case .tagDirective = token.kind {} else if case .reservedDirective = token.kind {} else { break }
                sawDirective = true
                try skip()
                token = try scanner.peekToken()
            }
            let start = token.start
            var root: Int?
            if case .documentStart = token.kind {
                try skip()
                let after = try peek()
                switch after.kind {
                case .documentStart, .documentEnd, .streamEnd, .versionDirective, .tagDirective, .reservedDirective:
                    root = nil
                default:
                    root = try parseRootNode()
                }
            } else {
                if sawDirective { throw fail("expected '---' after the directives", at: token) }
                root = try parseRootNode()
            }
            let after = try peek()
            switch after.kind {
            case .documentStart, .streamEnd:
                directivesAllowed = false
            case .documentEnd:
                break
            case .versionDirective, .tagDirective, .reservedDirective:
                throw fail("a directive must come after '...' ending the previous document", at: after)
            default:
                throw fail("expected the end of the document, but found \(after.description)", at: after)
            }
            documents.append(DocumentRecord(root: root, range: SourceRange(start: start, end: lastEnd)))
        }
    }
}
