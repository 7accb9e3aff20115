import SourceSupport

// The token queue between the scanner and the tree builder: tokens are scanned when the builder
// peeks, and a KEY (with a block mapping start) may be inserted before queued ones when a ':'
// shows that a simple key began there.
extension YAMLScanner {
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
}
