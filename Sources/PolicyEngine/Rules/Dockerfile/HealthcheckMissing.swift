import ComposeParser
import SourceSupport

/// Flags images without a HEALTHCHECK, and compose services others wait on as healthy without one.
public struct HealthcheckMissing: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF005", name: "healthcheck-missing",
        summary: "The image or service defines no healthcheck",
        documentation: RuleDocumentation(
            whatItDoes: "Flags a Dockerfile whose final stage (with the stages it inherits from) has no `HEALTHCHECK`: a warning when the image is a service (it has `EXPOSE`, or a compose service that publishes ports runs it), information otherwise. `HEALTHCHECK NONE` is an explicit choice and is not flagged, nor is an image whose compose services set `healthcheck:` themselves. In compose, a service that others wait on with `condition: service_healthy` but that has no healthcheck (in compose, or in the Dockerfile it builds) is an error: Compose waits for a health status that never comes and the dependants never start.",
            whyItMatters: "Without a healthcheck, Docker only knows whether the process is running, not whether it serves: orchestrators route traffic to hung containers, restarts never happen and rolling deployments cannot tell a broken release from a good one.",
            example: "FROM node:20-alpine\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]",
            useInstead: "FROM node:20-alpine\nEXPOSE 3000\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:3000/health || exit 1\nCMD [\"node\", \"server.js\"]"),
        defaultSeverity: .warning, fileKinds: [.dockerfile, .compose], tags: [.bestPractice, .correctness],
        aliases: [.hadolint("DL3057")],
        triggeringExamples: [
            .dockerfile("↓FROM node:20-alpine\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n", "a service: warning"),
            .dockerfile("FROM golang:1.23 AS build\nHEALTHCHECK CMD true\n↓FROM alpine:3.20\nCMD [\"/app\"]\n", "a healthcheck in another stage does not count"),
            .dockerfile("↓FROM alpine:3.20\nCMD [\"/bin/job\"]\n", "not a service: info"),
            .compose("services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: service_healthy\n  ↓db:\n    image: postgres:16\n", "waited on as healthy: error"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM node:20-alpine\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1\n"),
            .dockerfile("FROM alpine:3.20\nHEALTHCHECK NONE\n", "explicitly disabled"),
            .dockerfile("FROM node:20 AS base\nHEALTHCHECK CMD true\nFROM base\nEXPOSE 3000\n", "inherited from the parent stage"),
            .compose("services:\n  web:\n    image: web:1\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"),
            RuleExample(files: [
                ExampleFile("compose.yaml", "services:\n  web:\n    image: web:1\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    build: ./api\n"),
                ExampleFile("api/Dockerfile", "FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n", isTarget: false),
            ], note: "the healthcheck is in the Dockerfile the service builds"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        // Compose services that set their own healthcheck cover the image they build.
        if !dockerfile.composeBuilds.isEmpty && dockerfile.composeBuilds.allSatisfy(\.setsHealthcheck) { return }
        for image in dockerfile.finalImages where image.healthcheck == nil {
            let publishedBy = dockerfile.composeBuilds.first { $0.publishesPorts && !$0.setsHealthcheck }
            if image.exposesPorts || publishedBy != nil {
                let why = image.exposesPorts ? "it exposes ports" : "compose service '\(publishedBy?.service ?? "")' publishes its ports"
                report.report("The final stage has no HEALTHCHECK although \(why); add `HEALTHCHECK CMD …` that probes the service (or `HEALTHCHECK NONE` to opt out)",
                              file: dockerfile.path, range: image.stageRange, severity: .warning)
            } else {
                report.report("The final stage has no HEALTHCHECK; add one if the container runs a long-lived process (or `HEALTHCHECK NONE` to opt out)",
                              file: dockerfile.path, range: image.stageRange, severity: .info)
            }
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        // Who waits for whom to be healthy, gathered once (a search of every service for each
        // service was quadratic: minutes for a file with tens of thousands of services).
        var waitersByService: [String: [(String, ComposeDependency)]] = [:]
        for waiter in compose.project.services {
            for dependency in waiter.dependsOn where dependency.condition == "service_healthy" {
                waitersByService[dependency.service, default: []].append((waiter.name, dependency))
            }
        }
        for service in compose.project.services {
            guard let waiters = waitersByService[service.name], let (firstWaiter, _) = waiters.first else { continue }
            if let healthcheck = service.healthcheck, !healthcheck.disabled { continue }
            if service.healthcheck == nil, let built = compose.builtImages[service.name],
               built.facts.finalImage(target: built.link.target)?.healthcheck?.isEnabled == true {
                continue
            }
            let what = service.healthcheck?.disabled == true ? "disables its healthcheck" : "has no healthcheck"
            report.report("Service '\(service.name)' \(what), but '\(firstWaiter)' waits for it with `condition: service_healthy`, so '\(firstWaiter)' never starts; add a `healthcheck:` to '\(service.name)'",
                          file: service.file, range: service.range, severity: .error,
                          related: waiters.map { RelatedLocation(file: $0.1.file, range: $0.1.range, message: "'\($0.0)' waits for '\(service.name)' to be healthy") })
        }
    }
}
