import SourceSupport

// The parse's output in flat arrays of plain records: no record holds a String, an array or a
// class reference, so building the tree is appending to a dozen arrays and freeing it is a dozen
// deallocations. The public types (`Instruction`, `ShellScript`, `ShellCommand` and the lists
// `NodeList`) are views onto these records; a value's `String` and a range's line and column are
// made when a rule reads them. Every node still exists after the parse, with its byte offsets.

/// Bytes of a value: `start..<end` in the file, or (from `SyntaxStore.textBase` on) in the store's
/// own text, which holds values that differ from the source (quotes removed, continuations joined).
/// `start < 0` means "no value".
/// Offsets are stored in 32 bits (records are copied and stored by the hundred thousand; the
/// parser refuses inputs of 1 GiB or more).
struct Span {
    private var storedStart: Int32
    private var storedEnd: Int32

    @inline(__always) init(start: Int, end: Int) {
        storedStart = Int32(truncatingIfNeeded: start)
        storedEnd = Int32(truncatingIfNeeded: end)
    }

    @inline(__always) var start: Int {
        get { Int(storedStart) }
        set { storedStart = Int32(truncatingIfNeeded: newValue) }
    }
    @inline(__always) var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = Int32(truncatingIfNeeded: newValue) }
    }

    static let none = Span(start: -1, end: -1)
    @inline(__always) var isNone: Bool { storedStart < 0 }
}

/// Byte offsets in the file, made into a `SourceRange` (with lines and columns) on demand.
/// `start < 0` means "no range".
struct OffsetRange {
    private var storedStart: Int32
    private var storedEnd: Int32

    @inline(__always) init(start: Int, end: Int) {
        storedStart = Int32(truncatingIfNeeded: start)
        storedEnd = Int32(truncatingIfNeeded: end)
    }

    @inline(__always) var start: Int { Int(storedStart) }
    @inline(__always) var end: Int { Int(storedEnd) }

    static let none = OffsetRange(start: -1, end: -1)
    @inline(__always) var isNone: Bool { storedStart < 0 }
}

/// `count` records from `start` in one of the store's arrays.
struct RecordSlice {
    var start: Int32
    var count: Int32

    static let empty = RecordSlice(start: 0, count: 0)

    init(start: Int, count: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.count = Int32(truncatingIfNeeded: count)
    }
}

struct InstructionRecord {
    var kind: InstructionKind
    var isExecForm = false
    /// The keyword as written.
    var keyword: Span
    var range: OffsetRange
    var keywordRange: OffsetRange
    var argumentText: Span
    var argumentRange: OffsetRange
    var flags = RecordSlice.empty
    var arguments = RecordSlice.empty
    var pairs = RecordSlice.empty
    var heredocs = RecordSlice.empty
    var leadingComments = RecordSlice.empty
    // The indices and line numbers are stored in 32 bits, like the offsets: the record is copied
    // into the store once per instruction, and a smaller one is copied with fewer instructions.
    private var storedScript: Int32 = -1
    private var storedTrigger: Int32 = -1
    private var storedStartLine: Int32 = 0
    private var storedEndLine: Int32 = 0

    init(kind: InstructionKind, keyword: Span, range: OffsetRange, keywordRange: OffsetRange, argumentText: Span, argumentRange: OffsetRange) {
        self.kind = kind
        self.keyword = keyword
        self.range = range
        self.keywordRange = keywordRange
        self.argumentText = argumentText
        self.argumentRange = argumentRange
    }

    /// Index in `SyntaxStore.scripts`, -1 for none.
    @inline(__always) var script: Int {
        get { Int(storedScript) }
        set { storedScript = Int32(truncatingIfNeeded: newValue) }
    }
    /// ONBUILD's trigger: index in `SyntaxStore.instructions`, -1 for none.
    @inline(__always) var trigger: Int {
        get { Int(storedTrigger) }
        set { storedTrigger = Int32(truncatingIfNeeded: newValue) }
    }
    @inline(__always) var startLine: Int {
        get { Int(storedStartLine) }
        set { storedStartLine = Int32(truncatingIfNeeded: newValue) }
    }
    @inline(__always) var endLine: Int {
        get { Int(storedEndLine) }
        set { storedEndLine = Int32(truncatingIfNeeded: newValue) }
    }
}

