import SourceSupport

/// Reads the file line by line as BuildKit's parser does: parser directives at the top, comments,
/// continuation lines (with comment and empty lines inside them), then hands each logical line to
/// `InstructionBuilder` and reads the heredoc bodies that follow it.
struct DockerfileScanner {
    /// The file's bytes, borrowed for the run (see `DockerfileParser.parse`).
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: SourceLocator
    var reader: PhysicalLineReader
    var directiveParser = DirectiveParser()
    var escape: UInt8 = UInt8(ascii: "\\")

    var arena: SyntaxArena
    var diagnostics: [ParseDiagnostic] = []
    var hasByteOrderMark = false
    /// Comments since the last instruction or blank line document the next instruction: they are
    /// `arena.comments[pendingCommentsStart...]`.
    var pendingCommentsStart = 0
    let lineBuffers = LogicalLineBuffers()
    /// Builds each instruction (one for the file, see `InstructionBuilder`); its `heredocMarks`
    /// are the current instruction's.
    var builder: InstructionBuilder

    /// `bytes` is `source`'s storage, valid while the scanner is used.
    init(source: [UInt8], bytes: UnsafeBufferPointer<UInt8>, lines: SourceLocator) {
        self.bytes = bytes
        self.lines = lines
        self.reader = PhysicalLineReader(bytes: bytes, lineStarts: lines.table.lineStarts)
        self.arena = SyntaxArena(source: source)
        self.builder = InstructionBuilder(logical: LogicalLine(file: bytes, start: 0, end: 0), lines: lines, escape: escape)
    }

