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
        var end = text.count
        if let at = text.firstIndex(of: UInt8(ascii: "@")) {
            digest = (at + 1)..<text.count
            end = at
        }
        var start = 0
        if let slash = text[..<end].firstIndex(of: UInt8(ascii: "/")) {
            let first = text[..<slash]
            if first.contains(UInt8(ascii: ".")) || first.contains(UInt8(ascii: ":")) || first.elementsEqual("localhost".utf8) {
                registry = 0..<slash
                start = slash + 1
            }
        }
        let lastSlash = text[start..<end].lastIndex(of: UInt8(ascii: "/")) ?? start
        if let colon = text[lastSlash..<end].lastIndex(of: UInt8(ascii: ":")) {
            tag = (colon + 1)..<end
            end = colon
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
