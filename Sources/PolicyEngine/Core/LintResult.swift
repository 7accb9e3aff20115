import SourceSupport

/// A file the run read, with what reporters need to show it (its bytes and line table).
public struct LintedFile: Sendable {
    public var path: String
    public var kind: FileKind
    public var bytes: [UInt8]
    public var lineTable: LineTable

    public init(path: String, kind: FileKind, bytes: [UInt8]) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
        self.lineTable = LineTable(bytes)
    }

    /// The 1-based column of `position` counted in Unicode scalars (what users call characters).
    public func characterColumn(of position: SourcePosition) -> Int {
        guard position.line >= 1, position.line <= lineTable.lineCount else { return position.column }
        let lineStart = lineTable.lineStarts[position.line - 1]
        // A position whose offset is not on its line (a front end's slip) keeps its byte column.
        guard lineStart <= position.offset else { return position.column }
        return ColumnCounting.characters(in: bytes, lineStart..<min(position.offset, bytes.count)) + 1
    }

    /// The text of a 1-based line, without its terminator.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineTable.lineCount else { return nil }
        return String(decoding: bytes[lineTable.contentRange(ofLine: line, in: bytes)], as: UTF8.self)
    }
}

public struct LintSummary: Hashable, Sendable {
    public var files: Int
    public var errors: Int
    public var warnings: Int
    public var infos: Int

    public func count(atOrAbove severity: Severity) -> Int {
        switch severity {
        case .error: return errors
        case .warning: return errors + warnings
        case .info: return errors + warnings + infos
        }
    }
}

/// What one run found: the files read and every diagnostic, in report order.
public struct LintResult: Sendable {
    public var files: [LintedFile]
    public var diagnostics: [Diagnostic]

    public init(files: [LintedFile], diagnostics: [Diagnostic]) {
        self.files = files
        self.diagnostics = diagnostics
    }

    public func file(_ path: String) -> LintedFile? { files.first { $0.path == path } }

    public var summary: LintSummary {
        LintSummary(files: files.count,
                    errors: diagnostics.count { $0.severity == .error },
                    warnings: diagnostics.count { $0.severity == .warning },
                    infos: diagnostics.count { $0.severity == .info })
    }
}
