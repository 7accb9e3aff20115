import SourceSupport

/// Parser directives (`# syntax=...`, `# escape=...`, `# check=...`): BuildKit honours them only in
/// the unbroken run of `#` lines at the very top; the first other line (blank, comment that is not a
/// directive, instruction) ends the run. Each directive may appear once.
struct DirectiveParser {
    static let known: Set<String> = ["syntax", "escape", "check"]

    private(set) var isDone = false
    private(set) var directives: [ParserDirective] = []
    private(set) var diagnostics: [ParseDiagnostic] = []

    /// Looks at one line (leading white space already skipped); returns the new escape character
    /// when the line is a valid `escape` directive.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ lines: SourceLocator) -> UInt8? {
        guard start < end, bytes[start] == UInt8(ascii: "#") else { isDone = true; return nil }
        // `#` then white space, NAME, white space, `=`, white space, VALUE (trailing white space dropped).
        // RE2's `\s` (ASCII only): a no-break space after `#` makes the line a plain comment.
        var index = start + 1
        while index < end, isRegexSpace(bytes[index]) { index += 1 }
        let nameStart = index
        guard index < end, isLetter(bytes[index]) else { isDone = true; return nil }
        while index < end, isLetter(bytes[index]) || ByteClass.isDigit(bytes[index]) { index += 1 }
        let nameEnd = index
        while index < end, isRegexSpace(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: "=") else { isDone = true; return nil }
        index += 1
        let afterEquals = index
        while index < end, isRegexSpace(bytes[index]) { index += 1 }
        var valueEnd = end
        while valueEnd > index, isRegexSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        if index == valueEnd, afterEquals < end {
            // Only white space after `=`: BuildKit's `=\s*(.+?)\s*$` backtracks to take the last
            // white-space character as the value (`# escape= ` names the escape character ' ').
            index = end - 1
            valueEnd = end
        }
        guard index < valueEnd else { isDone = true; return nil }
        let name = ByteClass.string(bytes, nameStart, nameEnd).lowercased()
        guard Self.known.contains(name) else { isDone = true; return nil }
        // The reference BuildKit (v0.12) predates `check`: to it that line is an unknown directive,
        // which ends the run, so an `escape` line after it is an ordinary comment and the escape
        // character stays the backslash (nor is a repeated `escape` there an error).
        if name == "escape", directives.contains(where: { $0.name == "check" }) { isDone = true; return nil }
        let value = ByteClass.string(bytes, index, valueEnd)
        let directive = ParserDirective(
            name: name, value: value, range: lines.range(from: start, to: end),
            nameRange: lines.range(from: nameStart, to: nameEnd), valueRange: lines.range(from: index, to: valueEnd))
        if directives.contains(where: { $0.name == name }) {
            // BuildKit releases that predate `check` read a repeated `check` line as a plain comment,
            // so only a repeated `syntax` or `escape` makes the file invalid.
            diagnostics.append(ParseDiagnostic(
                severity: name == "check" ? .warning : .error,
                message: "the \(name) directive is given twice: keep only one", range: directive.range,
                code: "duplicate-directive", related: directives.filter { $0.name == name }.map(\.range)))
            return nil
        }
        directives.append(directive)
        guard name == "escape" else { return nil }
        if value == "\\" || value == "`" { return Array(value.utf8)[0] }
        diagnostics.append(ParseDiagnostic(
            message: "invalid escape character '\(value)': the escape directive accepts only \\ or `",
            range: directive.valueRange, code: "invalid-escape"))
        return nil
    }

    private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    /// RE2's `\s`: `[\t\n\f\r ]`.
    private func isRegexSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
}
