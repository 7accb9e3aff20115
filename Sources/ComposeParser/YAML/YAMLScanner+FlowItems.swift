import SourceSupport

// Flow sequences of scalars, `[ "a", b ]`, without the general simple-key bookkeeping: a scalar
// item followed on its line by ',' or ']' cannot be a key, so no key is saved for it. The tokens
// and errors are those the general way gives.
extension YAMLScanner {
    enum FastFlowItem {
        /// Nothing taken here: the next tokens are queued as usual.
        case queued
        /// The ',' before the next item was taken (ending at the position given), then the item's
        /// tokens were queued as usual.
        case commaThenQueued(SourcePosition)
        /// A scalar item counted as taken, after a ',' ending at the position given if one was due.
        case item(YAMLToken, commaEnd: SourcePosition?)
        /// The ']' that ends the sequence, where an item was read: taken (it ends at the position given).
        case end(SourcePosition)
    }

    /// The tree builder, in a flow sequence with nothing queued, asks for its next item here;
    /// `needsComma`: an item was read, so ',' must come first.
    mutating func fetchFastFlowItem(needsComma: Bool) throws(YAMLSyntaxError) -> FastFlowItem {
        guard head == tokens.count, streamStarted, !streamEnded, flowLevel > 0, possibleSimpleKeys == 0 else { return .queued }
        if head >= 256 {
            tokens.removeAll(keepingCapacity: true)
            tokenTexts.removeAll(keepingCapacity: true)
            head = 0
        }
        var commaEnd: SourcePosition?
        if needsComma {
            try scanToNextToken()
            if index < end, column > 0, bytes[index] == UInt8(ascii: "]") {
                // What `fetchNextToken` and `fetchFlowCollectionEnd` do for ']' (no key is pending).
                beginShortcutToken()
                leaveFlowLevel()
                allowSimpleKey = false
                lastTokenWasJSONLike = true
                index += 1
                tokensTaken += 1
                return .end(position)
            }
            guard index < end, column > 0, bytes[index] == UInt8(ascii: ",") else {
                try fetchNextToken()
                return .queued
            }
            // What `fetchNextToken` and `fetchFlowEntry` do for ',' (no key is pending).
            beginShortcutToken()
            allowSimpleKey = true
            index += 1
            tokensTaken += 1
            commaEnd = position
        }
        try scanToNextToken()
        guard index < end, column > 0, allowSimpleKey else {
            try fetchNextToken()
            return commaEnd.map { .commaThenQueued($0) } ?? .queued
        }
        let byte = bytes[index]
        let quoted = byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        guard quoted || (byte != UInt8(ascii: "-") && byte != UInt8(ascii: "?") && byte != UInt8(ascii: ":")
                         && canStartPlainScalar(byte, next: peek(1))) else {
            try fetchNextToken()
            return commaEnd.map { .commaThenQueued($0) } ?? .queued
        }
        // What `fetchNextToken` and `fetchQuotedScalar` / `fetchPlainScalar` do, but the key saved
        // before the scalar is saved after it, and only if it may be one.
        beginShortcutToken()
        let start = position
        let keyNumber = tokensTaken + tokens.count - head
        allowSimpleKey = false
        let token = quoted ? try scanQuotedScalar(double: byte == UInt8(ascii: "\"")) : try scanPlainScalar()
        lastScalarLines = (token.start.line, token.end.line)
        lastTokenWasJSONLike = quoted
        var probe = index
        while probe < end, bytes[probe] == .space { probe += 1 }
        if probe < end, bytes[probe] == UInt8(ascii: ",") || bytes[probe] == UInt8(ascii: "]") {
            // ',' or ']' next removes a possible key without a word (not required in flow context).
            tokensTaken += 1
            return .item(token, commaEnd: commaEnd)
        }
        setSimpleKey(SimpleKey(tokenNumber: keyNumber, required: false, position: start, tabPosition: nil), at: flowLevel)
        tokens.append(token)
        return commaEnd.map { .commaThenQueued($0) } ?? .queued
    }
}
