/// Expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}` (and
/// `${VAR:?word}`, `${VAR?word}`) the way BuildKit expands instruction arguments: quotes are removed,
/// single quotes stop expansion, the escape character keeps the next character, unset variables
/// become empty. Records which variables were used and which had no value.
public struct ExpansionResult: Hashable, Sendable {
    public var value: String
    /// Every variable referenced, in order, without duplicates.
    public var usedVariables: [String]
    /// Referenced variables that had no value in the scope (and no default applied instead).
    public var unresolvedVariables: [String]
}

public enum VariableExpansion {
    public static func expand(_ text: String, in scope: VariableScope, escape: UInt8 = UInt8(ascii: "\\")) -> ExpansionResult {
        // Most values hold no `$`, quote or escape: they expand to themselves (no byte copy, no scan state).
        let isPlain = !text.utf8.contains { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escape }
        if isPlain { return ExpansionResult(value: text, usedVariables: [], unresolvedVariables: []) }
        var expander = Expander(bytes: Array(text.utf8), scope: scope, escape: escape)
        let value = expander.expandWord(until: nil)
        return ExpansionResult(value: String(decoding: value, as: UTF8.self), usedVariables: expander.used, unresolvedVariables: expander.unresolved)
    }

    /// The expanded value of `bytes` (what `expand(...).value` gives for their text), without
    /// making a string of the text first.
    static func expandedValue(_ bytes: ArraySlice<UInt8>, in scope: VariableScope, escape: UInt8) -> String {
        let isPlain = !bytes.contains { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escape }
        if isPlain { return String(decoding: bytes, as: UTF8.self) }
        // The expander reads UTF-8 as the text's `utf8` view would give it (invalid bytes repaired).
        let text = bytes.allSatisfy { $0 < 0x80 } ? Array(bytes) : Array(String(decoding: bytes, as: UTF8.self).utf8)
        var expander = Expander(bytes: text, scope: scope, escape: escape)
        return String(decoding: expander.expandWord(until: nil), as: UTF8.self)
    }

    /// Names referenced by `$NAME` / `${NAME...}` in `text` (outside single quotes), without expanding.
    public static func referencedVariables(in text: String, escape: UInt8 = UInt8(ascii: "\\")) -> [String] {
        expand(text, in: VariableScope(), escape: escape).usedVariables
    }

    private struct Expander {
        let bytes: [UInt8]
        let scope: VariableScope
        let escape: UInt8
        var index = 0
        var used: [String] = []
        var unresolved: [String] = []
        var depth = 0

        init(bytes: [UInt8], scope: VariableScope, escape: UInt8) {
            self.bytes = bytes
            self.scope = scope
            self.escape = escape
        }

        /// Expands up to `terminator` (a `}` ending a `${...}` word) or the end.
        mutating func expandWord(until terminator: UInt8?) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count - index + 32)
            var inDouble = false
            let stop = terminator ?? UInt8(ascii: "$")
            while index < bytes.count {
                // Copy a run of ordinary bytes at once.
                var run = index
                while run < bytes.count {
                    let byte = bytes[run]
                    if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == escape || byte == stop { break }
                    run += 1
                }
                if run > index {
                    out.append(contentsOf: bytes[index..<run])
                    index = run
                    continue
                }
                let byte = bytes[index]
                if let terminator, byte == terminator, !inDouble { return out }
                if byte == escape {
                    if index + 1 < bytes.count {
                        let next = bytes[index + 1]
                        if inDouble && next != UInt8(ascii: "\"") && next != UInt8(ascii: "$") && next != escape {
                            out.append(byte)
                        }
                        out.append(next)
                        index += 2
                    } else {
                        index += 1
                    }
                    continue
                }
                if byte == UInt8(ascii: "'") && !inDouble {
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "'") { out.append(bytes[index]); index += 1 }
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\"") { inDouble.toggle(); index += 1; continue }
                if byte == UInt8(ascii: "$") {
                    expandDollar(into: &out)
                    continue
                }
                out.append(byte)
                index += 1
            }
            return out
        }

        mutating func note(_ name: String, resolved: Bool) {
            if !used.contains(name) { used.append(name) }
            if !resolved, !unresolved.contains(name) { unresolved.append(name) }
        }

        /// Appends the expansion of the `$...` at `index` to `out`.
        mutating func expandDollar(into out: inout [UInt8]) {
            index += 1
            guard index < bytes.count else { out.append(UInt8(ascii: "$")); return }
            if ByteClass.isNameStart(bytes[index]) {
                let start = index
                while index < bytes.count, ByteClass.isNameCharacter(bytes[index]) { index += 1 }
                let name = ByteClass.string(bytes, start, index)
                let value = scope.value(of: name)
                note(name, resolved: value != nil)
                out.append(contentsOf: (value ?? "").utf8)
                return
            }
            guard bytes[index] == UInt8(ascii: "{") else { out.append(UInt8(ascii: "$")); return }
            let braceStart = index
            index += 1
            let nameStart = index
            while index < bytes.count, ByteClass.isNameCharacter(bytes[index]) { index += 1 }
            let name = ByteClass.string(bytes, nameStart, index)
            guard !name.isEmpty, index < bytes.count else {
                // Not a valid `${NAME...}`: keep it as written.
                index = braceStart
                out.append(UInt8(ascii: "$"))
                return
            }
            let value = scope.value(of: name)
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                note(name, resolved: value != nil)
                out.append(contentsOf: (value ?? "").utf8)
                return
            }
            var colon = false
            if bytes[index] == UInt8(ascii: ":") { colon = true; index += 1 }
            guard index < bytes.count else { return }
            let modifier = bytes[index]
            index += 1
            depth += 1
            let word = depth < 64 ? expandWord(until: UInt8(ascii: "}")) : []
            depth -= 1
            if index < bytes.count { index += 1 }  // the closing brace
            let isSet = value != nil
            let isSetAndNonEmpty = isSet && !(value ?? "").isEmpty
            let present = colon ? isSetAndNonEmpty : isSet
            switch modifier {
            case UInt8(ascii: "-"):
                note(name, resolved: true)
                if present { out.append(contentsOf: (value ?? "").utf8) } else { out += word }
            case UInt8(ascii: "+"):
                note(name, resolved: true)
                if present { out += word }
            case UInt8(ascii: "?"):
                note(name, resolved: present)
                out.append(contentsOf: (value ?? "").utf8)
                return
            default:
                note(name, resolved: isSet)
                out.append(contentsOf: (value ?? "").utf8)
                return
            }
        }
    }
}
