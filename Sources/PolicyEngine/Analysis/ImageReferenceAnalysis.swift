/// An image reference as written in `FROM` or compose `image:`, split the way the registry reads it:
/// `[REGISTRY[:PORT]/]PATH[:TAG][@DIGEST]`.
public struct ImageReferenceParts: Hashable, Sendable {
    /// Everything before the tag and digest (`registry.example.com:5000/team/app`).
    public var name: String
    public var tag: String?
    public var digest: String?

    public init(name: String, tag: String?, digest: String?) {
        self.name = name
        self.tag = tag
        self.digest = digest
    }

    public static func parse(_ reference: String) -> ImageReferenceParts {
        var rest = Substring(reference)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        return ImageReferenceParts(name: String(rest), tag: tag, digest: digest)
    }

    public var isScratch: Bool { name.lowercased() == "scratch" && tag == nil && digest == nil }
    public var hasDigest: Bool { digest.map { !$0.isEmpty } ?? false }
    public var isLatest: Bool { tag == "latest" }
    /// The last path component (`node` for `docker.io/library/node`).
    public var repository: String { name.split(separator: "/").last.map(String.init) ?? name }

    /// Whether the image is known to run as a non-root user by default (distroless `:nonroot`,
    /// Chainguard images, `*-nonroot` tags), so a stage without `USER` does not run as root.
    public var isKnownNonRoot: Bool {
        let lowerTag = tag?.lowercased() ?? ""
        if lowerTag == "nonroot" || lowerTag.hasSuffix("-nonroot") || lowerTag.hasPrefix("nonroot-") { return true }
        if name.lowercased().hasPrefix("cgr.dev/chainguard/") && !lowerTag.contains("dev") { return true }
        return false
    }
}

/// `docker-compose`-style and Dockerfile variable expansion of a reference, for the cases a linter
/// can resolve statically: `${NAME}`, `$NAME`, `${NAME:-default}`, `${NAME-default}` from known values.
public enum StaticExpansion {
    /// The text with references replaced from `values`; nil when a reference has no known value and
    /// no default (the result would be a guess).
    public static func expand(_ text: String, values: [String: String]) -> String? {
        var result = ""
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.first {
            scalars.removeFirst()
            guard scalar == "$", let next = scalars.first else {
                result.unicodeScalars.append(scalar)
                continue
            }
            if next == "$" {
                scalars.removeFirst()
                result += "$"
                continue
            }
            if next == "{" {
                guard let close = scalars.firstIndex(of: "}") else { return nil }
                let inner = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                scalars = scalars[scalars.index(after: close)...]
                let name = String(inner.prefix(while: { $0 == "_" || $0.isLetter || $0.isNumber }))
                let operation = inner.dropFirst(name.count)
                var fallback: String?
                if operation.hasPrefix(":-") {
                    fallback = String(operation.dropFirst(2))
                } else if operation.hasPrefix("-") {
                    fallback = String(operation.dropFirst())
                } else if !operation.isEmpty {
                    return nil
                }
                if let value = values[name], !(value.isEmpty && fallback != nil) {
                    result += value
                } else if let fallback {
                    result += fallback
                } else {
                    return nil
                }
                continue
            }
            var name = ""
            while let character = scalars.first, character == "_" || character.properties.isAlphabetic || (character.value >= 0x30 && character.value <= 0x39) {
                name.unicodeScalars.append(character)
                scalars.removeFirst()
            }
            if name.isEmpty {
                result += "$"
                continue
            }
            guard let value = values[name] else { return nil }
            result += value
        }
        return result
    }
}
