import SourceSupport

/// One lexical unit of YAML, as the scanner hands it to the tree builder. Block structure is
/// already explicit: the scanner turns indentation into start/end tokens, so the builder never
/// looks at columns.
struct YAMLToken {
    /// Payloads live in the token's fields (a flat struct copies cheaply: the parser peeks a lot).
    enum Kind: UInt8 {
        case streamStart, streamEnd
        /// `version`: the major version.
        case versionDirective
        /// `text`: the handle, `suffix`: the prefix.
        case tagDirective
        case reservedDirective
        case documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value
        /// `text`: the name.
        case alias, anchor
        /// `text`: the handle ("" for a verbatim tag, "!" with an empty suffix for the non-specific tag).
        case tag
        /// `style`; the value in `valueStart` / `valueLength`, or the source text (quotes removed).
        case scalar
    }

    var kind: Kind
    var start: SourcePosition
    var end: SourcePosition
    /// Index of the token's text (and tag suffix / %TAG prefix) in the scanner's `tokenTexts`:
    /// tokens stay plain data, cheap to queue and copy.
    var textIndex: Int32 = -1
    var suffixIndex: Int32 = -1
    /// A scalar whose value differs from its text: where the value lies in the scanner's
    /// `scalarValues` (which become the node store's text); -1 when the value is the source slice.
    var valueStart: Int32 = -1
    var valueLength: Int32 = 0
    var style = YAMLScalarStyle.plain
    var version: Int32 = 0

    init(kind: Kind, start: SourcePosition, end: SourcePosition) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    var range: SourceRange { SourceRange(start: start, end: end) }

    /// How an error message names this token.
    var description: String { kind.description }
}

/// The kind and place of the next token, without its text: what the tree builder looks at
/// before it decides to take the token.
struct YAMLTokenHead {
    var kind: YAMLToken.Kind
    var start: SourcePosition
    var end: SourcePosition

    var range: SourceRange { SourceRange(start: start, end: end) }
    var description: String { kind.description }
}

extension YAMLToken.Kind {
    var description: String {
        switch self {
        case .streamStart: return "the start of the stream"
        case .streamEnd: return "the end of the stream"
        case .versionDirective, .tagDirective, .reservedDirective: return "a directive"
        case .documentStart: return "a document start marker '---'"
        case .documentEnd: return "a document end marker '...'"
        case .blockSequenceStart: return "the start of a block sequence"
        case .blockMappingStart: return "the start of a block mapping"
        case .blockEnd: return "the end of a block collection"
        case .flowSequenceStart: return "'['"
        case .flowSequenceEnd: return "']'"
        case .flowMappingStart: return "'{'"
        case .flowMappingEnd: return "'}'"
        case .blockEntry: return "a sequence entry '-'"
        case .flowEntry: return "','"
        case .key: return "a mapping key"
        case .value: return "':'"
        case .alias: return "an alias"
        case .anchor: return "an anchor"
        case .tag: return "a tag"
        case .scalar: return "a scalar"
        }
    }
}

/// A syntax error found while scanning or building the tree.
struct YAMLSyntaxError: Error {
    var message: String
    var position: SourcePosition
}

extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    var isBlank: Bool { self == .space || self == .tab }
    var isBreak: Bool { self == .lineFeed || self == .carriageReturn }
    var isWhitespace: Bool { self == .space || self == .tab || self == .lineFeed || self == .carriageReturn }
    var isFlowIndicator: Bool {
        self == UInt8(ascii: ",") || self == UInt8(ascii: "[") || self == UInt8(ascii: "]")
            || self == UInt8(ascii: "{") || self == UInt8(ascii: "}")
    }
    var isDecimalDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isHexDigit: Bool { isDecimalDigit || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66) }
    var hexDigitValue: UInt32 {
        if isDecimalDigit { return UInt32(self - 0x30) }
        if self >= 0x61 { return UInt32(self - 0x61 + 10) }
        return UInt32(self - 0x41 + 10)
    }
    /// Letters, digits and '-', the characters of a tag handle's name.
    var isWordCharacter: Bool {
        isDecimalDigit || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == UInt8(ascii: "-")
    }
}
