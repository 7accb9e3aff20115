import SourceSupport

/// The shell model of a command line (`RUN apt-get update && apt-get install -y curl`) or of a
/// heredoc script: simple commands in order, with the operator that joins each to the next.
/// Not a full shell: control structures (`if`, `for`, `case`) are kept as commands whose first word
/// is the reserved word, subshells and command substitutions are recognised, nothing is executed.
public struct ShellScript: Sendable {
    let store: SyntaxStore
    let index: Int

    init(store: SyntaxStore, index: Int) {
        self.store = store
        self.index = index
    }

    public var commands: NodeList<ShellCommand> { NodeList(store, store.scripts[index].commands) }
    public var range: SourceRange { store.range(store.scripts[index].range) }
    /// Unterminated quotes or substitutions (the script is still split as far as possible).
    public var problems: [ShellProblem] {
        let slice = store.scripts[index].problems
        return Array(store.problems[Int(slice.start)..<Int(slice.start + slice.count)])
    }

    /// Commands whose name (first word after assignments) is `name`, e.g. `commands(named: "apt-get")`.
    public func commands(named name: String) -> [ShellCommand] {
        commands.filter { $0.name == name }
    }
}

public struct ShellProblem: Hashable, Sendable {
    public var message: String
    public var range: SourceRange
    public init(message: String, range: SourceRange) {
        self.message = message
        self.range = range
    }
}

/// How a command is joined to the one after it.
public enum ShellOperator: String, Hashable, Sendable {
    case and = "&&", or = "||", semicolon = ";", pipe = "|", background = "&", newline = "\n"
}

/// One simple command: `DEBIAN_FRONTEND=noninteractive apt-get install -y curl > /dev/null`.
public struct ShellCommand: SyntaxNode {
    let store: SyntaxStore
    let index: Int

    public init(store: SyntaxStore, index: Int) {
        self.store = store
        self.index = index
    }

    @inline(__always) var record: CommandRecord { store.commands[index] }

    /// `NAME=value` words before the command name.
    public var assignments: NodeList<ShellWord> { NodeList(store, record.assignments) }
    /// The command name and its arguments (redirections removed).
    public var words: NodeList<ShellWord> { NodeList(store, record.words) }
    public var redirections: NodeList<ShellRedirection> { NodeList(store, record.redirections) }
    public var range: SourceRange { store.range(record.range) }
    /// The operator after this command (nil for the last one of a list).
    public var followingOperator: ShellOperator? { ShellOperator(code: record.followingOperator) }
    /// The operator before this command (nil for the first one of a list).
    public var precedingOperator: ShellOperator? { ShellOperator(code: record.precedingOperator) }
    /// Nesting depth: 0 at top level, +1 inside each `( ... )` subshell, `$( ... )` or backquotes.
    /// `{ ...; }` groups and `if`/`for`/`while`/`case` bodies are flattened into the enclosing list
    /// (their reserved words are skipped), so their commands keep the enclosing depth.
    public var depth: Int { record.depth }
    public var isInSubshell: Bool { record.isInSubshell }
    public var isInCommandSubstitution: Bool { record.isInCommandSubstitution }

    /// The command name (`apt-get`), nil for a bare assignment or redirection.
    public var name: String? {
        let words = record.words
        return words.count == 0 ? nil : store.string(store.words[Int(words.start)].value)
    }
    /// Words after the name.
    public var arguments: Slice<NodeList<ShellWord>> { words.dropFirst() }
    /// Whether any argument equals `value` (e.g. `-y`, `--no-cache`).
    public func hasArgument(_ value: String) -> Bool {
        let words = record.words
        guard words.count > 1 else { return false }
        for index in Int(words.start + 1)..<Int(words.start + words.count) where store.string(store.words[index].value) == value {
            return true
        }
        return false
    }
}

/// A word with quotes and backslash escapes resolved; `$VAR` and `$(...)` are kept as written.
public struct ShellWord: Hashable, SyntaxNode {
    public var value: String
    /// The text as written.
    public var raw: String
    public var range: SourceRange
    /// Some part was quoted (`"..."`, `'...'`) or escaped.
    public var isQuoted: Bool
    /// Contains an unquoted or double-quoted `$` expansion or a command substitution.
    public var hasExpansion: Bool

    public init(value: String, raw: String, range: SourceRange, isQuoted: Bool, hasExpansion: Bool) {
        self.value = value
        self.raw = raw
        self.range = range
        self.isQuoted = isQuoted
        self.hasExpansion = hasExpansion
    }

    public init(store: SyntaxStore, index: Int) {
        let record = store.words[index]
        self.init(value: store.string(record.value), raw: store.string(record.raw), range: store.range(record.range),
                  isQuoted: record.isQuoted, hasExpansion: record.hasExpansion)
    }
}

/// `> file`, `2>&1`, `< input`, `<<EOF`.
public struct ShellRedirection: Hashable, SyntaxNode {
    /// `>`, `>>`, `<`, `<<`, `<<-`, `>&`, `<&`, `&>`, `&>>`, `<<<`, `<>`, `>|`.
    public var operatorText: String
    public var fileDescriptor: Int?
    /// The file, descriptor or heredoc delimiter.
    public var target: ShellWord?
    public var range: SourceRange

    public init(operatorText: String, fileDescriptor: Int?, target: ShellWord?, range: SourceRange) {
        self.operatorText = operatorText
        self.fileDescriptor = fileDescriptor
        self.target = target
        self.range = range
    }

    public init(store: SyntaxStore, index: Int) {
        let record = store.redirections[index]
        self.init(operatorText: store.string(record.operatorText), fileDescriptor: record.fileDescriptor < 0 ? nil : record.fileDescriptor,
                  target: record.target < 0 ? nil : ShellWord(store: store, index: record.target), range: store.range(record.range))
    }
}
