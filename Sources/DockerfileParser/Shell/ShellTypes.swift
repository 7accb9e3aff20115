import SourceSupport

/// The shell model of a command line (`RUN apt-get update && apt-get install -y curl`) or of a
/// heredoc script: simple commands in order, with the operator that joins each to the next.
/// Not a full shell: control structures (`if`, `for`, `case`) are kept as commands whose first word
/// is the reserved word, subshells and command substitutions are recognised, nothing is executed.
public struct ShellScript: Sendable {
    public var commands: [ShellCommand]
    public var range: SourceRange
    /// Unterminated quotes or substitutions (the script is still split as far as possible).
    public var problems: [ShellProblem]

    public init(commands: [ShellCommand], range: SourceRange, problems: [ShellProblem] = []) {
        self.commands = commands
        self.range = range
        self.problems = problems
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
public struct ShellCommand: Sendable {
    /// `NAME=value` words before the command name.
    public var assignments: [ShellWord]
    /// The command name and its arguments (redirections removed).
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]
    public var range: SourceRange
    /// The operator after this command (nil for the last one of a list).
    public var followingOperator: ShellOperator?
    /// The operator before this command (nil for the first one of a list).
    public var precedingOperator: ShellOperator?
    /// Nesting depth: 0 at top level, +1 inside each `( ... )` subshell, `$( ... )` or backquotes.
    /// `{ ...; }` groups and `if`/`for`/`while`/`case` bodies are flattened into the enclosing list
    /// (their reserved words are skipped), so their commands keep the enclosing depth.
    public var depth: Int
    public var isInSubshell: Bool
    public var isInCommandSubstitution: Bool

    public init(assignments: [ShellWord], words: [ShellWord], redirections: [ShellRedirection], range: SourceRange,
                followingOperator: ShellOperator?, precedingOperator: ShellOperator?, depth: Int,
                isInSubshell: Bool, isInCommandSubstitution: Bool) {
        self.assignments = assignments
        self.words = words
        self.redirections = redirections
        self.range = range
        self.followingOperator = followingOperator
        self.precedingOperator = precedingOperator
        self.depth = depth
        self.isInSubshell = isInSubshell
        self.isInCommandSubstitution = isInCommandSubstitution
    }

    /// The command name (`apt-get`), nil for a bare assignment or redirection.
    public var name: String? { words.first?.value }
    /// Words after the name.
    public var arguments: ArraySlice<ShellWord> { words.dropFirst() }
    /// Whether any argument equals `value` (e.g. `-y`, `--no-cache`).
    public func hasArgument(_ value: String) -> Bool { words.dropFirst().contains { $0.value == value } }
}

/// A word with quotes and backslash escapes resolved; `$VAR` and `$(...)` are kept as written.
public struct ShellWord: Hashable, Sendable {
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
}

/// `> file`, `2>&1`, `< input`, `<<EOF`.
public struct ShellRedirection: Hashable, Sendable {
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
}
