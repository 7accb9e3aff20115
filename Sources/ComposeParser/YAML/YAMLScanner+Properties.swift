import SourceSupport

// Directives (`%YAML`, `%TAG`, reserved ones) and tags (`!local`, `!!str`, `!h!suffix`, `!<uri>`).
extension YAMLScanner {
    mutating func fetchDirective() throws(YAMLSyntaxError) {
        unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        let from = position
        index += 1
        let nameStart = index
        while index < end, !bytes[index].isWhitespace { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        switch name {
        case "YAML":
            try skipDirectiveSeparator()
            let major = try scanVersionNumber()
            guard current == UInt8(ascii: ".") else { throw error("expected a version like 1.2 in the %YAML directive") }
            index += 1
            let minor = try scanVersionNumber()
            guard isBlankOrEnd(at: index) else { throw error("expected a version like 1.2 in the %YAML directive") }
            append(.versionDirective, from: from)
            tokens[tokens.count - 1].version = Int32(truncatingIfNeeded: major)
            _ = minor
        case "TAG":
            try skipDirectiveSeparator()
            let handle = try scanTagHandle()
            guard isBlankOrEnd(at: index), !isBreakOrEnd(at: index) else { throw error("expected white space after the %TAG handle") }
            try skipDirectiveSeparator()
            let prefixStart = index
            while index < end, !bytes[index].isWhitespace {
                guard isURICharacter(bytes[index]) else { throw error("found a character that is not allowed in a tag prefix") }
                index += 1
            }
            let prefix = try decodeURI(bytes[prefixStart..<index])
            tokens.append(makeToken(.tagDirective, from: from, to: position, text: handle, suffix: prefix))
        default:
            // Reserved directive: ignored, its parameters included.
            while index < end, !bytes[index].isBreak, !(bytes[index] == UInt8(ascii: "#") && bytes[index - 1].isBlank) { index += 1 }
            while index > nameStart, bytes[index - 1].isBlank { index -= 1 }
            append(.reservedDirective, from: from)
        }
        try expectLineEnd(after: "a directive")
    }

    mutating func skipDirectiveSeparator() throws(YAMLSyntaxError) {
        guard current.isBlank else { throw error("expected white space in the directive") }
        while current.isBlank { index += 1 }
    }

    mutating func scanVersionNumber() throws(YAMLSyntaxError) -> Int {
        var value = 0
        let start = index
        while current.isDecimalDigit, index - start < 9 {
            value = value * 10 + Int(current - 0x30)
            index += 1
        }
        guard index > start else { throw error("expected a version number in the %YAML directive") }
        return value
    }

    /// `!`, `!!` or `!name!`.
    mutating func scanTagHandle() throws(YAMLSyntaxError) -> String {
        guard current == UInt8(ascii: "!") else { throw error("expected a tag handle starting with '!'") }
        let start = index
        index += 1
        while current.isWordCharacter { index += 1 }
        if current == UInt8(ascii: "!") {
            index += 1
        } else if index - start > 1 {
            throw error("expected '!' to end the tag handle")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    func isURICharacter(_ byte: UInt8) -> Bool {
        if byte.isWordCharacter || byte >= 0x80 { return true }
        switch byte {
        case UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "/"), UInt8(ascii: "?"),
             UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "+"),
             UInt8(ascii: "$"), UInt8(ascii: ","), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"),
             UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    /// Decodes `%XX` escapes of a tag or prefix.
    func decodeURI(_ slice: Slice<UnsafeBufferPointer<UInt8>>) throws(YAMLSyntaxError) -> String {
        guard slice.contains(UInt8(ascii: "%")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        var offset = slice.startIndex
        while offset < slice.endIndex {
            let byte = slice[offset]
            if byte == UInt8(ascii: "%") {
                guard offset + 2 < slice.endIndex + 0, slice[offset + 1].isHexDigit, slice[offset + 2].isHexDigit else {
                    throw YAMLSyntaxError(message: "expected two hexadecimal digits after '%' in a tag", position: position)
                }
                out.append(UInt8(slice[offset + 1].hexDigitValue << 4 | slice[offset + 2].hexDigitValue))
                offset += 3
            } else {
                out.append(byte)
                offset += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func fetchTag(onTabLine: Bool) throws(YAMLSyntaxError) {
        try checkTabIndentation()
        try saveSimpleKey(onTabLine: onTabLine)
        allowSimpleKey = false
        let from = position
        let handle: String
        let suffix: String
        if peek(1) == UInt8(ascii: "<") {
            index += 2
            let uriStart = index
            while index < end, bytes[index] != UInt8(ascii: ">") {
                guard isURICharacter(bytes[index]) else { throw error("found a character that is not allowed in a verbatim tag") }
                index += 1
            }
            guard index < end, index > uriStart else { throw error("expected '>' to end the verbatim tag") }
            suffix = try decodeURI(bytes[uriStart..<index])
            handle = ""
            index += 1
        } else {
            // `!name!suffix` if a second '!' ends a word, else `!suffix` (or `!!suffix`).
            var probe = index + 1
            while probe < end, bytes[probe].isWordCharacter { probe += 1 }
            let handleEnd = probe < end && bytes[probe] == UInt8(ascii: "!") ? probe + 1 : index + 1
            handle = String(decoding: bytes[index..<handleEnd], as: UTF8.self)
            index = handleEnd
            let suffixStart = index
            while index < end, !bytes[index].isWhitespace, isURICharacter(bytes[index]),
                  !bytes[index].isFlowIndicator, bytes[index] != UInt8(ascii: "!") {
                index += 1
            }
            suffix = try decodeURI(bytes[suffixStart..<index])
            if suffix.isEmpty, handle != "!" { throw error("a tag needs a suffix after its handle") }
        }
        guard isBlankOrEnd(at: index) || (flowLevel > 0 && current.isFlowIndicator) else {
            throw error("expected white space after a tag")
        }
        tokens.append(makeToken(.tag, from: from, to: position, text: handle, suffix: suffix))
    }
}
