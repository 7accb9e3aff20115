import SourceSupport

/// The instructions BuildKit knows. Anything else parses (BuildKit ignores its arguments) as `.unknown`.
public enum InstructionKind: String, Hashable, Sendable, CaseIterable {
    case from = "FROM", run = "RUN", cmd = "CMD", label = "LABEL", maintainer = "MAINTAINER"
    case expose = "EXPOSE", env = "ENV", add = "ADD", copy = "COPY", entrypoint = "ENTRYPOINT"
    case volume = "VOLUME", user = "USER", workdir = "WORKDIR", arg = "ARG", onbuild = "ONBUILD"
    case stopsignal = "STOPSIGNAL", healthcheck = "HEALTHCHECK", shell = "SHELL"
    case unknown = ""

    /// The kind for a keyword in any case.
    public init(keyword: String) {
        self = InstructionKind(rawValue: keyword.uppercased()) ?? .unknown
    }
}

/// One instruction: a logical line (continuations joined) and, for RUN/COPY/ADD, its heredoc bodies.
public struct Instruction: Sendable {
    /// The keyword in upper case (an unknown keyword is kept as written, upper-cased).
    public var keyword: String
    public var kind: InstructionKind
    /// Whole instruction: keyword to the end of its last line (heredoc terminators included).
    public var range: SourceRange
    public var keywordRange: SourceRange
    /// `--name=value` flags before the arguments, as BuildKit extracts them.
    public var flags: [Flag]
    /// The values BuildKit's parser produces: one shell string, the exec-form strings, the
    /// whitespace-separated words, or key and value alternately for ENV and LABEL.
    public var arguments: [Argument]
    /// Exec (JSON array) form.
    public var isExecForm: Bool
    public var heredocs: [Heredoc]
    /// The text after keyword and flags (BuildKit's "rest"), with continuations joined, and where it lies.
    public var argumentText: String
    public var argumentRange: SourceRange
    /// ENV, LABEL and ARG: the declared keys and values.
    public var keyValuePairs: [KeyValuePair]
    /// RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form: the shell model of the command line.
    public var shellScript: ShellScript?
    /// First and last physical line (1-based, inclusive) as BuildKit counts them.
    public var startLine: Int
    public var endLine: Int
    /// Comments directly above the instruction (no blank line in between).
    public var leadingComments: [Comment]
    /// ONBUILD's trigger instruction (kept in an array because a struct cannot hold itself).
    public var triggers: [Instruction]

    public init(
        keyword: String, kind: InstructionKind, range: SourceRange, keywordRange: SourceRange, flags: [Flag] = [],
        arguments: [Argument] = [], isExecForm: Bool = false, heredocs: [Heredoc] = [], argumentText: String = "",
        argumentRange: SourceRange, keyValuePairs: [KeyValuePair] = [], shellScript: ShellScript? = nil,
        startLine: Int, endLine: Int, leadingComments: [Comment] = [], triggers: [Instruction] = []
    ) {
        self.keyword = keyword
        self.kind = kind
        self.range = range
        self.keywordRange = keywordRange
        self.flags = flags
        self.arguments = arguments
        self.isExecForm = isExecForm
        self.heredocs = heredocs
        self.argumentText = argumentText
        self.argumentRange = argumentRange
        self.keyValuePairs = keyValuePairs
        self.shellScript = shellScript
        self.startLine = startLine
        self.endLine = endLine
        self.leadingComments = leadingComments
        self.triggers = triggers
    }

    /// ONBUILD's instruction, if any.
    public var trigger: Instruction? { triggers.first }

    /// The first flag called `name` (without dashes), e.g. `flag("from")`.
    public func flag(_ name: String) -> Flag? { flags.first { $0.name == name } }

    /// All flags called `name` (RUN may have several `--mount`).
    public func flags(named name: String) -> [Flag] { flags.filter { $0.name == name } }