struct FlagRecord {
    var raw: Span
    var name: Span
    var value: Span
    var range: OffsetRange
    var nameRange: OffsetRange
    var valueRange: OffsetRange
}

struct ValueRecord {
    var value: Span
    var range: OffsetRange
}

struct PairRecord {
    var rawKey: Span
    var key: Span
    var rawValue: Span
    var value: Span
    var range: OffsetRange
    var keyRange: OffsetRange
    var valueRange: OffsetRange
    var isLegacyForm: Bool
}

struct HeredocRecord {
    var name: Span
    var content: Span
    var fileDescriptor: Int
    var stripsLeadingTabs: Bool
    var expandsVariables: Bool
    var markerRange: OffsetRange
    var contentRange: OffsetRange
    var terminatorRange: OffsetRange
    var script: Int
}

struct CommentRecord {
    var text: Span
    var range: OffsetRange
    var isInsideContinuation: Bool
}

struct ScriptRecord {
    var commands: RecordSlice
    var range: OffsetRange
    var problems: RecordSlice
}

struct CommandRecord {
    /// Assignments and words are adjacent in `SyntaxStore.words`: assignments first.
    var assignments: RecordSlice
    var words: RecordSlice
    var redirections: RecordSlice
    var range: OffsetRange
    var followingOperator: UInt8 = 0
    var precedingOperator: UInt8 = 0
    var depth: Int
    var isInSubshell: Bool
    var isInCommandSubstitution: Bool
}

struct WordRecord {
    var value: Span
    var raw: Span
    var range: OffsetRange
    var isQuoted: Bool
    var hasExpansion: Bool
}

struct RedirectionRecord {
    var operatorText: Span
    /// -1 for none.
    var fileDescriptor: Int
    /// Index in `SyntaxStore.words`, -1 for none.
    var target: Int
    var range: OffsetRange
}

extension ShellOperator {
    /// 0 stands for nil in records.
    var code: UInt8 {
        switch self {
        case .and: 1
        case .or: 2
        case .semicolon: 3
        case .pipe: 4
        case .background: 5
        case .newline: 6
        }
    }

    init?(code: UInt8) {
        switch code {
        case 1: self = .and
        case 2: self = .or
        case 3: self = .semicolon
        case 4: self = .pipe
        case 5: self = .background
        case 6: self = .newline
        default: return nil
        }
    }
}

/// The bytes that spans address: the file, then (from `textBase` on) the parse's own text. Both
/// the arena (while parsing) and the store (after) read spans through this.
protocol SpanText {
    var source: [UInt8] { get }
    var textBase: Int { get }
    var text: [UInt8] { get }
}

extension SpanText {
    /// Runs `body` on the span's bytes (empty for no span).
    @inline(__always)
    func withBytes<Result>(of span: Span, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard !span.isNone, span.start < span.end else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if span.start >= textBase {
            return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(span.start - textBase)..<(span.end - textBase)])) }
        }
        return source.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span.start..<span.end])) }
    }

    /// The span's bytes. During the parse, do not keep the slice across an append to the arena:
    /// the append would copy the whole text.
    @inline(__always)
    func bytes(_ span: Span) -> ArraySlice<UInt8> {
        guard !span.isNone, span.start < span.end else { return [] }
        if span.start >= textBase { return text[(span.start - textBase)..<(span.end - textBase)] }
        return source[span.start..<span.end]
    }

    func string(_ span: Span) -> String { withBytes(of: span) { String(decoding: $0, as: UTF8.self) } }

    func optionalString(_ span: Span) -> String? { span.isNone ? nil : string(span) }

    /// The span's bytes equal `bytes`.
    func equals(_ span: Span, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !span.isNone, span.end - span.start == bytes.count else { return false }
        return withBytes(of: span) { $0.elementsEqual(bytes) }
    }
}

