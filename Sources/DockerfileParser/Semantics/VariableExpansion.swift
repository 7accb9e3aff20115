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
        if !needsExpansion(text.utf8, escape: escape) { return ExpansionResult(value: text, usedVariables: [], unresolvedVariables: []) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { input in
            var out = ByteOutput(capacity: input.count)
            defer { out.deallocate() }
            var names = ExpansionNames()
            withUnsafeMutablePointer(to: &names) { names in
                var expander = ByteExpander(bytes: input, lookup: ScopeLookup(scope: scope), escape: escape, names: names)
                expander.expandWord(until: nil, into: &out)
            }
            func strings(_ ranges: [Range<Int>]) -> [String] { ranges.map { String(decoding: UnsafeBufferPointer(rebasing: input[$0]), as: UTF8.self) } }
            return ExpansionResult(value: String(decoding: out.bytes, as: UTF8.self), usedVariables: strings(names.used),
                                   unresolvedVariables: strings(names.unresolved))
        }
    }

    /// Names referenced by `$NAME` / `${NAME...}` in `text` (outside single quotes), without expanding.
    public static func referencedVariables(in text: String, escape: UInt8 = UInt8(ascii: "\\")) -> [String] {
        expand(text, in: VariableScope(), escape: escape).usedVariables
    }

    /// The bytes hold a `$`, a quote or the escape character: expanding them may change them.
    @inline(__always)
    static func needsExpansion<Bytes: Sequence<UInt8>>(_ bytes: Bytes, escape: UInt8) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escape }
    }
}

/// Where an expansion finds variable values: a `VariableScope`, or the analysis's records.
protocol VariableLookup {
    associatedtype Value
    /// Nil when the name is undeclared or declared without a value.
    func value(of name: UnsafeBufferPointer<UInt8>) -> Value?
    func isEmpty(_ value: Value) -> Bool
    func append(_ value: Value, to out: inout ByteOutput)
}

struct ScopeLookup: VariableLookup {
    let scope: VariableScope

    func value(of name: UnsafeBufferPointer<UInt8>) -> String? { scope.value(of: String(decoding: name, as: UTF8.self)) }
    func isEmpty(_ value: String) -> Bool { value.isEmpty }
    func append(_ value: String, to out: inout ByteOutput) {
        var value = value
        value.withUTF8 { out.append($0) }
    }
}

/// `ByteExpander.expandWord(until: nil, into:)` for an input without `$`: quotes removed, escapes
/// applied, nothing read from a scope. One byte loop writing to raw memory, without the run search
/// and the appends of the general case: a quoted ENV value cost 570 instructions the general way.
enum QuoteRemoval {
    /// Writes the expansion of `input` (which holds no `$`) to `out`, which has room for
    /// `input.count` bytes (the expansion is never longer); returns how many it wrote.
    static func apply(_ input: UnsafeBufferPointer<UInt8>, escape: UInt8, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let single = UInt8(ascii: "'"), double = UInt8(ascii: "\"")
        var index = 0, count = 0
        var inDouble = false
        while index < input.count {
            let byte = input[index]
            // Past `'` every byte but the escape is ordinary.
            if byte > single && byte != escape {
                out[count] = byte
                count += 1
                index += 1
            } else if byte == escape {
                // As `expandWord`: inside double quotes only `"`, `$` and the escape itself are escaped.
                if index + 1 < input.count {
                    let next = input[index + 1]
                    if inDouble && next != double && next != UInt8(ascii: "$") && next != escape {
                        out[count] = byte
                        count += 1
                    }
                    out[count] = next
                    count += 1
                }
                index += 2
            } else if byte == single && !inDouble {
                index += 1
                while index < input.count && input[index] != single {
                    out[count] = input[index]
                    count += 1
                    index += 1
                }
                index += 1
            } else if byte == double {
                inDouble.toggle()
                index += 1
            } else {
                out[count] = byte
                count += 1
                index += 1
            }
        }
        return count
    }
}

/// The variables an expansion referenced, as ranges of its input (see `ByteExpander.note`).
struct ExpansionNames {
    /// Every variable referenced, in order, without duplicates.
    var used: [Range<Int>] = []
    /// Those with no value in the scope (and no default applied instead).
    var unresolved: [Range<Int>] = []
}

/// The expansion itself, on bytes, appending to a caller's buffer. Variable names are recorded as
/// ranges of the input (they are ASCII, so bytes compare as their strings do).
struct ByteExpander<Lookup: VariableLookup> {
    let bytes: UnsafeBufferPointer<UInt8>
    let lookup: Lookup
    let escape: UInt8
    /// Where to record the names used (nil for values of ARG and ENV, which need none). A pointer
    /// to the caller's lists rather than lists of its own: with no array to release, an expander
    /// costs nothing to discard (releasing two empty arrays cost 70 instructions an expansion).
    let names: UnsafeMutablePointer<ExpansionNames>?
    var index = 0
    var depth = 0
    /// The input ended inside a construct (quotes, an escape, `${...`), or nesting was cut off:
    /// expanding more text after it would not simply append that text's expansion.
    var endedInside = false

