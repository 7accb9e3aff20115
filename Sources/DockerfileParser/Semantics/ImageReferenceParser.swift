import SourceSupport

/// Where the parts of an image reference are, as offsets of its (expanded) text.
struct ImageReferenceParts {
    var registry: Range<Int>?
    var repository: Range<Int>
    var tag: Range<Int>?
    var digest: Range<Int>?

    /// Splits a reference the way Docker's reference grammar does: the first path component is a
    /// registry when it holds `.` or `:` or is `localhost`; `@` starts the digest; the last `:` after
    /// the last `/` starts the tag. `@`, `/`, `:` and `.` are ASCII, so byte offsets are safe cut points.
    init(_ text: UnsafeBufferPointer<UInt8>) {
        // One pass up to the `@` (the digest needs no look).
        var end = text.count
        var firstSlash = -1
        var colonAfterLastSlash = -1
        var firstComponentHasDotOrColon = false
        var index = 0
        while index < text.count {
            // Skip to the next byte that matters (most of a reference is letters and digits).
            index = ByteSearch.firstIndex(in: text, from: index, of: UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "."),
                                          UInt8(ascii: "@"))
            guard index < text.count else { break }
            let byte = text[index]
            defer { index += 1 }
            if byte == UInt8(ascii: "@") {
                digest = (index + 1)..<text.count
                end = index
                break
            }
            if byte == UInt8(ascii: "/") {
                if firstSlash < 0 { firstSlash = index }
                colonAfterLastSlash = -1
            } else if byte == UInt8(ascii: ":") {
                colonAfterLastSlash = index
                if firstSlash < 0 { firstComponentHasDotOrColon = true }
            } else if byte == UInt8(ascii: ".") && firstSlash < 0 {
                firstComponentHasDotOrColon = true
            }
        }
        var start = 0
        if firstSlash >= 0 && (firstComponentHasDotOrColon || text[..<firstSlash].elementsEqual("localhost".utf8)) {
            registry = 0..<firstSlash
            start = firstSlash + 1
        }
        // The tag is after the last `:` that follows the last `/`.
        if colonAfterLastSlash >= 0 {
            tag = (colonAfterLastSlash + 1)..<end
            end = colonAfterLastSlash
        }
        repository = start..<end
    }
}

extension ImageReference {
    /// Splits `raw` (see `ImageReferenceParts`) after expanding its variables with `scope`.
    public static func parse(_ raw: String, range: SourceRange, scope: VariableScope, escape: UInt8 = UInt8(ascii: "\\")) -> ImageReference {
        // Only `$` and `"` make a reference worth expanding (a lone quote or escape is kept as written).
        let expansion = raw.utf8.contains(UInt8(ascii: "$")) || raw.utf8.contains(UInt8(ascii: "\""))
            ? VariableExpansion.expand(raw, in: scope, escape: escape)
            : ExpansionResult(value: raw, usedVariables: [], unresolvedVariables: [])
        var resolved = expansion.value
        return resolved.withUTF8 { text in
            let parts = ImageReferenceParts(text)
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self) }
            return ImageReference(raw: raw, resolved: expansion.value, range: range, registry: parts.registry.map(string),
                                  repository: string(parts.repository), tag: parts.tag.map(string), digest: parts.digest.map(string),
                                  variables: expansion.usedVariables, unresolvedVariables: expansion.unresolvedVariables)
        }
    }
}
