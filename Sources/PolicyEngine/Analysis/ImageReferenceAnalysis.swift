import SourceSupport
import DockerfileParser

// What the engine knows about images beyond their syntax (the split itself is the Dockerfile front
// end's `ImageReference.parse`, used for compose `image:` values too).
extension ImageReference {
    /// A reference to an image in a registry, parsed from text that holds no variables (a compose
    /// value after interpolation).
    public static func parse(_ text: String, range: SourceRange) -> ImageReference {
        parse(text, range: range, scope: VariableScope())
    }

    /// Registry and repository: what to pin (`ghcr.io/acme/app`, `node`).
    public var name: String { registry.map { $0 + "/" + repository } ?? repository }
    public var isLatest: Bool { tag == "latest" }
    public var hasDigest: Bool { digest.map { !$0.isEmpty } ?? false }

    /// Whether the image is known to run as a non-root user by default (distroless `:nonroot`,
    /// `*-nonroot` tags, Chainguard images), so a stage without `USER` does not run as root.
    public var isKnownNonRoot: Bool {
        let lowerTag = tag?.lowercased() ?? ""
        if lowerTag == "nonroot" || lowerTag.hasSuffix("-nonroot") || lowerTag.hasPrefix("nonroot-") { return true }
        if name.lowercased().hasPrefix("cgr.dev/chainguard/") && !lowerTag.contains("dev") { return true }
        return false
    }
}
