import SourceSupport

/// Turns UTF-8 bytes into YAML tokens. Indentation becomes explicit block start/end tokens, and
/// implicit ("simple") keys are found by remembering where a key could have started and inserting
/// a KEY token there once the `:` shows up. Tokens are produced lazily, so the tree builder's
/// depth limit stops hostile nesting before the scanner has read much of it.
struct YAMLScanner {
    struct SimpleKey {
        var tokenNumber: Int
        var required: Bool
        var position: SourcePosition
        /// The key sits where a tab stands for indentation: the tab's position.
        var tabPosition: SourcePosition?
    }

    /// The input, valid for the whole parse (`YAMLParser.parse` scans inside
    /// `withUnsafeBufferPointer`): reads carry no bounds or uniqueness checks in release builds,
    /// so every read is guarded by `index < end` (or a check against `end`) instead.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Scanning stops here: the first byte that is not valid UTF-8 or not printable, else the end.
    let end: Int
    let maxDepth: Int
    /// Lines inside a flow collection must be indented more than the enclosing block (YAML 1.2);
    /// false for `YAMLOptions.lenientFlowIndentation`.
    let checksFlowIndentation: Bool
    var index = 0
    var line = 1
    var lineStart = 0

    var tokens: [YAMLToken] = []
    /// Texts of the queued tokens (and of the last one taken, until the next peek).
    var tokenTexts: [String] = []
    /// Values of the scalars that differ from their text, one after another: kept for the whole
    /// parse (the tree builder's nodes point into it).
    var scalarValues: [UInt8] = []
    var head = 0
    var tokensTaken = 0
    var streamStarted = false
    var streamEnded = false

    var flowLevel = 0
    var indent = -1
    var indents: [Int] = []
    var allowSimpleKey = true
    /// Per flow level (0 = block context): where a simple key could have started. Change only
    /// through `setSimpleKey`, which keeps `possibleSimpleKeys` (the non-nil entries) right.
    private(set) var simpleKeys: [SimpleKey?] = [nil]
    /// Most of the time no key is possible anywhere: the token queue then skips its checks.
    private(set) var possibleSimpleKeys = 0
    /// The last token was a quoted scalar or a flow collection end: in flow context a `:` right
    /// after it is a value indicator even without a space (JSON-like keys, `{"a":1}`).
    var lastTokenWasJSONLike = false
    /// Line whose indentation (block context) contains a tab, and its count of leading spaces.
    var tabIndentedLine = 0
    var tabLineSpaces = 0
    /// The first tab in the white space before the next token.
    var tabPosition = SourcePosition(offset: 0, line: 1, column: 1)
    /// The white space before the next token, on its own line, contains a tab.
    var tabBeforeToken = false
    var tokenStartsLine = true
    /// The last token was `-`, `?` or `:` in block context: a tab after it cannot indent a nested block.
    var lastTokenWasBlockIndicator = false
    /// A property (anchor, tag) that starts a line no deeper than the enclosing block: allowed only
    /// on a key of that block, so the line must produce a `:` for it.
    var lowPropertyPosition: SourcePosition?
    /// First and last line of the last token if it was a flow scalar: a `:` right after a
    /// multi-line scalar would make it a key that spans lines.
    var lastScalarLines: (first: Int, last: Int)?
    var previousScalarLines: (first: Int, last: Int)?

    var comments: [YAMLComment] = []

