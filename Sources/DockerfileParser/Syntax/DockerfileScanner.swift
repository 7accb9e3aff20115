import SourceSupport

/// Reads the file line by line as BuildKit's parser does: parser directives at the top, comments,
/// continuation lines (with comment and empty lines inside them), then hands each logical line to
/// `InstructionBuilder` and reads the heredoc bodies that follow it.
struct DockerfileScanner {
    let bytes: [UInt8]
    let lines: SourceLocator
    var reader: PhysicalLineReader
    var directiveParser = DirectiveParser()
    var escape: UInt8 = UInt8(ascii: "\\")

    var instructions: [Instruction] = []
    var comments: [Comment] = []
    var diagnostics: [ParseDiagnostic] = []
    var hasByteOrderMark = false
    /// Comments since the last instruction or blank line: they document the next instruction.
    var pendingComments: [Comment] = []

    init(bytes: [UInt8], lines: SourceLocator) {
        self.bytes = bytes
        self.lines = lines
        self.reader = PhysicalLineReader(bytes: bytes)
    }

    mutating func run() {
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
                let comment = makeComment(hashAt: tokenStart, line: line, insideContinuation: false)
                comments.append(comment)
                pendingComments.append(comment)
                continue
            }
            if tokenStart == line.contentEnd { pendingComments.removeAll(); continue }

