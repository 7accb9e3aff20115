import SourceSupport

/// Flags images and services that run as root.
public struct RootUser: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF001", name: "root-user",
        summary: "The container runs as root",
        documentation: RuleDocumentation(
            whatItDoes: "Flags a Dockerfile whose final stage runs as root: its last `USER` is `root` or `0` (in any `root:group` / `0:gid` form), or no stage in its chain (the stage and the stages it is built `FROM`) sets `USER` and the base image is not known to run unprivileged (such as distroless `:nonroot`). Also flags compose services with `user: root` or `user: \"0\"`.",
            whyItMatters: "A process running as root inside the container is root on the host's kernel: a container escape, a mounted host path or a misconfigured capability turns any code execution into full host compromise.",
            example: "FROM node:20-alpine\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]",
            useInstead: "FROM node:20-alpine\nCOPY --chown=node:node . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]"),
        defaultSeverity: .warning, fileKinds: [.dockerfile, .compose], tags: [.security],
        aliases: [.hadolint("DL3002"), .composeLint("CL-0018")],
        triggeringExamples: [
            .dockerfile("↓FROM node:20-alpine\nCMD [\"node\", \"server.js\"]\n", "no USER at all"),
            .dockerfile("FROM node:20-alpine\nUSER node\nRUN npm ci\n↓USER root\nCMD [\"node\", \"server.js\"]\n", "switched back to root"),
            .dockerfile("FROM debian:12\n↓USER 0:0\n", "UID 0 with a group"),
            .dockerfile("FROM debian:12\nARG RUN_AS=root\n↓USER ${RUN_AS}\n", "through an ARG default"),
            .dockerfile("FROM golang:1.23 AS build\nUSER 1000\n↓FROM debian:12\nCOPY --from=build /out /app\n", "USER in another stage does not carry over"),
            .compose("services:\n  app:\n    image: app:1\n    user: ↓root\n"),
            .compose("services:\n  app:\n    image: app:1\n    user: ↓\"0\"\n"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM node:20-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n"),
            .dockerfile("FROM node:20 AS base\nUSER node\nFROM base\nCMD [\"node\", \"server.js\"]\n", "inherited from the parent stage"),
            .dockerfile("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n", "a base known to run unprivileged"),
            .dockerfile("FROM debian:12\nUSER root\nRUN apt-get update\nUSER 10001:10001\n"),
            .compose("services:\n  app:\n    image: app:1\n    user: \"1000:1000\"\n"),
            .compose("services:\n  app:\n    image: app:1\n    user: ${APP_UID}\n", "interpolated"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        for image in dockerfile.finalImages {
            switch image.user {
            case .explicit(let user, let range) where UserSpec.isRoot(user):
                report.report("The image runs as root (`USER \(user)`); switch to an unprivileged user after the steps that need root, e.g. `USER 10001:10001`",
                              file: dockerfile.path, range: range)
            case .inheritedFromBase(let base, let range) where !base.isKnownNonRoot:
                report.report("No `USER` is set, so the image runs as root (the default of `\(base.name)`); add `USER <non-root user>` after the steps that need root",
                              file: dockerfile.path, range: range)
            default:
                break
            }
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        for service in compose.project.services {
            guard let user = service.user, !user.isInterpolated, UserSpec.isRoot(user.value) else { continue }
            report.report("Service '\(service.name)' runs as root (`user: \(user.value)`); set an unprivileged user such as \"10001:10001\"",
                          file: user.file, range: user.range)
        }
    }
}
