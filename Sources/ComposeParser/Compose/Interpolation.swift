/// Compose's variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`, `${VAR+replacement}`, nested templates
/// inside the default/replacement/error text, and `$$` for a literal `$`. A `$` followed by anything
/// else stays literal, as in Compose.
public enum Interpolation {
    public enum Failure: Error, Equatable, Sendable {
        /// Malformed `${...}`.
        case invalidFormat
        /// `${VAR:?message}` / `${VAR?message}` with the variable missing.
        case requiredVariableMissing(name: String, message: String)
    }

    public struct Output: Equatable, Sendable {
        public var text: String
        /// Every variable the template referred to, in order of first use.
        public var variables: [String]
    }

    /// Substitute `template` with `lookup` (nil = unset).
    public static func substitute(_ template: String, lookup: (String) -> String?) -> Result<Output, Failure> {
        var variables: [String] = []
        let bytes = Array(template.utf8)
        do {
            let text = try substitute(bytes[...], lookup: lookup, variables: &variables)
            return .success(Output(text: text, variables: variables))
        } catch {
            return .failure(error)
        }
    }

    /// True when the text has something to substitute (a `$`).
    static func needsSubstitution(_ text: String) -> Bool { text.utf8.contains(UInt8(ascii: "$")) }

    private static func substitute(_ bytes: ArraySlice<UInt8>, lookup: (String) -> String?,
                                   variables: inout [String]) throws(Failure) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "$"), index + 1 < bytes.endIndex else {
                out.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "$") {
                out.append(byte)
                index += 2
            } else if isNameStart(next) {
                var end = index + 1
                while end < bytes.endIndex, isNameByte(bytes[end]) { end += 1 }
                let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                note(name, in: &variables)
                out.append(contentsOf: (lookup(name) ?? "").utf8)
                index = end
            } else if next == UInt8(ascii: "{") {
                guard let close = matchingBrace(bytes, openingAt: index + 1) else { throw .invalidFormat }
                let replacement = try braced(bytes[(index + 2)..<close], lookup: lookup, variables: &variables)
                out.append(contentsOf: replacement.utf8)
                index = close + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func braced(_ body: ArraySlice<UInt8>, lookup: (String) -> String?,
                               variables: inout [String]) throws(Failure) -> String {
        var end = body.startIndex
        guard end < body.endIndex, isNameStart(body[end]) else { throw .invalidFormat }
        while end < body.endIndex, isNameByte(body[end]) { end += 1 }
        let name = String(decoding: body[body.startIndex..<end], as: UTF8.self)
        note(name, in: &variables)
        let value = lookup(name)
        if end == body.endIndex { return value ?? "" }
        var cursor = end
        var colon = false
        if body[cursor] == UInt8(ascii: ":") { colon = true; cursor += 1 }
        guard cursor < body.endIndex else { throw .invalidFormat }
        let operation = body[cursor]
        let argument = body[(cursor + 1)...]
        let isSet = colon ? !(value ?? "").isEmpty : value != nil
        switch operation {
        case UInt8(ascii: "-"):
            return isSet ? (value ?? "") : try substitute(argument, lookup: lookup, variables: &variables)
        case UInt8(ascii: "+"):
            return isSet ? try substitute(argument, lookup: lookup, variables: &variables) : ""
        case UInt8(ascii: "?"):
            if isSet { return value ?? "" }
            let message = try substitute(argument, lookup: lookup, variables: &variables)
            throw .requiredVariableMissing(name: name, message: message)
        default:
            throw .invalidFormat
        }
    }

    /// The index of the `}` closing the `{` at `open`, counting nested braces.
    private static func matchingBrace(_ bytes: ArraySlice<UInt8>, openingAt open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    private static func note(_ name: String, in variables: inout [String]) {
        if !variables.contains(name) { variables.append(name) }
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
