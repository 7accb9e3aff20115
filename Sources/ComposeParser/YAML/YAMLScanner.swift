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

    // MARK: - Token queue

    mutating func peekToken() throws(YAMLSyntaxError) -> YAMLToken {
        while needMoreTokens() { try fetchMoreTokens() }
        return tokens[head]
    }

    mutating func peekHead() throws(YAMLSyntaxError) -> YAMLTokenHead {
        while needMoreTokens() { try fetchMoreTokens() }
        return YAMLTokenHead(kind: tokens[head].kind, start: tokens[head].start, end: tokens[head].end)
    }

    /// Takes the next token without copying its text; returns its kind and end.
    /// Takes the token the builder just peeked: nothing was scanned since, so whether more tokens
    /// are needed (a KEY to insert before it) has already been settled.
    mutating func skipToken() throws(YAMLSyntaxError) -> (YAMLToken.Kind, SourcePosition) {
        if head == tokens.count {
            while needMoreTokens() { try fetchMoreTokens() }
        }
        let taken = (tokens[head].kind, tokens[head].end)
        head += 1
        tokensTaken += 1
        return taken
    }

    /// Takes the token the builder just peeked, with its text (see `skipToken`).
    mutating func takePeekedToken() throws(YAMLSyntaxError) -> YAMLToken {
        if head == tokens.count {
            while needMoreTokens() { try fetchMoreTokens() }
        }
        let token = tokens[head]
        head += 1
        tokensTaken += 1
        return token
    }

    mutating func nextToken() throws(YAMLSyntaxError) -> YAMLToken {
        let token = try peekToken()
        head += 1
        tokensTaken += 1
        return token
    }

    mutating func needMoreTokens() -> Bool {
        if streamEnded { return false }
        if head == tokens.count {
            if head >= 256 {
                tokens.removeAll(keepingCapacity: true)
                tokenTexts.removeAll(keepingCapacity: true)
                head = 0
            }
            return true
        }
        if possibleSimpleKeys == 0 { return false }
        staleSimpleKeys()
        return nextPossibleSimpleKeyNumber() == tokensTaken
    }

    func nextPossibleSimpleKeyNumber() -> Int? {
        for key in simpleKeys { if let key { return key.tokenNumber } }
        return nil
    }

    /// A token carrying text (scalar value, name, tag handle and suffix).
    mutating func makeToken(_ kind: YAMLToken.Kind, from start: SourcePosition, to end: SourcePosition, text: String,
                            suffix: String? = nil, style: YAMLScalarStyle = .plain) -> YAMLToken {
        var token = YAMLToken(kind: kind, start: start, end: end)
        token.textIndex = Int32(truncatingIfNeeded: tokenTexts.count)
        tokenTexts.append(text)
        if let suffix {
            token.suffixIndex = Int32(truncatingIfNeeded: tokenTexts.count)
            tokenTexts.append(suffix)
        }
        token.style = style
        return token
    }

    /// A scalar token whose value (valid UTF-8) differs from its source text: the value was
    /// appended to `scalarValues` from `valueStart` on.
    func makeValueToken(from start: SourcePosition, to end: SourcePosition, valueStart: Int,
                        style: YAMLScalarStyle) -> YAMLToken {
        var token = YAMLToken(kind: .scalar, start: start, end: end)
        token.valueStart = Int32(truncatingIfNeeded: valueStart)
        token.valueLength = Int32(truncatingIfNeeded: scalarValues.count - valueStart)
        token.style = style
        return token
    }

    /// A scalar token whose value is its source text (without the quotes of a quoted style):
    /// no String is made; the tree builder's node keeps the place instead.
    func makeSliceToken(from start: SourcePosition, to end: SourcePosition, style: YAMLScalarStyle) -> YAMLToken {
        var token = YAMLToken(kind: .scalar, start: start, end: end)
        token.style = style
        return token
    }

    /// The text of a token just taken or still queued.
    func text(of token: YAMLToken) -> String {
        token.textIndex >= 0 && Int(token.textIndex) < tokenTexts.count ? tokenTexts[Int(token.textIndex)] : ""
    }

    func suffix(of token: YAMLToken) -> String {
        token.suffixIndex >= 0 && Int(token.suffixIndex) < tokenTexts.count ? tokenTexts[Int(token.suffixIndex)] : ""
    }

    /// Inserts a token (KEY, block mapping start) before queued ones: almost always just before
    /// the last one (the key's scalar), so appending and swapping beats a general insert.
    mutating func insertToken(_ token: YAMLToken, at position: Int) {
        tokens.append(token)
        var index = tokens.count - 1
        while index > position {
            tokens.swapAt(index, index - 1)
            index -= 1
        }
    }

    mutating func append(_ kind: YAMLToken.Kind, from start: SourcePosition) {
        tokens.append(YAMLToken(kind: kind, start: start, end: position))
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

    // MARK: - White space and comments

    /// Skips white space, line breaks and comments up to the next token, recording comments.
    mutating func scanToNextToken() throws(YAMLSyntaxError) {
        while true {
            let lineBegins = index == lineStart
            let whitespaceStart = index
            // Spaces only, the common case, eight at a time, then byte by byte; tabs and a byte order
            // mark below.
            skipSpaces()
            var spaces = index - whitespaceStart
            var sawTab = false
            if index < end, bytes[index] == .tab || (index == 0 && bytes[index] == 0xEF) {
                while index < end {
                    let byte = bytes[index]
                    if byte == .space {
                        if !sawTab { spaces += 1 }
                    } else if byte == .tab {
                        if !sawTab { tabPosition = position }
                        sawTab = true
                    } else if index == 0, byte == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF {
                        index += 2
                    } else {
                        break
                    }
                    index += 1
                }
            }
            if current == UInt8(ascii: "#") {
                if index > 0, index == whitespaceStart, !lineBegins, !bytes[index - 1].isWhitespace {
                    throw error("a comment must be separated from other tokens by white space")
                }
                scanComment(ownLine: lineBegins && whitespaceStart == lineStart)
            }
            tabBeforeToken = sawTab
            tokenStartsLine = lineBegins
            if index < end, bytes[index].isBreak {
                if let low = lowPropertyPosition {
                    throw YAMLSyntaxError(message: "a node's properties must be indented more than its parent collection", position: low)
                }
                consumeBreak()
                if flowLevel == 0 { allowSimpleKey = true }
                continue
            }
            if lineBegins, sawTab, flowLevel == 0 {
                tabIndentedLine = line
                tabLineSpaces = spaces
            }
            if lineBegins, flowLevel > 0, checksFlowIndentation, index < end, spaces <= indent, !sawTab || spaces <= indent {
                throw error("a flow collection's lines must be indented more than the enclosing block")
            }
            return
        }
    }

    /// Moves past spaces (only ' '), a word of eight bytes at a time while it lasts.
    @inline(__always)
    mutating func skipSpaces() {
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= end {
                let others = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ 0x2020_2020_2020_2020
                if others != 0 {
                    // The first byte that is not a space: the lowest non-zero byte.
                    index += others.trailingZeroBitCount / 8
                    return
                }
                index += 8
            }
        }
        while index < end, bytes[index] == .space { index += 1 }
    }

    mutating func scanComment(ownLine: Bool) {
        let start = position
        index += 1
        let textStart = index
        while index < end, !bytes[index].isBreak { index += 1 }
        let text = String(decoding: bytes[textStart..<index], as: UTF8.self)
        comments.append(YAMLComment(text: text, range: SourceRange(start: start, end: position), ownLine: ownLine))
    }

    /// After a directive, a block scalar header or `...`: only white space and a comment may follow.
    mutating func expectLineEnd(after what: String) throws(YAMLSyntaxError) {
        let before = index
        while index < end, bytes[index].isBlank { index += 1 }
        if current == UInt8(ascii: "#") {
            if index == before { throw error("a comment must be separated from \(what) by white space") }
            scanComment(ownLine: false)
        }
        guard isBreakOrEnd(at: index) else { throw error("expected a comment or a line break after \(what)") }
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

    // MARK: - Structure tokens

    mutating func fetchStreamEnd() {
        unwindIndent(-1)
        setSimpleKey(nil, at: flowLevel)
        allowSimpleKey = false
        append(.streamEnd, from: position)
        streamEnded = true
    }

    mutating func fetchDocumentIndicator(start: Bool) throws(YAMLSyntaxError) {
        unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        let from = position
        index += 3
        append(start ? .documentStart : .documentEnd, from: from)
        if !start { try expectLineEnd(after: "a document end marker '...'") }
    }

    mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try saveSimpleKey(onTabLine: false)
        guard flowLevel < maxDepth else { throw error("nesting is deeper than \(maxDepth) levels") }
        flowLevel += 1
        simpleKeys.append(nil)
        allowSimpleKey = true
        let from = position
        index += 1
        append(kind, from: from)
    }

    mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) {
        try removeSimpleKey()
        if flowLevel > 0 {
            setSimpleKey(nil, at: flowLevel)
            flowLevel -= 1
            simpleKeys.removeLast()
        }
        allowSimpleKey = false
        lastTokenWasJSONLike = true
        let from = position
        index += 1
        append(kind, from: from)
    }

    mutating func fetchFlowEntry() throws(YAMLSyntaxError) {
        allowSimpleKey = true
        try removeSimpleKey()
        let from = position
        index += 1
        append(.flowEntry, from: from)
    }

    mutating func fetchBlockEntry(onTabLine: Bool) throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            if onTabLine { throw tabError() }
            guard allowSimpleKey else { throw error("sequence entries are not allowed here") }
            if try addIndent(column) { append(.blockSequenceStart, from: position) }
            lastTokenWasBlockIndicator = true
        }
        allowSimpleKey = true
        try removeSimpleKey()
        let from = position
        index += 1
        append(.blockEntry, from: from)
    }

    mutating func fetchKey(onTabLine: Bool) throws(YAMLSyntaxError) {
        if flowLevel == 0 {
            if onTabLine { throw tabError() }
            guard allowSimpleKey else { throw error("mapping keys are not allowed here") }
            if try addIndent(column) { append(.blockMappingStart, from: position) }
            lastTokenWasBlockIndicator = true
        }
        allowSimpleKey = flowLevel == 0
        try removeSimpleKey()
        let from = position
        index += 1
        append(.key, from: from)
    }

    mutating func fetchValue(onTabLine: Bool) throws(YAMLSyntaxError) {
        if let key = simpleKeys[flowLevel] {
            // The remembered position was a key after all: insert KEY (and a mapping start) there.
            setSimpleKey(nil, at: flowLevel)
            if lowPropertyPosition == key.position { lowPropertyPosition = nil }
            let at = key.tokenNumber - tokensTaken + head
            insertToken(YAMLToken(kind: .key, start: key.position, end: key.position), at: at)
            if flowLevel == 0 {
                if let tab = key.tabPosition { throw YAMLSyntaxError(message: "found a tab character where indentation is expected", position: tab) }
                if try addIndent(key.position.column - 1) {
                    insertToken(YAMLToken(kind: .blockMappingStart, start: key.position, end: key.position), at: at)
                }
            }
            allowSimpleKey = false
        } else {
            if flowLevel == 0 {
                if onTabLine { throw tabError() }
                guard allowSimpleKey else { throw error("mapping values are not allowed here") }
                if let lines = previousScalarLines, lines.first < line, lines.last == line {
                    throw error("mapping values are not allowed here (an implicit key cannot span lines)")
                }
                if try addIndent(column) { append(.blockMappingStart, from: position) }
            }
            allowSimpleKey = flowLevel == 0
            try removeSimpleKey()
        }
        let from = position
        index += 1
        append(.value, from: from)
        lastTokenWasBlockIndicator = flowLevel == 0
    }

    /// Whether `onTabLine` content may stand where it is: tabs may follow at least one space of
    /// indentation more than the enclosing block's, never replace it.
    @inline(__always)
    func checkTabIndentation() throws(YAMLSyntaxError) {
        if flowLevel == 0, tabIndentedLine == line, tabLineSpaces <= indent { throw tabError() }
    }

    mutating func fetchAnchorOrAlias(alias: Bool, onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let from = position
        index += 1
        let nameStart = index
        while index < end, !bytes[index].isWhitespace, !bytes[index].isFlowIndicator { index += 1 }
        guard index > nameStart else {
            throw error(alias ? "an alias needs a name after '*'" : "an anchor needs a name after '&'")
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        tokens.append(makeToken(alias ? .alias : .anchor, from: from, to: position, text: name))
    }

    mutating func fetchBlockScalar(folded: Bool) throws(YAMLSyntaxError) {
        allowSimpleKey = true
        try removeSimpleKey()
        let token = try scanBlockScalar(folded: folded)
        tokens.append(token)
    }

    mutating func fetchQuotedScalar(double: Bool, onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let token = try scanQuotedScalar(double: double)
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
        lastTokenWasJSONLike = true
    }

    mutating func fetchPlainScalar(onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        if flowLevel == 0, allowSimpleKey, possibleSimpleKeys == 0, !onTabLine {
            return try fetchBlockPlainScalar()
        }
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let token = try scanPlainScalar()
        tokens.append(token)
        lastScalarLines = (token.start.line, token.end.line)
    }
}
