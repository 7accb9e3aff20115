/// Findings of the front ends and the engine itself: they have codes and names like rules, so they
/// can be ignored, reported and explained the same way, but no check of their own.
public enum FrontEndFindings {
    public static let parseError = RuleDescription(
        code: "IL001", name: "parse-error",
        summary: "The file is not valid Dockerfile or YAML syntax",
        documentation: RuleDocumentation(
            whatItDoes: "Reports syntax errors found while reading a Dockerfile or a YAML compose file.",
            whyItMatters: "Docker refuses a file it cannot parse, and infralint can only check what it can read: the rest of the file may go unchecked.",
            example: "services:\n  web: [unclosed",
            useInstead: "services:\n  web:\n    image: nginx:1.27"),
        defaultSeverity: .error, fileKinds: [.dockerfile, .compose], tags: [.correctness])

    public static let composeInvalid = RuleDescription(
        code: "IL002", name: "compose-invalid",
        summary: "The compose file does not follow the Compose specification",
        documentation: RuleDocumentation(
            whatItDoes: "Reports unknown keys, values of the wrong type, duplicate keys and legacy (version 1) formats in compose files.",
            whyItMatters: "Docker Compose refuses such a project, or silently ignores a misspelt key, so the setting you wrote never applies.",
            example: "services:\n  web:\n    image: nginx:1.27\n    port:\n      - \"8080:80\"",
            useInstead: "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"127.0.0.1:8080:80\""),
        defaultSeverity: .error, fileKinds: [.compose], tags: [.correctness])

    public static let composeUndefinedReference = RuleDescription(
        code: "IL003", name: "compose-undefined-reference",
        summary: "A service refers to a service, network, volume, secret or config that is not defined",
        documentation: RuleDocumentation(
            whatItDoes: "Reports `depends_on`, `networks`, `volumes`, `secrets`, `configs` and `extends` entries that name something the project does not define.",
            whyItMatters: "Docker Compose refuses to start the project.",
            example: "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]",
            useInstead: "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16"),
        defaultSeverity: .error, fileKinds: [.compose], tags: [.correctness])

    public static let composeDependencyCycle = RuleDescription(
        code: "IL004", name: "compose-dependency-cycle",
        summary: "Services depend on each other in a cycle",
        documentation: RuleDocumentation(
            whatItDoes: "Reports `depends_on` (and `links`, `extends`) chains that come back to where they started.",
            whyItMatters: "Docker Compose cannot decide which service to start first and refuses the project.",
            example: "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1\n    depends_on: [a]",
            useInstead: "services:\n  a:\n    image: a:1\n    depends_on: [b]\n  b:\n    image: b:1"),
        defaultSeverity: .error, fileKinds: [.compose], tags: [.correctness])

    public static let fileUnreadable = RuleDescription(
        code: "IL005", name: "file-unreadable",
        summary: "A file to lint cannot be read",
        documentation: RuleDocumentation(
            whatItDoes: "Reports a file named on the command line, or found by discovery, that cannot be read (missing, a directory, no permission).",
            whyItMatters: "A file infralint cannot read is a file nobody checked; the run fails rather than passing silently.",
            example: "infralint missing/Dockerfile",
            useInstead: "infralint Dockerfile"),
        defaultSeverity: .error, fileKinds: [.dockerfile, .compose], tags: [.correctness])

    public static let all = [parseError, composeInvalid, composeUndefinedReference, composeDependencyCycle, fileUnreadable]

    /// The finding for a compose front-end diagnostic code (its names match these rules' names).
    public static func forComposeCode(_ code: String) -> RuleDescription {
        switch code {
        case parseError.name, "syntax": return parseError
        case composeUndefinedReference.name: return composeUndefinedReference
        case composeDependencyCycle.name: return composeDependencyCycle
        default: return composeInvalid
        }
    }
}
