import SourceSupport

/// A parsed Dockerfile: what BuildKit's parser sees, plus the typed detail rules read (stages,
/// variable scopes, image references, the shell model). Built by `DockerfileParser.parse`.
public struct Dockerfile: Sendable {
    /// The parse's records, which `instructions` and `comments` are views of.
    let store: SyntaxStore
    /// Every instruction in file order (ONBUILD triggers are nested in their ONBUILD instruction).
    public var instructions: NodeList<Instruction> { NodeList(store, base: 0, count: store.topLevelCount) }
    /// Every comment line, including those inside line continuations. Heredoc bodies hold no comments.
    public var comments: NodeList<Comment> { NodeList(store, base: 0, count: store.comments.count) }
    /// The parser directives BuildKit honours at the top of the file (`syntax`, `escape`, `check`).
    public var directives: [ParserDirective]
    /// `\` unless an `escape` directive chose `` ` ``.
    public var escapeCharacter: UInt8
    /// Build stages, one per FROM, with their instructions and variable scopes.
    public var stages: [Stage]
    /// ARGs declared before the first FROM: they may be used in FROM lines only.
    public var globalScope: VariableScope
    /// Syntax errors (BuildKit would reject the file) and warnings (empty continuation lines, ...).
    public var diagnostics: [ParseDiagnostic]
    public var lineTable: LineTable { store.lineTable }
    /// The file started with a UTF-8 byte order mark (BuildKit skips it).
    public var hasByteOrderMark: Bool

    init(store: SyntaxStore, directives: [ParserDirective], escapeCharacter: UInt8, diagnostics: [ParseDiagnostic], hasByteOrderMark: Bool) {
        self.store = store
        self.directives = directives
        self.escapeCharacter = escapeCharacter
        self.stages = []
        self.globalScope = VariableScope()
        self.diagnostics = diagnostics
        self.hasByteOrderMark = hasByteOrderMark
    }

    /// True when BuildKit would reject the file.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The directive named `name` (lower case), if present.
    public func directive(_ name: String) -> ParserDirective? {
        directives.first { $0.name == name }
    }

    /// The stage holding the instruction at `instructionIndex`, nil for global ARGs before the first FROM.
    public func stage(containing instructionIndex: Int) -> Stage? {
        stages.last { $0.fromIndex <= instructionIndex }
    }
}

/// One `# ...` line. `text` is what follows `#`, trimmed.
public struct Comment: Hashable, SyntaxNode {
    public var text: String
    /// From `#` to the end of the line (without the line break).
    public var range: SourceRange
    /// The comment sits between the lines of a continued instruction (BuildKit drops it from the instruction).
    public var isInsideContinuation: Bool

    public init(text: String, range: SourceRange, isInsideContinuation: Bool) {
        self.text = text
        self.range = range
        self.isInsideContinuation = isInsideContinuation
    }

    public init(store: SyntaxStore, index: Int) {
        let record = store.comments[index]
        self.init(text: store.string(record.text), range: store.range(record.range), isInsideContinuation: record.isInsideContinuation)
    }
}

/// A parser directive such as `# syntax=docker/dockerfile:1` or `# escape=``.
public struct ParserDirective: Hashable, Sendable {
    /// Lower case: `syntax`, `escape` or `check`.
    public var name: String
    public var value: String
    public var range: SourceRange
    public var nameRange: SourceRange
    public var valueRange: SourceRange

    public init(name: String, value: String, range: SourceRange, nameRange: SourceRange, valueRange: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
        self.nameRange = nameRange
        self.valueRange = valueRange
    }
}
