/// `--format text`: `PATH:LINE:COLUMN: SEVERITY: MESSAGE [NAME]`, one line per diagnostic, the
/// column in characters. For a terminal it adds colour, the source line with a caret, and a summary.
public struct TextReporter: Reporter {
    public var color: Bool
    /// Show the source line and a caret under each diagnostic, and a closing summary.
    public var showSource: Bool

    public init(color: Bool = false, showSource: Bool = false) {
        self.color = color
        self.showSource = showSource
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityCode(_ severity: Severity) -> String {
        switch severity {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .info: return "1;36"
        }
    }

    public func render(_ result: LintResult) -> String {
        var out = ""
        for diagnostic in result.diagnostics {
            let file = result.file(diagnostic.file)
            let column = file?.characterColumn(of: diagnostic.range.start) ?? diagnostic.range.start.column
            out += paint("\(diagnostic.file):\(diagnostic.range.start.line):\(column):", "1")
            out += " " + paint(diagnostic.severity.rawValue + ":", severityCode(diagnostic.severity))
            out += " \(diagnostic.message) " + paint("[\(diagnostic.ruleName)]", "2") + "\n"
            if showSource, let file, let line = file.lineText(diagnostic.range.start.line) {
                out += sourceExcerpt(line: line, column: column, diagnostic: diagnostic, file: file)
            }
        }
        if showSource {
            out += summaryLine(result.summary)
        }
        return out
    }

    private func sourceExcerpt(line: String, column: Int, diagnostic: Diagnostic, file: LintedFile) -> String {
        let number = String(diagnostic.range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let visible = line.unicodeScalars.map { $0 == "\t" ? " " : String($0) }.joined()
        var width = 1
        if diagnostic.range.end.line == diagnostic.range.start.line {
            width = max(1, file.characterColumn(of: diagnostic.range.end) - column)
        }
        width = min(width, max(1, visible.unicodeScalars.count - column + 1))
        var out = paint(" \(number) | ", "2") + visible + "\n"
        out += paint(" \(gutter) | ", "2") + String(repeating: " ", count: max(0, column - 1))
        out += paint("^" + String(repeating: "~", count: width - 1), severityCode(diagnostic.severity)) + "\n"
        return out
    }

    private func summaryLine(_ summary: LintSummary) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let total = summary.errors + summary.warnings + summary.infos
        if total == 0 { return paint("No problems found in \(plural(summary.files, "file")).", "1;32") + "\n" }
        return "\nFound " + plural(total, "problem") + " (" + plural(summary.errors, "error") + ", "
            + plural(summary.warnings, "warning") + ", " + plural(summary.infos, "info") + ") in "
            + plural(summary.files, "file") + ".\n"
    }
}