            var pieces: [Range<Int>] = []
            let startLine = line.number
            var lastLine = line
            var (pieceEnd, continues) = continuation(tokenStart, line.contentEnd)
            pieces.append(tokenStart..<pieceEnd)
            var sawEmptyContinuationLine: PhysicalLine?
            while continues, let next = reader.next() {
                lastLine = next
                observeDirective(next.start, next)
                let firstNonSpace = ByteClass.skipUnicodeSpace(bytes, from: next.start, to: next.contentEnd)
                if firstNonSpace < next.contentEnd, bytes[firstNonSpace] == UInt8(ascii: "#") {
                    comments.append(makeComment(hashAt: firstNonSpace, line: next, insideContinuation: true))
                    continue
                }
                if firstNonSpace == next.contentEnd {
                    if sawEmptyContinuationLine == nil { sawEmptyContinuationLine = next }
                    continue
                }
                (pieceEnd, continues) = continuation(next.start, next.contentEnd)
                pieces.append(next.start..<pieceEnd)
            }
            if let empty = sawEmptyContinuationLine {
                diagnostics.append(ParseDiagnostic(
                    severity: .warning,
                    message: "empty continuation line inside an instruction: remove it (BuildKit plans to reject these)",
                    range: lines.range(from: empty.start, to: empty.contentEnd), code: "empty-continuation-line"))
            }
            let logical = LogicalLine(file: bytes, pieces: pieces)
            var builder = InstructionBuilder(logical: logical, lines: lines, escape: escape)
            var instruction = builder.build(from: logical.start, to: logical.end)
            if !builder.diagnostics.isEmpty { diagnostics += builder.diagnostics }
            instruction.startLine = startLine
            instruction.leadingComments = pendingComments
            pendingComments.removeAll()
            lastLine = readHeredocs(into: &instruction, marks: builder.heredocMarks, after: lastLine)
            instruction.endLine = lastLine.number
            instruction.range = lines.range(from: line.start == tokenStart ? line.start : tokenStart, to: lastLine.contentEnd)
            instructions.append(instruction)
        }
        if let overlong = reader.firstOverlongLine {
            diagnostics.append(ParseDiagnostic(
                message: "line \(overlong.number) is \(overlong.end - overlong.start) bytes long; BuildKit reads lines of at most 65535 bytes: split it with line continuations",
                range: lines.range(from: overlong.start, to: overlong.start), code: "line-too-long"))
        }
        if instructions.isEmpty {
            let end = lines.range(from: bytes.count, to: bytes.count)
            diagnostics.append(ParseDiagnostic(
                message: "the file has no instructions: a Dockerfile needs at least a FROM instruction",
                range: end, code: "no-instructions"))
        }
        diagnostics += directiveParser.diagnostics
    }

    /// BuildKit's continuation rule: the line ends with the escape character (then optional spaces
    /// and tabs) not itself preceded by the escape character. Returns where the kept text ends.
    func continuation(_ start: Int, _ end: Int) -> (end: Int, continues: Bool) {
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

    func makeComment(hashAt hash: Int, line: PhysicalLine, insideContinuation: Bool) -> Comment {
        let textStart = ByteClass.skipUnicodeSpace(bytes, from: hash + 1, to: line.contentEnd)
        let textEnd = ByteClass.trimUnicodeSpaceRight(bytes, from: textStart, to: line.contentEnd)
        return Comment(text: ByteClass.string(bytes, textStart, textEnd),
                       range: lines.range(from: hash, to: line.contentEnd), isInsideContinuation: insideContinuation)
    }

    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"]

    /// `RUN <<EOF` (BuildKit runs the body as a script) or `RUN bash <<EOF`; not `RUN python3 <<EOF`,
    /// `RUN cat <<EOF > file`, nor a body whose `#!` line names another interpreter.
    static func isRunByShell(_ heredoc: Heredoc, in instruction: Instruction) -> Bool {
        guard let script = instruction.shellScript else { return false }
        if heredoc.content.hasPrefix("#!") {
            let firstLine = heredoc.content.prefix { $0 != "\n" }
            let words = firstLine.dropFirst(2).split(separator: " ")
            guard let interpreter = words.first else { return false }
            var name = String(interpreter.split(separator: "/").last ?? "")
            if name == "env", words.count > 1 { name = String(words[1]) }
            return shells.contains(name)
        }
        for command in script.commands {
            guard command.redirections.contains(where: { $0.operatorText.hasPrefix("<<") && $0.target?.value == heredoc.name }) else { continue }
            guard let name = command.name else { return true }
            let base = String(name.split(separator: "/").last ?? "")
            return shells.contains(base) && !command.hasArgument("-c")
        }
        return false
    }

    /// Reads the body of each heredoc named on the instruction line, in order, from the lines that follow.
    mutating func readHeredocs(into instruction: inout Instruction, marks: [HeredocMark], after lastLine: PhysicalLine) -> PhysicalLine {
        var last = lastLine
        for mark in marks {
            let name = Array(mark.name.utf8)
            var contentStart: Int?
            var contentEnd = last.end
            var terminator: PhysicalLine?
            while let line = reader.next() {
                last = line
                var candidate = line.start
                if mark.stripsLeadingTabs {
                    while candidate < line.contentEnd, bytes[candidate] == ByteClass.tab { candidate += 1 }
                }
                if line.contentEnd - candidate == name.count, bytes[candidate..<line.contentEnd].elementsEqual(name) {
                    terminator = line
                    break
                }
                if contentStart == nil { contentStart = line.start }
                contentEnd = line.end
            }
            let bodyStart = contentStart ?? contentEnd
            let content = ByteClass.string(bytes, bodyStart, contentEnd)
            if terminator == nil {
                diagnostics.append(ParseDiagnostic(
                    message: "heredoc '\(mark.name)' is never terminated: end it with a line containing only \(mark.name)",
                    range: mark.range, code: "unterminated-heredoc"))
            }
            var heredoc = Heredoc(
                name: mark.name, content: content, fileDescriptor: mark.fileDescriptor,
                stripsLeadingTabs: mark.stripsLeadingTabs, expandsVariables: mark.expandsVariables,
                markerRange: mark.range, contentRange: lines.range(from: bodyStart, to: contentEnd),
                terminatorRange: terminator.map { lines.range(from: $0.start, to: $0.contentEnd) })
            let runner = instruction.kind == .onbuild ? instruction.trigger : instruction
            if let runner, runner.kind == .run, contentStart != nil, Self.isRunByShell(heredoc, in: runner) {
                let body = LogicalLine(file: bytes, start: bodyStart, end: contentEnd)
                heredoc.script = ShellParser.parse(body, from: bodyStart, to: contentEnd, lines: lines, skipsHeredocBodies: true)
            }
            // ONBUILD's heredocs belong to its trigger instruction.
            if instruction.kind == .onbuild, !instruction.triggers.isEmpty {
                instruction.triggers[0].heredocs.append(heredoc)
            } else {
                instruction.heredocs.append(heredoc)
            }
        }
        return last
    }
}