    mutating func run() {
        // Room for what a realistic file needs (measured on scripts/gen-dockerfile.sh output: about
        // 96 bytes an instruction, 43 a value, 26 a shell word, 109 a command; BuildKit's
        // conformance Dockerfiles have about 51 bytes an instruction), with some slack; a
        // denser file grows the arrays (one copy each time they double). Reserving several times
        // more made a parse's memory large enough that the allocator gave it back to the system
        // after each parse, and the next one faulted it all in again. Capped, so that a huge input
        // does not reserve megabytes it may not use.
        let size = min(bytes.count, 1 << 24)
        arena.instructions.reserveCapacity(size / 48 + 4)
        arena.values.reserveCapacity(size / 32 + 4)
        arena.pairs.reserveCapacity(size / 128 + 4)
        arena.flags.reserveCapacity(size / 128 + 4)
        arena.words.reserveCapacity(size / 20 + 4)
        arena.commands.reserveCapacity(size / 96 + 4)
        arena.scripts.reserveCapacity(size / 256 + 4)
        arena.comments.reserveCapacity(size / 512 + 4)
        // The text holds the joined copies of continued instructions (most of a real file) and
        // unquoted values.
        arena.text.reserveCapacity(size - size / 4 + 16)
        while let line = reader.next() {
            var start = line.start
            if line.number == 1, line.contentEnd - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF {
                start += 3
                hasByteOrderMark = true
            }
            let tokenStart = ByteClass.skipUnicodeSpace(bytes, from: start, to: line.contentEnd)
            let isCommentLine = tokenStart < line.contentEnd && bytes[tokenStart] == UInt8(ascii: "#")
            observeDirective(tokenStart, line)
            if isCommentLine {
                arena.comments.append(Self.makeComment(bytes, hashAt: tokenStart, line: line, insideContinuation: false))
                continue
            }
            if tokenStart == line.contentEnd { pendingCommentsStart = arena.comments.count; continue }
            let leadingComments = RecordSlice(start: pendingCommentsStart, count: arena.comments.count - pendingCommentsStart)

            // Most instructions are one line: pieces are only recorded for continued ones.
            lineBuffers.removeSourcePieces()
            let startLine = line.number
            var lastLine = line
            var (pieceEnd, continues) = Self.continuation(bytes, escape: escape, tokenStart, line.contentEnd)
            let firstPiece = tokenStart..<pieceEnd
            var sawEmptyContinuationLine: PhysicalLine?
            while continues, let next = reader.next() {
                lastLine = next
                observeDirective(next.start, next)
                let firstNonSpace = ByteClass.skipUnicodeSpace(bytes, from: next.start, to: next.contentEnd)
                if firstNonSpace < next.contentEnd, bytes[firstNonSpace] == UInt8(ascii: "#") {
                    arena.comments.append(Self.makeComment(bytes, hashAt: firstNonSpace, line: next, insideContinuation: true))
                    continue
                }
                if firstNonSpace == next.contentEnd {
                    if sawEmptyContinuationLine == nil { sawEmptyContinuationLine = next }
                    continue
                }
                (pieceEnd, continues) = Self.continuation(bytes, escape: escape, next.start, next.contentEnd)
                if lineBuffers.sourcePieceCount == 0 { lineBuffers.appendSourcePiece(firstPiece) }
                lineBuffers.appendSourcePiece(next.start..<pieceEnd)
            }
            if let empty = sawEmptyContinuationLine {
                diagnostics.append(ParseDiagnostic(
                    severity: .warning,
                    message: "empty continuation line inside an instruction: remove it (BuildKit plans to reject these)",
                    range: lines.range(from: empty.start, to: empty.contentEnd), code: "empty-continuation-line"))
            }
            var logical: LogicalLine
            if lineBuffers.sourcePieceCount == 0 {
                logical = LogicalLine(file: bytes, start: firstPiece.lowerBound, end: firstPiece.upperBound)
            } else {
                logical = LogicalLine(file: bytes, pieces: lineBuffers.sourcePieceList, buffers: lineBuffers, pieceHint: lines.pieceHint)
                // Values of a continued instruction point into its joined copy, kept in the store's text.
                logical.storeBase = arena.intern(logical.bytes).start
            }
            var instruction = buildInstruction(logical)
            instruction.startLine = startLine
            instruction.leadingComments = leadingComments
            // Comments inside the continuation document nothing: the next instruction starts afresh.
            pendingCommentsStart = arena.comments.count
            if !builder.heredocMarks.isEmpty {
                lastLine = readHeredocs(into: &instruction, after: lastLine)
            }
            instruction.endLine = lastLine.number
            instruction.range = OffsetRange(start: line.start == tokenStart ? line.start : tokenStart, end: lastLine.contentEnd)
            arena.instructions.append(instruction)
        }
        if let overlong = reader.firstOverlongLine {
            diagnostics.append(ParseDiagnostic(
                message: "line \(overlong.number) is \(overlong.end - overlong.start) bytes long; BuildKit reads lines of at most 65535 bytes: split it with line continuations",
                range: lines.range(from: overlong.start, to: overlong.start), code: "line-too-long"))
        }
        if arena.instructions.isEmpty {
            let end = lines.range(from: bytes.count, to: bytes.count)
            diagnostics.append(ParseDiagnostic(
                message: "the file has no instructions: a Dockerfile needs at least a FROM instruction",
                range: end, code: "no-instructions"))
        }
        diagnostics += directiveParser.diagnostics
    }

    /// Builds the instruction on `logical`. The builder keeps pointing at the line's buffers after
    /// this returns, but reads them only in `build`, so the buffers can be reused for the next line.
    mutating func buildInstruction(_ logical: LogicalLine) -> InstructionRecord {
        if !builder.heredocMarks.isEmpty { builder.heredocMarks.removeAll(keepingCapacity: true) }
        builder.begin(logical, escape: escape)
        let instruction = builder.build(from: logical.start, to: logical.end, arena: &arena)
        if !builder.diagnostics.isEmpty {
            diagnostics += builder.diagnostics
            builder.diagnostics.removeAll()
        }
        return instruction
    }

    /// BuildKit's continuation rule: the line ends with the escape character (then optional spaces
    /// and tabs) not itself preceded by the escape character. Returns where the kept text ends.
    ///
    /// Static, like `makeComment`: a method of the scanner called from `run` (a mutating method)
    /// copied the whole scanner, 440 bytes, at each call.
    static func continuation(_ bytes: UnsafeBufferPointer<UInt8>, escape: UInt8, _ start: Int, _ end: Int) -> (end: Int, continues: Bool) {
        var index = end
        while index > start, bytes[index - 1] == ByteClass.space || bytes[index - 1] == ByteClass.tab { index -= 1 }
        guard index > start, bytes[index - 1] == escape else { return (end, false) }
        let escapeAt = index - 1
        if escapeAt == start { return (start, true) }
        if bytes[escapeAt - 1] == escape { return (end, false) }
        return (escapeAt, true)
    }

