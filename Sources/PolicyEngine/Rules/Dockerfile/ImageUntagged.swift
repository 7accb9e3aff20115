import SourceSupport

/// Flags images with neither tag nor digest.
public struct ImageUntagged: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF002", name: "image-untagged",
        summary: "An image is referenced without a tag or digest",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `FROM` and compose `image:` references with neither a tag nor a digest (`FROM node`, `image: redis`), after resolving `ARG` defaults and compose interpolation defaults. `scratch` and earlier stage names are not images.",
            whyItMatters: "An untagged reference means `latest`: the image changes whenever a new version is pushed, so builds and deployments are not reproducible.",
            example: "FROM python\n\nservices:\n  cache:\n    image: redis",
            useInstead: "FROM python:3.12-slim\n\nservices:\n  cache:\n    image: redis:7-alpine"),
        defaultSeverity: .warning, fileKinds: [.dockerfile, .compose], tags: [.bestPractice, .correctness],
        aliases: [.hadolint("DL3006"), .composeLint("CL-0004")],
        triggeringExamples: [
            .dockerfile("FROM ↓node\nRUN node --version\n"),
            .dockerfile("ARG BASE=debian\nFROM ↓${BASE}\n", "resolved from the ARG default"),
            .dockerfile("FROM ↓ghcr.io/acme/base AS base\nFROM base\n", "a registry path, then a stage name"),
            .compose("services:\n  cache:\n    image: ↓redis\n"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM scratch\nCOPY app /app\n"),
            .dockerfile("FROM node:20 AS build\nFROM build\n", "a stage name"),
            .dockerfile("FROM localhost:5000/app:1.2\n", "a registry port is not a tag"),
            .dockerfile("FROM alpine@sha256:1e42bbe2508154c9126d48c2b8a75420c3544343bf86fd041fb7527e017a4b4a\n"),
            .dockerfile("ARG BASE\nFROM ${BASE}\n", "no default: nothing to judge"),
            .compose("services:\n  cache:\n    image: redis:7\n  app:\n    build: .\n    image: shop\n"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        for base in dockerfile.externalBaseImages where base.reference.tag == nil && !base.reference.hasDigest {
            report.report("`FROM \(base.written)` has no tag, so it means `latest` and changes under you; pin a version tag such as `\(base.reference.name):<version>`",
                          file: dockerfile.path, range: base.range)
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for image in compose.pulledImages where image.reference.tag == nil && !image.reference.hasDigest {
            report.report("Service '\(image.service)' uses image '\(image.written.value)' without a tag, which means `latest`; pin a version tag such as '\(image.reference.name):<version>'",
                          file: image.written.file, range: image.written.range)
        }
    }
}
