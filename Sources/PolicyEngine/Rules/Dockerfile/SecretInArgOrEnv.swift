import SourceSupport

/// Flags ARG and ENV names that say they hold a secret.
public struct SecretInArgOrEnv: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF006", name: "secret-in-arg-or-env",
        summary: "A secret is passed through ARG or ENV, which persist in the image",
        documentation: RuleDocumentation(
            whatItDoes: "Flags `ARG` and `ENV` instructions whose variable name says it holds a secret (password, token, secret, API key, private key, credentials, …). Names that point at a secret rather than hold it (`*_FILE`, `*_PATH`, `*_URL`) and public keys are not flagged.",
            whyItMatters: "`ENV` values are stored in the image configuration and `ARG` values in its build history (`docker history`): anyone who can pull the image can read them, in every registry and cache it reaches.",
            example: "ARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > .npmrc && npm ci",
            useInstead: "RUN --mount=type=secret,id=npm_token \\\n    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n# docker build --secret id=npm_token,env=NPM_TOKEN ."),
        defaultSeverity: .warning, fileKinds: [.dockerfile], tags: [.security],
        aliases: [.buildkit("SecretsUsedInArgOrEnv"), .hadolint("DL3064")],
        triggeringExamples: [
            .dockerfile("FROM node:20\nARG ↓NPM_TOKEN\nRUN npm ci\n"),
            .dockerfile("FROM postgres:16\nENV ↓POSTGRES_PASSWORD=${PG_PASS}\n", "even when the value is a reference"),
            .dockerfile("FROM app:1\nENV LOG_LEVEL=info ↓AWS_SECRET_ACCESS_KEY=\"\"\n", "one pair of several"),
            .dockerfile("FROM app:1\nARG ↓apiKey\n", "camelCase"),
        ],
        nonTriggeringExamples: [
            .dockerfile("FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n"),
            .dockerfile("FROM app:1\nARG SSH_PUBLIC_KEY\nENV TOKEN_URL=https://auth.example.com/token\n"),
            .dockerfile("FROM node:20\nENV NODE_ENV=production\nARG VERSION=1.0\n"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        for variable in dockerfile.declaredVariables where SecretDetection.isSecretName(variable.name) {
            let fix = variable.isArg
                ? "pass it with `RUN --mount=type=secret,id=…` (docker build --secret) instead of a build argument"
                : "provide it at run time (a compose secret or a `*_FILE` path) instead of baking it into the image"
            report.report("`\(variable.keyword) \(variable.name)` looks like a secret, and \(variable.isArg ? "build arguments stay in the image history" : "ENV values stay in the image"); \(fix)",
                          file: dockerfile.path, range: variable.nameRange)
        }
    }
}
