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
public struct Instruction: @unchecked Sendable {
    /// The fields live in one shared box, copied on write. An instruction holds a dozen arrays and
    /// strings: copying it by value (out of the builder, into the instruction array) retained and
    /// released each of them, ~9% of the front end's instructions. A copy of the box is one retain.
    /// `ManagedBuffer`'s header is reached through a pointer, so field accesses carry no dynamic
    /// exclusivity checks (a class's stored `var`s would, on every read and write).
    /// Sendable: the box is never mutated while shared (`uniqueStorage()` copies it first).
    struct Fields {
        var keyword: String
        var kind: InstructionKind
        var range: SourceRange
        var keywordRange: SourceRange
        var flags: [Flag]
        var arguments: [Argument]
        var isExecForm: Bool
        var heredocs: [Heredoc]
        var argumentText: String
        var argumentRange: SourceRange
        var keyValuePairs: [KeyValuePair]
        var shellScript: ShellScript?
        var startLine: Int
        var endLine: Int
        var leadingComments: [Comment]
        var triggers: [Instruction]
    }

    private var storage: ManagedBuffer<Fields, Void>

    private static func box(_ fields: Fields) -> ManagedBuffer<Fields, Void> {
        ManagedBuffer<Fields, Void>.create(minimumCapacity: 0) { _ in fields }
    }

    @inline(__always)
    private mutating func uniqueStorage() -> ManagedBuffer<Fields, Void> {
        if !isKnownUniquelyReferenced(&storage) { storage = Self.box(storage.header) }
        return storage
    }

    /// The keyword in upper case (an unknown keyword is kept as written, upper-cased).
    public var keyword: String {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.keyword } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.keyword = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.keyword
        }
    }
    public var kind: InstructionKind {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.kind } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.kind = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.kind
        }
    }
    /// Whole instruction: keyword to the end of its last line (heredoc terminators included).
    public var range: SourceRange {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.range } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.range = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.range
        }
    }
    public var keywordRange: SourceRange {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.keywordRange } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.keywordRange = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.keywordRange
        }
    }
    /// `--name=value` flags before the arguments, as BuildKit extracts them.
    public var flags: [Flag] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.flags } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.flags = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.flags
        }
    }
    /// The values BuildKit's parser produces: one shell string, the exec-form strings, the
    /// whitespace-separated words, or key and value alternately for ENV and LABEL.
    public var arguments: [Argument] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.arguments } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.arguments = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.arguments
        }
    }
    /// Exec (JSON array) form.
    public var isExecForm: Bool {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.isExecForm } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.isExecForm = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.isExecForm
        }
    }
    public var heredocs: [Heredoc] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.heredocs } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.heredocs = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.heredocs
        }
    }
    /// The text after keyword and flags (BuildKit's "rest"), with continuations joined, and where it lies.
    public var argumentText: String {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.argumentText } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.argumentText = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.argumentText
        }
    }
    public var argumentRange: SourceRange {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.argumentRange } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.argumentRange = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.argumentRange
        }
    }
    /// ENV, LABEL and ARG: the declared keys and values.
    public var keyValuePairs: [KeyValuePair] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.keyValuePairs } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.keyValuePairs = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.keyValuePairs
        }
    }
    /// RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form: the shell model of the command line.
    public var shellScript: ShellScript? {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.shellScript } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.shellScript = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.shellScript
        }
    }
    /// First and last physical line (1-based, inclusive) as BuildKit counts them.
    public var startLine: Int {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.startLine } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.startLine = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.startLine
        }
    }
    public var endLine: Int {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.endLine } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.endLine = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.endLine
        }
    }
    /// Comments directly above the instruction (no blank line in between).
    public var leadingComments: [Comment] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.leadingComments } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.leadingComments = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.leadingComments
        }
    }
    /// ONBUILD's trigger instruction (kept in an array because a struct cannot hold itself).
    public var triggers: [Instruction] {
        get { storage.withUnsafeMutablePointerToHeader { $0.pointee.triggers } }
        set { uniqueStorage().withUnsafeMutablePointerToHeader { $0.pointee.triggers = newValue } }
        _modify {
            let box = uniqueStorage()
            let header = box.withUnsafeMutablePointerToHeader { $0 }
            defer { withExtendedLifetime(box) {} }
            yield &header.pointee.triggers
        }
    }

    public init(
        keyword: String, kind: InstructionKind, range: SourceRange, keywordRange: SourceRange, flags: [Flag] = [],
        arguments: [Argument] = [], isExecForm: Bool = false, heredocs: [Heredoc] = [], argumentText: String = "",
        argumentRange: SourceRange, keyValuePairs: [KeyValuePair] = [], shellScript: ShellScript? = nil,
        startLine: Int, endLine: Int, leadingComments: [Comment] = [], triggers: [Instruction] = []
    ) {
        storage = Self.box(Fields(keyword: keyword, kind: kind, range: range, keywordRange: keywordRange, flags: flags, arguments: arguments, isExecForm: isExecForm, heredocs: heredocs, argumentText: argumentText, argumentRange: argumentRange, keyValuePairs: keyValuePairs, shellScript: shellScript, startLine: startLine, endLine: endLine, leadingComments: leadingComments, triggers: triggers))
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
