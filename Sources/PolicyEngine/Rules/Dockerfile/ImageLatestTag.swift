import SourceSupport

/// Flags images pinned to the moving `latest` tag.
public struct ImageLatestTag: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF003", name: "image-latest-tag",
        summary: "An image is referenced by the moving `latest` tag",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `FROM` and compose `image:` references whose tag is `latest` (after resolving `ARG` defaults and compose interpolation defaults).",
            whyItMatters: "`latest` points at whatever was pushed last: two builds of the same file get different bases, a rebuild can break without any change in the repository, and a rollback does not roll the base back.",
            example: "FROM node:latest",
            useInstead: "FROM node:20.19.5-alpine"),
        defaultSeverity: .warning, fileKinds: [.dockerfile, .compose], tags: [.bestPractice, .correctness],
        aliases: [.hadolint("DL3007"), .composeLint("CL-0004")],
        triggeringExamples: [
            .dockerfile("FROM ↓node:latest\nRUN node --version\n"),
            .dockerfile("ARG TAG=latest\nFROM ↓node:${TAG}\n", "the tag comes from an ARG default"),
            .compose("services:\n  cache:\n    image: ↓redis:latest\n"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM node:20-alpine\n"),
            .dockerfile("FROM node\n", "untagged is image-untagged's finding"),
            .dockerfile("FROM node:20 AS latest\nFROM latest\n", "a stage called latest"),
            .compose("services:\n  cache:\n    image: redis:7-alpine\n"),
            .compose("services:\n  app:\n    build: .\n    image: shop:latest\n", "the name of the built image"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        for base in dockerfile.externalBaseImages where base.reference.isLatest {
            report.report("`FROM \(base.written)` uses the `latest` tag, which changes under you; pin a version tag (and ideally a digest)",
                          file: dockerfile.path, range: base.range)
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for image in compose.pulledImages where image.reference.isLatest {
            report.report("Service '\(image.service)' uses image '\(image.written.value)' with the `latest` tag, which changes under you; pin a version tag",
                          file: image.written.file, range: image.written.range)
        }
    }
}