    mutating func observeDirective(_ tokenStart: Int, _ line: PhysicalLine) {
        guard !directiveParser.isDone else { return }
        if let chosen = directiveParser.parse(bytes, tokenStart, line.contentEnd, lines) {
            escape = chosen
        }
    }

    static func makeComment(_ bytes: UnsafeBufferPointer<UInt8>, hashAt hash: Int, line: PhysicalLine, insideContinuation: Bool) -> CommentRecord {
        let textStart = ByteClass.skipUnicodeSpace(bytes, from: hash + 1, to: line.contentEnd)
        let textEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: textStart, to: line.contentEnd)
        return CommentRecord(text: Span(start: textStart, end: max(textStart, textEnd)),
                             range: OffsetRange(start: hash, end: line.contentEnd), isInsideContinuation: insideContinuation)
    }

    static let shellNames: [[UInt8]] = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"].map { Array($0.utf8) }

    static func isShell<Name: Collection<UInt8>>(_ name: Name) -> Bool { shellNames.contains { name.elementsEqual($0) } }

    /// The last `/`-separated part of a path that is not empty (empty for a path of slashes only),
    /// found from the end without splitting the path into an array.
    static func lastPathComponent<Path: BidirectionalCollection<UInt8>>(_ path: Path) -> Path.SubSequence {
        var end = path.endIndex
        while end > path.startIndex, path[path.index(before: end)] == UInt8(ascii: "/") { end = path.index(before: end) }
        var start = end
        while start > path.startIndex, path[path.index(before: start)] != UInt8(ascii: "/") { start = path.index(before: start) }
        return path[start..<end]
    }

    /// `bytes` start with `first`, `second` (no array literal to compare with: that allocated).
    @inline(__always)
    static func starts<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ first: UInt8, _ second: UInt8) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == first && iterator.next() == second
    }

    /// The interpreter a `#!` line names: its first word's last path part, or the word after
    /// `env`. The line runs to the first `\n` not preceded by `\r` (a `\r\n` pair was one
    /// Character when this was read Character-wise); words are separated by spaces.
    static func shebangInterpreter(_ content: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var lineEnd = content.startIndex
        while lineEnd < content.endIndex, content[lineEnd] != ByteClass.newline || (lineEnd > content.startIndex && content[lineEnd - 1] == ByteClass.carriageReturn) {
            lineEnd += 1
        }
        var cursor = content.startIndex + 2
        func nextWord() -> Range<Int>? {
            while cursor < lineEnd, content[cursor] == ByteClass.space { cursor += 1 }
            guard cursor < lineEnd else { return nil }
            let start = cursor
            while cursor < lineEnd, content[cursor] != ByteClass.space { cursor += 1 }
            return start..<cursor
        }
        guard let first = nextWord() else { return nil }
        let name = lastPathComponent(content[first])
        if name.elementsEqual("env".utf8), let second = nextWord() { return content[second] }
        return name
    }

    /// `RUN <<EOF` (BuildKit runs the body as a script) or `RUN bash <<EOF`; not `RUN python3 <<EOF`,
    /// `RUN cat <<EOF > file`, nor a body whose `#!` line names another interpreter.
    /// `mutating` though it changes nothing: called from a mutating method, a non-mutating one got
    /// a copy of the whole scanner (see `continuation`).
    mutating func isRunByShell(name: Span, content: Slice<UnsafeBufferPointer<UInt8>>, in instruction: InstructionRecord) -> Bool {
        guard instruction.script >= 0 else { return false }
        if Self.starts(content, UInt8(ascii: "#"), UInt8(ascii: "!")) {
            guard let interpreter = Self.shebangInterpreter(content) else { return false }
            return Self.isShell(interpreter)
        }
        let script = arena.scripts[instruction.script]
        for commandIndex in Int(script.commands.start)..<Int(script.commands.start + script.commands.count) {
            let command = arena.commands[commandIndex]
            var namesHeredoc = false
            for redirectionIndex in Int(command.redirections.start)..<Int(command.redirections.start + command.redirections.count) {
                let redirection = arena.redirections[redirectionIndex]
                guard redirection.target >= 0, Self.starts(arena.bytes(redirection.operatorText), UInt8(ascii: "<"), UInt8(ascii: "<")) else { continue }
                if arena.bytes(arena.words[redirection.target].value).elementsEqual(arena.bytes(name)) { namesHeredoc = true; break }
            }
            guard namesHeredoc else { continue }
            guard command.words.count > 0 else { return true }
            let words = Int(command.words.start)..<Int(command.words.start + command.words.count)
            let base = Self.lastPathComponent(arena.bytes(arena.words[words.lowerBound].value))
            let hasDashC = words.dropFirst().contains { arena.bytes(arena.words[$0].value).elementsEqual("-c".utf8) }
            return Self.isShell(base) && !hasDashC
        }
        return false
    }

    /// Reads the body of each heredoc named on the instruction line, in order, from the lines that follow.
    mutating func readHeredocs(into instruction: inout InstructionRecord, after lastLine: PhysicalLine) -> PhysicalLine {
        var last = lastLine
        let heredocsStart = arena.heredocs.count
        for mark in builder.heredocMarks {
            let nameLength = mark.name.end - mark.name.start
            var contentStart: Int?
            var contentEnd = last.end
            var terminator: PhysicalLine?
            while let line = reader.next() {
                last = line
                var candidate = line.start
                if mark.stripsLeadingTabs {
                    while candidate < line.contentEnd, bytes[candidate] == ByteClass.tab { candidate += 1 }
                }
                if line.contentEnd - candidate == nameLength, arena.equals(mark.name, UnsafeBufferPointer(rebasing: bytes[candidate..<line.contentEnd])) {
                    terminator = line
                    break
                }
                if contentStart == nil { contentStart = line.start }
                contentEnd = line.end
            }
            let bodyStart = contentStart ?? contentEnd
            if terminator == nil {
                let name = arena.string(mark.name)
                diagnostics.append(ParseDiagnostic(
                    message: "heredoc '\(name)' is never terminated: end it with a line containing only \(name)",
                    range: lines.range(from: mark.range.start, to: mark.range.end), code: "unterminated-heredoc"))
            }
            var heredoc = HeredocRecord(
                name: mark.name, content: Span(start: bodyStart, end: max(bodyStart, contentEnd)),
                fileDescriptor: mark.fileDescriptor, stripsLeadingTabs: mark.stripsLeadingTabs,
                expandsVariables: mark.expandsVariables, markerRange: mark.range,
                contentRange: OffsetRange(start: bodyStart, end: contentEnd),
                terminatorRange: terminator.map { OffsetRange(start: $0.start, end: $0.contentEnd) } ?? .none, script: -1)
            let runner = instruction.kind == .onbuild ? (instruction.trigger >= 0 ? arena.triggers[instruction.trigger] : nil) : instruction
            if let runner, runner.kind == .run, contentStart != nil,
               isRunByShell(name: mark.name, content: bytes[bodyStart..<max(bodyStart, contentEnd)], in: runner) {
                let body = LogicalLine(file: bytes, start: bodyStart, end: contentEnd)
                heredoc.script = ShellParser.parse(body, from: bodyStart, to: contentEnd, lines: lines, arena: &arena, skipsHeredocBodies: true)
            }
            arena.heredocs.append(heredoc)
        }
        let slice = RecordSlice(start: heredocsStart, count: arena.heredocs.count - heredocsStart)
        // ONBUILD's heredocs belong to its trigger instruction.
        if instruction.kind == .onbuild, instruction.trigger >= 0 {
            arena.triggers[instruction.trigger].heredocs = slice
        } else {
            instruction.heredocs = slice
        }
        return last
    }
}
