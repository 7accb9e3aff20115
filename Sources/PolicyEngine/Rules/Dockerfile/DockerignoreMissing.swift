import SourceSupport

/// Flags whole-context copies when the context has no .dockerignore.
public struct DockerignoreMissing: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF009", name: "dockerignore-missing",
        summary: "The whole build context is copied and there is no .dockerignore",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `COPY . …` and `ADD . …` (the whole build context) when the context has no `.dockerignore` and no `NAME.dockerignore` sits beside the Dockerfile called NAME. For an image built by compose, the context is the service's `build.context`.",
            whyItMatters: "Everything in the context is sent to the builder and copied into the image: `.git`, `node_modules`, local `.env` files, credentials, build output. Images grow, every change busts the layer cache, and secrets leak into layers anyone with pull access can read.",
            example: "COPY . .   # no .dockerignore beside the Dockerfile",
            useInstead: "# .dockerignore\n.git\nnode_modules\n.env\n*.log\ndist"),
        defaultSeverity: .warning, fileKinds: [.dockerfile], tags: [.security, .bestPractice],
        triggeringExamples: [
            .dockerfile("FROM node:20-alpine\nWORKDIR /app\nCOPY ↓. .\n"),
            .dockerfile("FROM nginx:1.27\nADD --chown=101 ↓./ /usr/share/nginx/html/\n"),
            RuleExample(files: [
                ExampleFile("compose.yaml", "services:\n  app:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.prod\n"),
                ExampleFile("app/Dockerfile.prod", "FROM node:20\nCOPY ↓. .\n"),
                ExampleFile(".dockerignore", "node_modules\n", isTarget: false),
            ], note: "the compose context has none (one elsewhere does not count)"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM node:20-alpine\nCOPY . .\n", also: [ExampleFile(".dockerignore", ".git\nnode_modules\n", isTarget: false)]),
            RuleExample(files: [
                ExampleFile("docker/api.Dockerfile", "FROM node:20\nCOPY . .\n"),
                ExampleFile("docker/api.Dockerfile.dockerignore", ".git\n", isTarget: false),
            ], note: "a Dockerfile-specific ignore file"),
            .dockerfile("FROM node:20-alpine\nCOPY package.json package-lock.json ./\nCOPY src ./src\n"),
            .dockerfile("FROM node:20 AS build\nFROM alpine:3.20\nCOPY --from=build . /app\n", "from a stage, not the context"),
        ])

    /// Sources that name the root of the context.
    private static let contextRoots: Set<String> = [".", "./", "./.", "/", "./*", "*"]

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        let missing = dockerfile.buildContexts.filter {
            dockerfile.workspace.dockerignore(forDockerfile: dockerfile.path, context: $0) == nil
        }
        guard let context = missing.first else { return }
        for instruction in dockerfile.dockerfile.instructions {
            guard let copy = instruction.copy, copy.from == nil,
                  let source = copy.sources.first(where: { DockerignoreMissing.contextRoots.contains($0.value) }) else { continue }
            let ignorePath = WorkspacePath.join(context, ".dockerignore")
            report.report("`\(instruction.keyword) \(source.value) …` copies the whole build context (\(context == "." ? "the current directory" : context + "/")) and it has no .dockerignore, so .git, node_modules, .env files and secrets end up in the image; add \(ignorePath)",
                          file: dockerfile.path, range: source.range)
        }
    }
}