    /// `end`: the first unreadable byte (`YAMLInputCheck`), or `bytes.count`.
    init(bytes: UnsafeBufferPointer<UInt8>, end: Int, maxDepth: Int, checksFlowIndentation: Bool = true) {
        self.bytes = bytes
        self.checksFlowIndentation = checksFlowIndentation
        self.end = min(end, bytes.count)
        self.maxDepth = maxDepth
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3; lineStart = 3 }
    }

    // MARK: - Positions and errors

    @inline(__always)
    var column: Int { index - lineStart }

    @inline(__always)
    var position: SourcePosition { SourcePosition(offset: index, line: line, column: index - lineStart + 1) }

    @inline(__always)
    func byteAt(_ offset: Int) -> UInt8 { offset < end ? bytes[offset] : 0 }

    @inline(__always)
    var current: UInt8 { index < end ? bytes[index] : 0 }

    @inline(__always)
    func peek(_ distance: Int) -> UInt8 { byteAt(index + distance) }

    @inline(__always)
    func isBlankOrEnd(at offset: Int) -> Bool { offset >= end || bytes[offset].isWhitespace }

    @inline(__always)
    func isBreakOrEnd(at offset: Int) -> Bool { offset >= end || bytes[offset].isBreak }

    /// An error at the current position; at the cut-off point it names the unreadable byte instead.
    func error(_ message: String) -> YAMLSyntaxError {
        if index >= end, end < bytes.count { return unreadableByteError() }
        return YAMLSyntaxError(message: message, position: position)
    }

    func tabError() -> YAMLSyntaxError {
        YAMLSyntaxError(message: "found a tab character where indentation is expected", position: tabPosition)
    }

    func unreadableByteError() -> YAMLSyntaxError {
        let byte = bytes[end]
        let position = SourcePosition(offset: end, line: line, column: end - lineStart + 1)
        if byte < 0x80 {
            let hex = String(byte, radix: 16, uppercase: true)
            return YAMLSyntaxError(message: "found a control character (U+\(hex.count < 2 ? "0" + hex : hex)) that YAML does not allow", position: position)
        }
        return YAMLSyntaxError(message: "found a byte sequence that is not valid UTF-8", position: position)
    }

    /// Consumes one line break (`\n`, `\r\n` or `\r`) and starts the next line.
    mutating func consumeBreak() {
        if current == .carriageReturn, peek(1) == .lineFeed { index += 2 } else { index += 1 }
        line += 1
        lineStart = index
    }

    // MARK: - Dispatch

    mutating func fetchMoreTokens() throws(YAMLSyntaxError) {
        if !streamStarted {
            streamStarted = true
            append(.streamStart, from: position)
            return
        }
        try scanToNextToken()
        try fetchNextToken()
    }

    /// The token at the current position, white space and comments before it already skipped.
    mutating func fetchNextToken() throws(YAMLSyntaxError) {
        staleSimpleKeys()
        let onTabLine = flowLevel == 0 && tabIndentedLine == line
        let afterIndicator = lastTokenWasBlockIndicator
        lastTokenWasBlockIndicator = false
        unwindIndent(onTabLine ? tabLineSpaces : column)
        guard index < end else {
            if end < bytes.count { throw unreadableByteError() }
            return fetchStreamEnd()
        }
        let byte = bytes[index]
        let next = peek(1)
        if column == 0 {
            if byte == UInt8(ascii: "%") { return try fetchDirective() }
            if isDocumentMarker(at: index, UInt8(ascii: "-")) { return try fetchDocumentIndicator(start: true) }
            if isDocumentMarker(at: index, UInt8(ascii: ".")) { return try fetchDocumentIndicator(start: false) }
        }
        let lastJSONLike = lastTokenWasJSONLike
        lastTokenWasJSONLike = false
        previousScalarLines = lastScalarLines
        lastScalarLines = nil
        // Block structure cannot start where a tab stands for indentation.
        let tabbed = onTabLine || (flowLevel == 0 && afterIndicator && tabBeforeToken)
        if flowLevel == 0, tokenStartsLine, (onTabLine ? tabLineSpaces : column) <= indent,
           byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
            lowPropertyPosition = position
        }
        switch byte {
        case UInt8(ascii: "["): return try fetchFlowCollectionStart(.flowSequenceStart)
        case UInt8(ascii: "{"): return try fetchFlowCollectionStart(.flowMappingStart)
        case UInt8(ascii: "]"): return try fetchFlowCollectionEnd(.flowSequenceEnd)
        case UInt8(ascii: "}"): return try fetchFlowCollectionEnd(.flowMappingEnd)
        case UInt8(ascii: ","): return try fetchFlowEntry()
        case UInt8(ascii: "-") where isBlankOrEnd(at: index + 1): return try fetchBlockEntry(onTabLine: tabbed)
        case UInt8(ascii: "?") where isBlankOrEnd(at: index + 1): return try fetchKey(onTabLine: tabbed)
        case UInt8(ascii: ":") where isBlankOrEnd(at: index + 1)
            || (flowLevel > 0 && (next.isFlowIndicator || lastJSONLike)):
            return try fetchValue(onTabLine: tabbed)
        case UInt8(ascii: "*"): return try fetchAnchorOrAlias(alias: true, onTabLine: tabbed)
        case UInt8(ascii: "&"): return try fetchAnchorOrAlias(alias: false, onTabLine: tabbed)
        case UInt8(ascii: "!"): return try fetchTag(onTabLine: tabbed)
        case UInt8(ascii: "|") where flowLevel == 0: return try fetchBlockScalar(folded: false)
        case UInt8(ascii: ">") where flowLevel == 0: return try fetchBlockScalar(folded: true)
        case UInt8(ascii: "'"): return try fetchQuotedScalar(double: false, onTabLine: tabbed)
        case UInt8(ascii: "\""): return try fetchQuotedScalar(double: true, onTabLine: tabbed)
        default:
            if canStartPlainScalar(byte, next: next) { return try fetchPlainScalar(onTabLine: tabbed) }
            if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "`") {
                throw error("a plain scalar cannot start with the reserved character '\(Character(Unicode.Scalar(byte)))'")
            }
            if byte == UInt8(ascii: "\t") { throw error("found a tab character where indentation is expected") }
            throw error("found a character that cannot start any token")
        }
    }

    /// `next`: the byte after `byte` (0 at the end: no readable byte is 0).
    @inline(__always)
    func canStartPlainScalar(_ byte: UInt8, next: UInt8) -> Bool {
        YAMLScanner.canStartPlainScalar(byte, next: next, inFlow: flowLevel > 0)
    }

    // Static, so that calls from mutating methods do not copy the scanner to pass `self`.
    static func canStartPlainScalar(_ byte: UInt8, next: UInt8, inFlow: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            return next != 0 && !next.isWhitespace && !(inFlow && next.isFlowIndicator)
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
             UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return false
        default:
            return !byte.isWhitespace
        }
    }

    @inline(__always)
    func isDocumentMarker(at offset: Int, _ marker: UInt8) -> Bool {
        YAMLScanner.isDocumentMarker(bytes, end: end, at: offset, marker)
    }

    static func isDocumentMarker(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, at offset: Int, _ marker: UInt8) -> Bool {
        offset + 2 < end && bytes[offset] == marker && bytes[offset + 1] == marker && bytes[offset + 2] == marker
            && (offset + 3 >= end || bytes[offset + 3].isWhitespace)
    }

    // MARK: - Simple keys

    /// A possible simple key that can no longer be one (it spans lines or is too long) is dropped;
    /// if it had to be a key, that is an error reported when the scanner next needs it.
    mutating func staleSimpleKeys() {
        if possibleSimpleKeys == 0 { return }
        if flowLevel == 0 {
            // Block context: the one level there is.
            if let key = simpleKeys[0], key.position.line != line || index - key.position.offset > 1024 {
                setSimpleKey(nil, at: 0)
            }
            return
        }
        for level in simpleKeys.indices {
            guard let key = simpleKeys[level] else { continue }
            if key.position.line != line || index - key.position.offset > 1024 {
                setSimpleKey(nil, at: level)
            }
        }
    }

    mutating func setSimpleKey(_ key: SimpleKey?, at level: Int) {
        if simpleKeys[level] != nil { possibleSimpleKeys -= 1 }
        if key != nil { possibleSimpleKeys += 1 }
        simpleKeys[level] = key
    }

    mutating func saveSimpleKey(onTabLine: Bool) throws(YAMLSyntaxError) {
        let required = flowLevel == 0 && indent == column
        guard allowSimpleKey else { return }
        // What removeSimpleKey and setSimpleKey do, with one look at the slot.
        if let key = simpleKeys[flowLevel] {
            if key.required {
                throw YAMLSyntaxError(message: "could not find the ':' that should follow this implicit key", position: key.position)
            }
        } else {
            possibleSimpleKeys += 1
        }
        simpleKeys[flowLevel] = SimpleKey(
            tokenNumber: tokensTaken + tokens.count - head, required: required, position: position,
            tabPosition: onTabLine ? tabPosition : nil)
    }

    mutating func removeSimpleKey() throws(YAMLSyntaxError) {
        if let key = simpleKeys[flowLevel], key.required {
            throw YAMLSyntaxError(message: "could not find the ':' that should follow this implicit key", position: key.position)
        }
        setSimpleKey(nil, at: flowLevel)
    }

    // MARK: - Indentation

    mutating func unwindIndent(_ column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column {
            append(.blockEnd, from: position)
            indent = indents.removeLast()
        }
    }

    mutating func addIndent(_ column: Int) throws(YAMLSyntaxError) -> Bool {
        guard indent < column else { return false }
        guard indents.count < maxDepth else { throw error("nesting is deeper than \(maxDepth) levels") }
        indents.append(indent)
        indent = column
        return true
    }

    /// One level deeper in flow context: no simple key possible there yet.
    mutating func enterFlowLevel() {
        flowLevel += 1
        simpleKeys.append(nil)
    }

    /// Back out of a flow level, dropping the simple key possible there.
    mutating func leaveFlowLevel() {
        setSimpleKey(nil, at: flowLevel)
        flowLevel -= 1
        simpleKeys.removeLast()
    }
}
