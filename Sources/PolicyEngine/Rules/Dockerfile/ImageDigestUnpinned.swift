import SourceSupport

/// Flags tagged images without a digest (strict policy).
public struct ImageDigestUnpinned: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF004", name: "image-digest-unpinned",
        summary: "An image is pinned by tag but not by digest",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `FROM` and compose `image:` references that have a tag but no `@sha256:` digest. Off by default; part of the strict policy.",
            whyItMatters: "Tags are mutable: a registry (or an attacker with push rights) can move `node:20.19.5` to other content. A digest names exactly one image, which makes builds reproducible and supply-chain review meaningful.",
            example: "FROM node:20.19.5-alpine",
            useInstead: "FROM node:20.19.5-alpine@sha256:<digest>"),
        defaultSeverity: .info, fileKinds: [.dockerfile, .compose], tags: [.security, .bestPractice],
        aliases: [.composeLint("CL-0019")], enabledByDefault: false,
        triggeringExamples: [
            .dockerfile("FROM ↓node:20-alpine\n"),
            .compose("services:\n  db:\n    image: ↓postgres:16\n"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM node:20-alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n"),
            .dockerfile("FROM scratch\n"),
            .compose("services:\n  db:\n    image: postgres:16@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        for base in dockerfile.externalBaseImages where base.reference.tag != nil && !base.reference.hasDigest {
            report.report("`FROM \(base.written)` is pinned by tag only; add its digest (`@sha256:…`) so the base cannot change under the same tag",
                          file: dockerfile.path, range: base.range)
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for image in compose.pulledImages where image.reference.tag != nil && !image.reference.hasDigest {
            report.report("Service '\(image.service)' uses image '\(image.written.value)' pinned by tag only; add its digest (`@sha256:…`)",
                          file: image.written.file, range: image.written.range)
        }
    }
}
