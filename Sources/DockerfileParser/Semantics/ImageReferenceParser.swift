import SourceSupport

extension ImageReference {
    /// Splits a reference the way Docker's reference grammar does: the first path component is a
    /// registry when it holds `.` or `:` or is `localhost`; `@` starts the digest; the last `:` after
    /// the last `/` starts the tag. Variables are expanded with `scope` first.
    public static func parse(_ raw: String, range: SourceRange, scope: VariableScope, escape: UInt8 = UInt8(ascii: "\\")) -> ImageReference {
        let expansion = raw.utf8.contains(UInt8(ascii: "$")) || raw.utf8.contains(UInt8(ascii: "\""))
            ? VariableExpansion.expand(raw, in: scope, escape: escape)
            : ExpansionResult(value: raw, usedVariables: [], unresolvedVariables: [])
        // Split on bytes: `@`, `/`, `:` and `.` are ASCII, so byte offsets are safe cut points.
        let text = Array(expansion.value.utf8)
        var end = text.count
        var digest: String?
        if let at = text.firstIndex(of: UInt8(ascii: "@")) {
            digest = ByteClass.string(text, at + 1, text.count)
            end = at
        }
        var start = 0
        var registry: String?
        if let slash = text[..<end].firstIndex(of: UInt8(ascii: "/")) {
            let first = text[..<slash]
            if first.contains(UInt8(ascii: ".")) || first.contains(UInt8(ascii: ":")) || first.elementsEqual("localhost".utf8) {
                registry = ByteClass.string(text, 0, slash)
                start = slash + 1
            }
        }
        var tag: String?
        let lastSlash = text[start..<end].lastIndex(of: UInt8(ascii: "/")) ?? start
        if let colon = text[lastSlash..<end].lastIndex(of: UInt8(ascii: ":")) {
            tag = ByteClass.string(text, colon + 1, end)
            end = colon
        }
        let repository = ByteClass.string(text, start, end)
        return ImageReference(raw: raw, resolved: expansion.value, range: range, registry: registry, repository: repository,
                              tag: tag, digest: digest, variables: expansion.usedVariables,
                              unresolvedVariables: expansion.unresolvedVariables)
    }
}
