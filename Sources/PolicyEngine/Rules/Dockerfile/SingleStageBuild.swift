import SourceSupport

/// Flags single-stage Dockerfiles that build, so build tools ship in the image.
public struct SingleStageBuild: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF008", name: "single-stage-build",
        summary: "A single-stage build ships its build tools in the image",
        documentation: RuleDocumentation(
            whatItDoes: "Flags a Dockerfile with one stage whose RUN steps build software: compile (`go build`, `cargo build`, `make`, `mvn package`), bundle (`npm run build`), install development dependencies (`npm ci` without `--omit=dev`) or install build toolchains (`build-essential`, `gcc`).",
            whyItMatters: "Compilers, package caches, development dependencies and sources end up in the runtime image: it is larger, slower to pull and deploy, and every extra tool is attack surface and a source of vulnerability reports. A multi-stage build compiles in one stage and copies only the result into a slim runtime stage.",
            example: "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]",
            useInstead: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nCMD [\"/app\"]"),
        defaultSeverity: .info, fileKinds: [.dockerfile], tags: [.bestPractice],
        triggeringExamples: [
            .dockerfile("FROM node:20-alpine\nWORKDIR /app\nCOPY . .\n↓RUN npm ci && npm run build\nCMD [\"node\", \"dist/server.js\"]\n"),
            .dockerfile("FROM golang:1.23\nCOPY . .\n↓RUN CGO_ENABLED=0 go build -o /app .\n"),
            .dockerfile("FROM debian:12\n↓RUN apt-get update && apt-get install -y build-essential\n", "a toolchain"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n", "multi-stage"),
            .dockerfile("FROM node:20-alpine\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n", "production dependencies only"),
            .dockerfile("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"),
            .dockerfile("FROM node:20-alpine\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci --omit=dev\n", "a global runtime tool"),
            .dockerfile("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        let facts = dockerfile.facts
        guard facts.stages.count == 1, let stage = facts.stages.first else { return }
        for instruction in stage.instructions {
            guard let reason = BuildSteps.reason(instruction) else { continue }
            report.report("This single-stage image builds (\(reason)), so its build tools and intermediate files ship in the image; build in a separate stage and `COPY --from` only the output into a slim runtime stage",
                          file: dockerfile.path, range: instruction.range,
                          related: [RelatedLocation(file: dockerfile.path, range: stage.fromRange, message: "the only stage")])
            return
        }
    }
}
