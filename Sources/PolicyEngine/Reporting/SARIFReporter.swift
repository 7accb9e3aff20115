import SourceSupport

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. URIs are relative to the working
/// folder (`uriBaseId` `%SRCROOT%`), columns count UTF-16 code units, every rule is described in
/// `tool.driver.rules`, and each result carries a fingerprint that survives unrelated edits.
public struct SARIFReporter: Reporter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    public static let sourceRoot = "%SRCROOT%"
    public static let fingerprintKey = "infralint/v1"

    public var registry: RuleRegistry
    /// The absolute working folder: relative URIs are relative to it, and it becomes `%SRCROOT%`.
    /// nil: paths are taken as already relative to the folder the SARIF is read from.
    public var workingDirectory: String?
    public var pretty: Bool

    public init(registry: RuleRegistry = .standard, workingDirectory: String? = nil, pretty: Bool = true) {
        self.registry = registry
        self.workingDirectory = workingDirectory
        self.pretty = pretty
    }

    public func render(_ result: LintResult) -> String {
        sarif(result).serialized(pretty: pretty) + "\n"
    }

    public func sarif(_ result: LintResult) -> JSONValue {
        var descriptions = registry.allDescriptions
        for diagnostic in result.diagnostics where !descriptions.contains(where: { $0.code == diagnostic.code }) {
            descriptions.append(SARIFReporter.placeholderRule(for: diagnostic))
        }
        let ruleIndex = Dictionary(descriptions.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        var artifacts: [String] = result.files.map(\.path)
        for diagnostic in result.diagnostics where !artifacts.contains(diagnostic.file) { artifacts.append(diagnostic.file) }
        let artifactIndex = Dictionary(artifacts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

        var fingerprints = FingerprintCounter()
        let results: [JSONValue] = result.diagnostics.map { diagnostic in
            let file = result.file(diagnostic.file)
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(diagnostic.code)),
                ("ruleIndex", .int(ruleIndex[diagnostic.code] ?? 0)),
                ("level", .string(SARIFReporter.level(diagnostic.severity))),
                ("message", .object([("text", .string(diagnostic.message))])),
                ("locations", .array([location(diagnostic.file, diagnostic.range, file: file, index: artifactIndex[diagnostic.file])])),
            ]
            if !diagnostic.related.isEmpty {
                members.append(("relatedLocations", .array(diagnostic.related.enumerated().map { offset, related in
                    var related = location(related.file, related.range, file: result.file(related.file),
                                           index: artifactIndex[related.file], message: related.message)
                    if case .object(var pairs) = related {
                        pairs.insert(("id", .int(offset)), at: 0)
                        related = .object(pairs)
                    }
                    return related
                })))
            }
            let lineText = file?.lineText(diagnostic.range.start.line)?.trimmingWhitespace() ?? ""
            let fingerprint = fingerprints.next(code: diagnostic.code, uri: uri(for: diagnostic.file).uri, lineText: lineText)
            members.append(("partialFingerprints", .object([(SARIFReporter.fingerprintKey, .string(fingerprint))])))
            return .object(members)
        }

        var run: [(String, JSONValue)] = [
            ("tool", .object([("driver", .object([
                ("name", .string("infralint")),
                ("version", .string(PolicyEngine.version)),
                ("semanticVersion", .string(PolicyEngine.version)),
                ("rules", .array(descriptions.map(SARIFRules.rule))),
            ]))])),
        ]
        if let workingDirectory, workingDirectory.hasPrefix("/") {
            let root = WorkspacePath.normalize(workingDirectory)
            run.append(("originalUriBaseIds", .object([(SARIFReporter.sourceRoot, .object([
                ("uri", .string("file://" + SARIFReporter.percentEncoded(root == "/" ? "/" : root + "/"))),
            ]))])))
        }
        run.append(("artifacts", .array(artifacts.map { path in
            var members: [(String, JSONValue)] = [("location", artifactLocation(path, index: nil))]
            if let file = result.file(path) {
                members.append(("length", .int(file.bytes.count)))
                members.append(("sourceLanguage", .string(file.kind == .dockerfile ? "dockerfile" : "yaml")))
            }
            return .object(members)
        })))
        run.append(("invocations", .array([.object([("executionSuccessful", .bool(true))])])))
        run.append(("results", .array(results)))
        run.append(("columnKind", .string("utf16CodeUnits")))
        return .object([
            ("$schema", .string(SARIFReporter.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
    }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// The URI of a path: relative to the working folder when it lies below it (with `uriBaseId`),
    /// else an absolute `file://` URI.
    func uri(for path: String) -> (uri: String, baseId: String?) {
        let normalized = WorkspacePath.normalize(path)
        if normalized.hasPrefix("/") {
            if let workingDirectory, let relative = IgnorePaths.relative(normalized, to: WorkspacePath.normalize(workingDirectory)), relative != "." {
                return (SARIFReporter.percentEncoded(relative), SARIFReporter.sourceRoot)
            }
            return ("file://" + SARIFReporter.percentEncoded(normalized), nil)
        }
        if normalized == ".." || normalized.hasPrefix("../") {
            if let workingDirectory, workingDirectory.hasPrefix("/") {
                return ("file://" + SARIFReporter.percentEncoded(WorkspacePath.join(workingDirectory, normalized)), nil)
            }
        }
        return (SARIFReporter.percentEncoded(normalized), SARIFReporter.sourceRoot)
    }

    func artifactLocation(_ path: String, index: Int?) -> JSONValue {
        let (uri, baseId) = uri(for: path)
        var members: [(String, JSONValue)] = [("uri", .string(uri))]
        if let baseId { members.append(("uriBaseId", .string(baseId))) }
        if let index { members.append(("index", .int(index))) }
        return .object(members)
    }

    func location(_ path: String, _ range: SourceRange, file: LintedFile?, index: Int?, message: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("physicalLocation", .object([
            ("artifactLocation", artifactLocation(path, index: index)),
            ("region", SARIFReporter.region(range, file: file)),
        ]))]
        if let message { members.append(("message", .object([("text", .string(message))]))) }
        return .object(members)
    }

    /// Lines 1-based; columns 1-based in UTF-16 code units, the end column one past the last character.
    static func region(_ range: SourceRange, file: LintedFile?) -> JSONValue {
        func column(_ position: SourcePosition) -> Int {
            guard let file, position.line >= 1, position.line <= file.lineTable.lineCount else { return max(1, position.column) }
            let lineStart = file.lineTable.lineStarts[position.line - 1]
            return ColumnCounting.utf16Units(in: file.bytes, lineStart..<max(lineStart, min(position.offset, file.bytes.count))) + 1
        }
        let startLine = max(1, range.start.line)
        let startColumn = column(range.start)
        var endLine = max(startLine, range.end.line)
        var endColumn = column(range.end)
        if range.end.offset <= range.start.offset || (endLine == startLine && endColumn < startColumn) {
            endLine = startLine
            endColumn = startColumn
        }
        return .object([
            ("startLine", .int(startLine)), ("startColumn", .int(startColumn)),
            ("endLine", .int(endLine)), ("endColumn", .int(endColumn)),
        ])
    }

    /// RFC 3986: unreserved characters and `/` stay, every other byte is `%XX`.
    static func percentEncoded(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func placeholderRule(for diagnostic: Diagnostic) -> RuleDescription {
        RuleDescription(code: diagnostic.code, name: diagnostic.ruleName, summary: diagnostic.ruleName,
                        documentation: RuleDocumentation(whatItDoes: diagnostic.ruleName, whyItMatters: "", example: "", useInstead: ""),
                        defaultSeverity: diagnostic.severity, fileKinds: [], tags: [])
    }
}

/// Stable result fingerprints: a hash of the rule, the file and the trimmed text of the flagged line,
/// plus how many earlier results share those (so moving unrelated lines changes nothing).
struct FingerprintCounter {
    var seen: [String: Int] = [:]

    mutating func next(code: String, uri: String, lineText: String) -> String {
        let key = code + "\u{0}" + uri + "\u{0}" + lineText
        let occurrence = seen[key, default: 0]
        seen[key] = occurrence + 1
        return FingerprintCounter.hex(FingerprintCounter.fnv1a(key)) + ":" + String(occurrence + 1)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