    /// Every shell script of this instruction: its shell form and heredoc bodies run by a shell.
    public var allShellScripts: [ShellScript] {
        var scripts: [ShellScript] = []
        if let shellScript { scripts.append(shellScript) }
        for heredoc in heredocs { if let script = heredoc.script { scripts.append(script) } }
        for trigger in triggers { scripts += trigger.allShellScripts }
        return scripts
    }
}

/// `--name=value` (or `--name` alone) before an instruction's arguments.
public struct Flag: Hashable, Sendable {
    /// Without the leading dashes: `from`, `mount`, `chmod`, ...
    public var name: String
    /// Nil for a bare flag such as `--link`; quotes and backslashes resolved as BuildKit does.
    public var value: String?
    /// `--name=value` as BuildKit reports it.
    public var raw: String
    public var range: SourceRange
    public var nameRange: SourceRange
    public var valueRange: SourceRange?

    public init(name: String, value: String?, raw: String, range: SourceRange, nameRange: SourceRange, valueRange: SourceRange?) {
        self.name = name
        self.value = value
        self.raw = raw
        self.range = range
        self.nameRange = nameRange
        self.valueRange = valueRange
    }
}

/// One value of an instruction and where it is written.
public struct Argument: Hashable, Sendable {
    public var value: String
    public var range: SourceRange

    public init(value: String, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// `KEY=value` of ENV, LABEL or ARG (or the legacy `ENV KEY value`).
public struct KeyValuePair: Hashable, Sendable {
    /// As written (quotes kept, as BuildKit's parser returns it).
    public var rawKey: String
    /// Quotes and escapes resolved.
    public var key: String
    /// As written; nil for `ARG NAME` without a default.
    public var rawValue: String?
    /// Quotes and escapes resolved (variables not expanded).
    public var value: String?
    public var range: SourceRange
    public var keyRange: SourceRange
    public var valueRange: SourceRange?
    /// `ENV key value` (no `=`), which BuildKit warns is legacy.
    public var isLegacyForm: Bool

    public init(rawKey: String, key: String, rawValue: String?, value: String?, range: SourceRange, keyRange: SourceRange, valueRange: SourceRange?, isLegacyForm: Bool) {
        self.rawKey = rawKey
        self.key = key
        self.rawValue = rawValue
        self.value = value
        self.range = range
        self.keyRange = keyRange
        self.valueRange = valueRange
        self.isLegacyForm = isLegacyForm
    }
}

/// A here-document attached to RUN, COPY or ADD: `<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`.
public struct Heredoc: Sendable {
    /// The delimiter word with quotes and escapes resolved.
    public var name: String
    /// The body exactly as written (line breaks kept, tabs not stripped), as BuildKit's parser returns it.
    public var content: String
    /// `3<<EOF`: 3; `<<EOF`: 0 (standard input).
    public var fileDescriptor: Int
    /// `<<-`: leading tabs are stripped from the body when used.
    public var stripsLeadingTabs: Bool
    /// Unquoted delimiter: variables in the body are expanded when used.
    public var expandsVariables: Bool
    /// The `<<EOF` word in the instruction line.
    public var markerRange: SourceRange
    /// The body lines (without the terminator line).
    public var contentRange: SourceRange
    /// The terminator line, nil when the heredoc is not terminated.
    public var terminatorRange: SourceRange?
    /// The body parsed as a shell script when a shell runs it (`RUN <<EOF`, `RUN bash <<EOF`).
    public var script: ShellScript?

    public init(name: String, content: String, fileDescriptor: Int, stripsLeadingTabs: Bool, expandsVariables: Bool,
                markerRange: SourceRange, contentRange: SourceRange, terminatorRange: SourceRange?, script: ShellScript? = nil) {
        self.name = name
        self.content = content
        self.fileDescriptor = fileDescriptor
        self.stripsLeadingTabs = stripsLeadingTabs
        self.expandsVariables = expandsVariables
        self.markerRange = markerRange
        self.contentRange = contentRange
        self.terminatorRange = terminatorRange
        self.script = script
    }
}