    init(bytes: UnsafeBufferPointer<UInt8>, lookup: Lookup, escape: UInt8, names: UnsafeMutablePointer<ExpansionNames>?) {
        self.bytes = bytes
        self.lookup = lookup
        self.escape = escape
        self.names = names
    }

    /// Expands up to `terminator` (a `}` ending a `${...}` word, left unread) or the end.
    mutating func expandWord(until terminator: UInt8?, into out: inout ByteOutput) {
        var inDouble = false
        let stop = terminator ?? UInt8(ascii: "$")
        while index < bytes.count {
            // Copy a run of ordinary bytes at once.
            let run = ByteSearch.firstIndex(in: bytes, from: index, of: UInt8(ascii: "$"), UInt8(ascii: "'"), UInt8(ascii: "\""), escape, stop)
            if run > index {
                out.append(UnsafeBufferPointer(rebasing: bytes[index..<run]))
                index = run
                continue
            }
            let byte = bytes[index]
            if let terminator, byte == terminator, !inDouble { return }
            if byte == escape {
                if index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    if inDouble && next != UInt8(ascii: "\"") && next != UInt8(ascii: "$") && next != escape {
                        out.append(byte)
                    }
                    out.append(next)
                    index += 2
                } else {
                    endedInside = true
                    index += 1
                }
                continue
            }
            if byte == UInt8(ascii: "'") && !inDouble {
                let end = ByteSearch.firstIndex(in: bytes, from: index + 1, of: UInt8(ascii: "'"))
                out.append(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]))
                if end >= bytes.count { endedInside = true }
                index = end + 1
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
        if inDouble || terminator != nil { endedInside = true }
    }

    private func contains(_ names: [Range<Int>], _ name: Range<Int>) -> Bool {
        let target = UnsafeBufferPointer(rebasing: bytes[name])
        return names.contains { $0.count == name.count && UnsafeBufferPointer(rebasing: bytes[$0]).elementsEqual(target) }
    }

    mutating func note(_ name: Range<Int>, resolved: Bool) {
        guard let names else { return }
        if !contains(names.pointee.used, name) { names.pointee.used.append(name) }
        if !resolved, !contains(names.pointee.unresolved, name) { names.pointee.unresolved.append(name) }
    }

    @inline(__always)
    private func value(_ name: Range<Int>) -> Lookup.Value? { lookup.value(of: UnsafeBufferPointer(rebasing: bytes[name])) }

    /// Appends the expansion of the `$...` at `index` to `out`.
    mutating func expandDollar(into out: inout ByteOutput) {
        index += 1
        guard index < bytes.count else { endedInside = true; out.append(UInt8(ascii: "$")); return }
        if ByteClass.isNameStart(bytes[index]) {
            let start = index
            while index < bytes.count, ByteClass.isNameCharacter(bytes[index]) { index += 1 }
            let value = value(start..<index)
            note(start..<index, resolved: value != nil)
            if let value { lookup.append(value, to: &out) }
            return
        }
        guard bytes[index] == UInt8(ascii: "{") else { out.append(UInt8(ascii: "$")); return }
        let braceStart = index
        index += 1
        let nameStart = index
        while index < bytes.count, ByteClass.isNameCharacter(bytes[index]) { index += 1 }
        let name = nameStart..<index
        guard !name.isEmpty, index < bytes.count else {
            if index >= bytes.count { endedInside = true }
            // Not a valid `${NAME...}`: keep it as written.
            index = braceStart
            out.append(UInt8(ascii: "$"))
            return
        }
        let value = value(name)
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            note(name, resolved: value != nil)
            if let value { lookup.append(value, to: &out) }
            return
        }
        var colon = false
        if bytes[index] == UInt8(ascii: ":") { colon = true; index += 1 }
        guard index < bytes.count else { endedInside = true; return }
        let modifier = bytes[index]
        index += 1
        // The word is expanded in place (its variables are noted whether or not it is used) and
        // dropped again when the value wins.
        let wordStart = out.count
        depth += 1
        if depth < 64 { expandWord(until: UInt8(ascii: "}"), into: &out) } else { endedInside = true }
        depth -= 1
        if index < bytes.count { index += 1 } else { endedInside = true }  // the closing brace
        let isSet = value != nil
        let isSetAndNonEmpty = value.map { !lookup.isEmpty($0) } ?? false
        let present = colon ? isSetAndNonEmpty : isSet
        switch modifier {
        case UInt8(ascii: "-"):
            note(name, resolved: true)
            if present, let value {
                out.count = wordStart
                lookup.append(value, to: &out)
            }
        case UInt8(ascii: "+"):
            note(name, resolved: true)
            if !present { out.count = wordStart }
        case UInt8(ascii: "?"):
            out.count = wordStart
            note(name, resolved: present)
            if let value { lookup.append(value, to: &out) }
        default:
            out.count = wordStart
            note(name, resolved: isSet)
            if let value { lookup.append(value, to: &out) }
        }
    }
}