/// The records while the parse appends to them (a value type, passed `inout`, so appends are
/// plain array appends with no exclusivity checks).
struct SyntaxArena: SpanText {
    let source: [UInt8]
    /// Where the store's own text starts in the combined offset space of `Span`.
    let textBase: Int
    var text: [UInt8] = []
    /// Top-level instructions in file order.
    var instructions: [InstructionRecord] = []
    /// ONBUILD triggers; placed after the top-level ones when the store is frozen.
    var triggers: [InstructionRecord] = []
    var flags: [FlagRecord] = []
    var values: [ValueRecord] = []
    var pairs: [PairRecord] = []
    var heredocs: [HeredocRecord] = []
    var comments: [CommentRecord] = []
    var scripts: [ScriptRecord] = []
    var commands: [CommandRecord] = []
    var words: [WordRecord] = []
    var redirections: [RedirectionRecord] = []
    var problems: [ShellProblem] = []

    /// Scratch buffers the parse reuses from instruction to instruction (borrowed with `swap`,
    /// so they are never shared while in use and keep their capacity).
    var scratchBytes: [UInt8] = []
    /// The shell parser's record buffers, reused from script to script (see `ShellScratch`).
    let shellScratch = ShellScratchStorage()

    init(source: [UInt8]) {
        self.source = source
        self.textBase = source.count
    }

    /// Moves the records out, leaving an empty arena (no copy: the arrays change owner).
    mutating func take() -> SyntaxArena {
        var taken = SyntaxArena(source: source)
        swap(&taken, &self)
        return taken
    }

    /// Copies `bytes` into the store's text and returns their span.
    @inline(__always)
    mutating func intern<C: Collection>(_ bytes: C) -> Span where C.Element == UInt8 {
        let start = textBase + text.count
        text.append(contentsOf: bytes)
        return Span(start: start, end: textBase + text.count)
    }
}

/// The parse's records, frozen. Shared by every view of one parse; never mutated after the parse.
/// Opaque outside this module: nodes are read through `Dockerfile`, `Instruction` and `NodeList`.
public final class SyntaxStore: Sendable, SpanText {
    let source: [UInt8]
    let textBase: Int
    let text: [UInt8]
    let lineTable: LineTable
    /// The top-level instructions, then the ONBUILD triggers.
    let instructions: [InstructionRecord]
    let topLevelCount: Int
    let flags: [FlagRecord]
    let values: [ValueRecord]
    let pairs: [PairRecord]
    let heredocs: [HeredocRecord]
    let comments: [CommentRecord]
    let scripts: [ScriptRecord]
    let commands: [CommandRecord]
    let words: [WordRecord]
    let redirections: [RedirectionRecord]
    let problems: [ShellProblem]

    init(_ arena: consuming SyntaxArena, lineTable: LineTable) {
        source = arena.source
        textBase = arena.textBase
        text = arena.text
        self.lineTable = lineTable
        topLevelCount = arena.instructions.count
        var all = arena.instructions
        if !arena.triggers.isEmpty {
            // Trigger indices point into `arena.triggers`, which now follows the top-level records.
            all += arena.triggers
            for index in all.indices where all[index].trigger >= 0 { all[index].trigger += topLevelCount }
        }
        instructions = all
        flags = arena.flags
        values = arena.values
        pairs = arena.pairs
        heredocs = arena.heredocs
        comments = arena.comments
        scripts = arena.scripts
        commands = arena.commands
        words = arena.words
        redirections = arena.redirections
        problems = arena.problems
    }

    func range(_ offsets: OffsetRange) -> SourceRange { lineTable.range(from: offsets.start, to: offsets.end) }

    func optionalRange(_ offsets: OffsetRange) -> SourceRange? { offsets.isNone ? nil : range(offsets) }
}

/// A read-only list of nodes of one parse, made on access from the parse's records: `count` costs
/// nothing, and each element is built when it is read.
public struct NodeList<Element: SyntaxNode>: RandomAccessCollection, Sendable {
    let store: SyntaxStore?
    let base: Int
    public let count: Int

    init(_ store: SyntaxStore, _ slice: RecordSlice) {
        self.store = store
        base = Int(slice.start)
        count = Int(slice.count)
    }

    init(_ store: SyntaxStore, base: Int, count: Int) {
        self.store = store
        self.base = base
        self.count = count
    }

    /// An empty list.
    public init() {
        store = nil
        base = 0
        count = 0
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "NodeList index out of range")
        return Element(store: store!, index: base + position)
    }
}

/// A node of the syntax tree made from record `index` of a store.
public protocol SyntaxNode: Sendable {
    init(store: SyntaxStore, index: Int)
}
