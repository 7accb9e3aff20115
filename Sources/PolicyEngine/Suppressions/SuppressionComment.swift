import SourceSupport

/// A suppression comment: `# infralint ignore=NAME[,NAME…]` (the entry it sits on or above),
/// `# infralint ignore-file=NAME[,…]` (the whole file), and hadolint's `# hadolint ignore=DL3006`
/// and `# hadolint global ignore=…`, whose codes are matched through the rules' aliases.
public struct SuppressionComment: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// The instruction or YAML entry starting on or after the comment (see `SuppressionExtent`).
        case next
        case file
    }

    public enum Tool: String, Sendable, Hashable { case infralint, hadolint }

    public var tool: Tool
    public var scope: Scope
    /// The names as written, each with where it is written.
    public var names: [(name: String, range: SourceRange)]
    /// From `#` to the end of the comment.
    public var range: SourceRange
    /// Whether the comment is alone on its line (else it ends an instruction's or entry's line).
    public var ownLine: Bool
    /// Why a comment that starts like a suppression is not one (`# infralint ignroe=x`), or nil.
    public var malformed: String?

    public static func == (lhs: SuppressionComment, rhs: SuppressionComment) -> Bool {
        lhs.range == rhs.range && lhs.tool == rhs.tool
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(range.start.offset) }

    /// Reads a comment. `text` is what follows `#`; `range` covers `#` to the end of the comment and
    /// `lineTable` places the names inside it. nil when the comment is not a suppression at all.
    public static func parse(_ text: String, range: SourceRange, ownLine: Bool, lineTable: LineTable) -> SuppressionComment? {
        let bytes = Array(text.utf8)
        // Offset of `text` within the file: the comment starts with `#`, `text` follows it.
        let base = range.start.offset + 1
        var index = 0
        func skipBlanks() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        func word() -> String {
            let start = index
            while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x3D { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        skipBlanks()
        let toolWord = word()
        guard let tool = Tool(rawValue: toolWord) else { return nil }
        var comment = SuppressionComment(tool: tool, scope: .next, names: [], range: range, ownLine: ownLine, malformed: nil)
        skipBlanks()
        var directive = word()
        if tool == .hadolint {
            if directive == "global" {
                comment.scope = .file
                skipBlanks()
                directive = word()
            }
            // Other hadolint pragmas (`# hadolint shell=bash`) are not suppressions.
            guard directive == "ignore" else { return nil }
        } else {
            switch directive {
            case "ignore": comment.scope = .next
            case "ignore-file": comment.scope = .file
            default:
                comment.malformed = "'\(directive)' is not a suppression; write 'infralint ignore=NAME' or 'infralint ignore-file=NAME'"
                return comment
            }
        }
        guard index < bytes.count, bytes[index] == 0x3D else {
            comment.malformed = "'\(directive)' needs '=' and rule names, as in '\(tool.rawValue) \(directive)=NAME'"
            return comment
        }
        index += 1
        // Names are separated by commas (blanks after a comma allowed); the list ends at the first
        // other blank, so a reason may follow: `# infralint ignore=root-user needs port 80`.
        while index < bytes.count {
            skipBlanks()
            let start = index
            while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x20, bytes[index] != 0x09 { index += 1 }
            if index > start {
                let name = String(decoding: bytes[start..<index], as: UTF8.self)
                comment.names.append((name, lineTable.range(from: base + start, to: base + index)))
            }
            guard index < bytes.count, bytes[index] == 0x2C else { break }
            index += 1
        }
        if comment.names.isEmpty {
            comment.malformed = "names no rule; write '\(tool.rawValue) \(directive)=NAME[,NAME…]'"
        }
        return comment
    }
}
