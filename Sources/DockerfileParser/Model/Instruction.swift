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
/// A view onto the parse's records: values and ranges are made when read.
public struct Instruction: SyntaxNode {
    let store: SyntaxStore
    let index: Int

    public init(store: SyntaxStore, index: Int) {
        self.store = store
        self.index = index
    }

    @inline(__always) var record: InstructionRecord { store.instructions[index] }

    /// The keyword in upper case (an unknown keyword is kept as written, upper-cased).
    public var keyword: String {
        let record = record
        return record.kind == .unknown ? store.string(record.keyword).uppercased() : record.kind.rawValue
    }
    public var kind: InstructionKind { record.kind }
    /// Whole instruction: keyword to the end of its last line (heredoc terminators included).
    public var range: SourceRange { store.range(record.range) }
    public var keywordRange: SourceRange { store.range(record.keywordRange) }
    /// `--name=value` flags before the arguments, as BuildKit extracts them.
    public var flags: NodeList<Flag> { NodeList(store, record.flags) }
    /// The values BuildKit's parser produces: one shell string, the exec-form strings, the
    /// whitespace-separated words, or key and value alternately for ENV and LABEL.
    public var arguments: NodeList<Argument> { NodeList(store, record.arguments) }
    /// Exec (JSON array) form.
    public var isExecForm: Bool { record.isExecForm }
    public var heredocs: NodeList<Heredoc> { NodeList(store, record.heredocs) }
    /// The text after keyword and flags (BuildKit's "rest"), with continuations joined, and where it lies.
    public var argumentText: String { store.string(record.argumentText) }
    public var argumentRange: SourceRange { store.range(record.argumentRange) }
    /// ENV, LABEL and ARG: the declared keys and values.
    public var keyValuePairs: NodeList<KeyValuePair> { NodeList(store, record.pairs) }
    /// RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form: the shell model of the command line.
    public var shellScript: ShellScript? {
        let script = record.script
        return script < 0 ? nil : ShellScript(store: store, index: script)
    }
    /// First and last physical line (1-based, inclusive) as BuildKit counts them.
    public var startLine: Int { record.startLine }
    public var endLine: Int { record.endLine }
    /// Comments directly above the instruction (no blank line in between).
    public var leadingComments: NodeList<Comment> { NodeList(store, record.leadingComments) }
    /// ONBUILD's trigger instruction (none or one).
    public var triggers: [Instruction] { trigger.map { [$0] } ?? [] }

    /// ONBUILD's instruction, if any.
    public var trigger: Instruction? {
        let trigger = record.trigger
        return trigger < 0 ? nil : Instruction(store: store, index: trigger)
    }

    /// The first flag called `name` (without dashes), e.g. `flag("from")`.
    public func flag(_ name: String) -> Flag? {
        let slice = record.flags
        guard slice.count > 0 else { return nil }
        var name = name
        return name.withUTF8 { target in
            for index in Int(slice.start)..<Int(slice.start + slice.count) where store.equals(store.flags[index].name, target) {
                return Flag(store: store, index: index)
            }
            return nil
        }
    }

    /// All flags called `name` (RUN may have several `--mount`).
    public func flags(named name: String) -> [Flag] { flags.filter { $0.name == name } }

    /// Every shell script of this instruction: its shell form and heredoc bodies run by a shell.
    public var allShellScripts: [ShellScript] {
        var scripts: [ShellScript] = []
        let record = record
        if record.script >= 0 { scripts.append(ShellScript(store: store, index: record.script)) }
        for index in Int(record.heredocs.start)..<Int(record.heredocs.start + record.heredocs.count) {
            let script = store.heredocs[index].script
            if script >= 0 { scripts.append(ShellScript(store: store, index: script)) }
        }
        if let trigger { scripts += trigger.allShellScripts }
        return scripts
    }
}

/// `--name=value` (or `--name` alone) before an instruction's arguments.
public struct Flag: Hashable, SyntaxNode {
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

    public init(store: SyntaxStore, index: Int) {
        let record = store.flags[index]
        self.init(name: store.string(record.name), value: store.optionalString(record.value), raw: store.string(record.raw),
                  range: store.range(record.range), nameRange: store.range(record.nameRange),
                  valueRange: store.optionalRange(record.valueRange))
    }
}

/// One value of an instruction and where it is written.
public struct Argument: Hashable, SyntaxNode {
    public var value: String
    public var range: SourceRange

    public init(value: String, range: SourceRange) {
        self.value = value
        self.range = range
    }

    public init(store: SyntaxStore, index: Int) {
        let record = store.values[index]
        self.init(value: store.string(record.value), range: store.range(record.range))
    }
}

/// `KEY=value` of ENV, LABEL or ARG (or the legacy `ENV KEY value`).
public struct KeyValuePair: Hashable, SyntaxNode {
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

    public init(store: SyntaxStore, index: Int) {
        let record = store.pairs[index]
        self.init(rawKey: store.string(record.rawKey), key: store.string(record.key), rawValue: store.optionalString(record.rawValue),
                  value: store.optionalString(record.value), range: store.range(record.range), keyRange: store.range(record.keyRange),
                  valueRange: store.optionalRange(record.valueRange), isLegacyForm: record.isLegacyForm)
    }
}

/// A here-document attached to RUN, COPY or ADD: `<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`.
public struct Heredoc: SyntaxNode {
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

    public init(store: SyntaxStore, index: Int) {
        let record = store.heredocs[index]
        self.init(name: store.string(record.name), content: store.string(record.content), fileDescriptor: record.fileDescriptor,
                  stripsLeadingTabs: record.stripsLeadingTabs, expandsVariables: record.expandsVariables,
                  markerRange: store.range(record.markerRange), contentRange: store.range(record.contentRange),
                  terminatorRange: store.optionalRange(record.terminatorRange),
                  script: record.script < 0 ? nil : ShellScript(store: store, index: record.script))
    }
}
