import SourceSupport
import DockerfileParser
import ComposeParser

/// A suppression comment and the lines it covers.
public struct PlacedSuppression: Sendable {
    public var comment: SuppressionComment
    /// 1-based, inclusive; the whole file for `ignore-file`. Empty when the comment covers nothing.
    public var lines: ClosedRange<Int>?
}

/// Finds the suppression comments of a file with the front end's own idea of a comment (a `#` in a
/// quoted YAML string is not one), and the lines each covers.
public enum SuppressionScanner {
    /// Cheap pre-check: most files hold no suppression and are not parsed a second time.
    public static func mayHoldSuppressions(_ bytes: [UInt8]) -> Bool {
        contains(bytes, Array("infralint".utf8)) || contains(bytes, Array("hadolint".utf8))
    }

    public static func suppressions(in file: LintedFile) -> [PlacedSuppression] {
        guard mayHoldSuppressions(file.bytes) else { return [] }
        switch file.kind {
        case .dockerfile: return dockerfileSuppressions(file)
        case .compose: return yamlSuppressions(file)
        }
    }

    static func comment(in file: LintedFile, range: SourceRange, ownLine: Bool) -> SuppressionComment? {
        let start = min(range.start.offset + 1, file.bytes.count)
        let end = max(start, min(range.end.offset, file.bytes.count))
        let text = String(decoding: file.bytes[start..<end], as: UTF8.self)
        return SuppressionComment.parse(text, range: range, ownLine: ownLine, lineTable: file.lineTable)
    }

    static func dockerfileSuppressions(_ file: LintedFile) -> [PlacedSuppression] {
        let parsed = DockerfileParser.parse(file.bytes)
        let instructions = parsed.instructions
        var placed: [PlacedSuppression] = []
        for raw in parsed.comments {
            guard let comment = comment(in: file, range: raw.range, ownLine: true) else { continue }
            let line = raw.range.start.line
            var covered: ClosedRange<Int>?
            if comment.scope == .file {
                covered = 1...max(1, file.lineTable.lineCount)
            } else if let holder = instructions.first(where: { $0.startLine <= line && line <= $0.endLine }) {
                covered = holder.startLine...max(holder.startLine, holder.endLine)
            } else if let next = instructions.first(where: { $0.startLine > line }),
                      (line + 1..<next.startLine).allSatisfy({ isCommentLine(file, $0) }) {
                covered = next.startLine...max(next.startLine, next.endLine)
            }
            placed.append(PlacedSuppression(comment: comment, lines: covered))
        }
        // `RUN make # infralint ignore=NAME`: Docker passes such a comment to the shell, which drops
        // it; it covers the instruction whose line it ends.
        for instruction in instructions {
            for line in instruction.startLine...max(instruction.startLine, instruction.endLine) where !isCommentLine(file, line) {
                guard let range = trailingCommentRange(file, line: line),
                      let comment = comment(in: file, range: range, ownLine: false) else { continue }
                let covered = comment.scope == .file ? 1...max(1, file.lineTable.lineCount)
                    : instruction.startLine...max(instruction.startLine, instruction.endLine)
                placed.append(PlacedSuppression(comment: comment, lines: covered))
            }
        }
        return placed
    }

    static func yamlSuppressions(_ file: LintedFile) -> [PlacedSuppression] {
        let parsed = YAMLParser.parse(file.bytes, options: file.kind == .compose ? .compose : .strict)
        var placed: [PlacedSuppression] = []
        for raw in parsed.comments {
            guard let comment = comment(in: file, range: raw.range, ownLine: raw.ownLine) else { continue }
            let line = raw.range.start.line
            var covered: ClosedRange<Int>?
            if comment.scope == .file {
                covered = 1...max(1, file.lineTable.lineCount)
            } else if !raw.ownLine {
                covered = YAMLExtent.entry(startingAt: line, in: file)
            } else {
                var target = line + 1
                while target <= file.lineTable.lineCount, isCommentLine(file, target) { target += 1 }
                if target <= file.lineTable.lineCount, !isBlankLine(file, target) {
                    covered = YAMLExtent.entry(startingAt: target, in: file)
                }
            }
            placed.append(PlacedSuppression(comment: comment, lines: covered))
        }
        return placed
    }

    static func lineBytes(_ file: LintedFile, _ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= file.lineTable.lineCount else { return [] }
        return file.bytes[file.lineTable.contentRange(ofLine: line, in: file.bytes)]
    }

    static func isCommentLine(_ file: LintedFile, _ line: Int) -> Bool {
        lineBytes(file, line).first { $0 != 0x20 && $0 != 0x09 } == 0x23
    }

    static func isBlankLine(_ file: LintedFile, _ line: Int) -> Bool {
        lineBytes(file, line).allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// A `#` after a blank that starts `infralint` or `hadolint` on a Dockerfile line: its range to the line's end.
    static func trailingCommentRange(_ file: LintedFile, line: Int) -> SourceRange? {
        let bytes = lineBytes(file, line)
        guard let end = bytes.indices.last.map({ $0 + 1 }) else { return nil }
        var index = bytes.startIndex + 1
        while index < end {
            if bytes[index] == 0x23, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 {
                var word = index + 1
                while word < end, bytes[word] == 0x20 { word += 1 }
                let rest = bytes[word..<end]
                if rest.starts(with: "infralint ".utf8) || rest.starts(with: "hadolint ".utf8) {
                    return file.lineTable.range(from: index, to: end)
                }
            }
            index += 1
        }
        return nil
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}

/// The lines of the YAML entry starting on a line: the line itself and every following line indented
/// deeper (its block), plus the `- item` lines of a `key:` whose sequence is not indented.
enum YAMLExtent {
    static func indentation(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.prefix { $0 == 0x20 }.count
    }

    static func entry(startingAt line: Int, in file: LintedFile) -> ClosedRange<Int> {
        let first = SuppressionScanner.lineBytes(file, line)
        let indent = indentation(first)
        let content = first.dropFirst(indent)
        let isKeyOpeningBlock = content.first != 0x2D && content.last == 0x3A
        var last = line
        var next = line + 1
        while next <= file.lineTable.lineCount {
            if SuppressionScanner.isBlankLine(file, next) || SuppressionScanner.isCommentLine(file, next) {
                next += 1
                continue
            }
            let bytes = SuppressionScanner.lineBytes(file, next)
            let nextIndent = indentation(bytes)
            let opensItem = bytes.dropFirst(nextIndent).first == 0x2D
            guard nextIndent > indent || (isKeyOpeningBlock && nextIndent == indent && opensItem) else { break }
            last = next
            next += 1
        }
        return line...last
    }
}
