import SourceSupport

extension ImageReference {
    /// Splits a reference the way Docker's reference grammar does: the first path component is a
    /// registry when it holds `.` or `:` or is `localhost`; `@` starts the digest; the last `:` after
    /// the last `/` starts the tag. Variables are expanded with `scope` first.
    public static func parse(_ raw: String, range: SourceRange, scope: VariableScope, escape: UInt8 = UInt8(ascii: "\\")) -> ImageReference {
        let expansion = raw.utf8.contains(UInt8(ascii: "$")) || raw.utf8.contains(UInt8(ascii: "\""))
            ? VariableExpansion.expand(raw, in: scope, escape: escape)
            : ExpansionResult(value: raw, usedVariables: [], unresolvedVariables: [])
        var remainder = Substring(expansion.value)
        var digest: String?
        if let at = remainder.firstIndex(of: "@") {
            digest = String(remainder[remainder.index(after: at)...])
            remainder = remainder[..<at]
        }
        var registry: String?
        if let slash = remainder.firstIndex(of: "/") {
            let first = remainder[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                remainder = remainder[remainder.index(after: slash)...]
            }
        }
        var tag: String?
        let lastSlash = remainder.lastIndex(of: "/") ?? remainder.startIndex
        if let colon = remainder[lastSlash...].lastIndex(of: ":") {
            tag = String(remainder[remainder.index(after: colon)...])
            remainder = remainder[..<colon]
        }
        return ImageReference(raw: raw, resolved: expansion.value, range: range, registry: registry, repository: String(remainder),
                              tag: tag, digest: digest, variables: expansion.usedVariables,
                              unresolvedVariables: expansion.unresolvedVariables)
    }
}
