import SourceSupport
import ComposeParser

/// Flags credentials written in plain text.
public struct PlaintextSecret: Rule {
    public init() {}

    public static let description = RuleDescription(
        code: "DF007", name: "plaintext-secret",
        summary: "A credential is written in plain text",
        documentation: RuleDocumentation(
            whatItDoes: "Flags literal credentials: a non-empty value, not taken from a variable, given to a secret-named ENV, ARG, compose `environment` entry or build argument; a URL with an inline password (`postgres://user:pass@host`); and well-known token formats (AWS access keys, GitHub and Slack tokens, Google API keys, private key blocks) anywhere in a Dockerfile or compose file. `${DB_PASSWORD}` is a reference, never a finding.",
            whyItMatters: "A credential in a file is in every clone, fork, backup, CI log and image layer, and stays in the Git history after it is removed. Rotating it is the only cure.",
            example: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: password",
            useInstead: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    environment: DB_PASSWORD"),
        defaultSeverity: .error, fileKinds: [.dockerfile, .compose], tags: [.security],
        aliases: [.composeLint("CL-0020"), .composeLint("CL-0021")],
        triggeringExamples: [
            .compose("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ↓password\n"),
            .compose("services:\n  app:\n    image: app:1\n    environment:\n      - ↓API_TOKEN=abc123\n", "list form"),
            .compose("services:\n  app:\n    image: app:1\n    environment:\n      DATABASE_URL: postgres://app:↓s3cret@db:5432/app\n", "a URL with a password"),
            .dockerfile("FROM node:20\nENV API_TOKEN=↓changeme\n"),
            .dockerfile("FROM alpine:3.20\nRUN git clone https://↓ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/acme/app\n", "a GitHub token"),
            RuleExample(files: [
                ExampleFile("compose.yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${PG_PASSWORD}\n"),
                ExampleFile("compose.prod.yaml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ↓hunter2\n"),
            ], note: "an overlay that writes the password"),
        ],
        nonTriggeringExamples: [
            .compose("services:\n  app:\n    image: app:1\n    environment:\n      - DATABASE_URL=${DATABASE_URL}\n      - DB_PASSWORD=${DB_PASSWORD:-}\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db\n      - NODE_ENV=production\n"),
            .compose("services:\n  app:\n    image: app:1\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n      API_TOKEN:\n", "no password; a value taken from the shell"),
            .dockerfile("FROM node:20\nARG NPM_TOKEN\nENV API_TOKEN=$NPM_TOKEN\nENV DB_PASSWORD=\"\"\n", "references and empty values"),
        ])

    public func check(_ dockerfile: DockerfileContext, _ report: inout DiagnosticCollector) {
        var reportedLines = Set<Int>()
        for variable in dockerfile.declaredVariables where SecretDetection.isSecretName(variable.name) {
            guard let value = variable.value, let range = variable.valueRange, SecretDetection.isLiteralValue(value) else { continue }
            reportedLines.insert(range.start.line)
            report.report("`\(variable.name)` is set to a literal secret that anyone with the image can read; remove it and pass the secret at run time (or with `RUN --mount=type=secret`), then rotate it",
                          file: dockerfile.path, range: range)
        }
        let lines = dockerfile.dockerfile.lineTable
        for instruction in dockerfile.dockerfile.instructions where !reportedLines.contains(instruction.argumentRange.start.line) {
            let text = instruction.argumentText
            // Exact positions when the argument text is the bytes as written (no continuation joined).
            let exact = instruction.argumentRange.byteCount == text.utf8.count
            for match in CredentialPatterns.scan(text) {
                let range = exact
                    ? lines.range(from: instruction.argumentRange.start.offset + match.range.lowerBound,
                                  to: instruction.argumentRange.start.offset + match.range.upperBound)
                    : instruction.argumentRange
                report.report("\(match.kind.capitalizedFirst) is written in plain text; remove it, pass it at build or run time as a secret, and rotate it",
                              file: dockerfile.path, range: range)
            }
        }
    }

    public func check(_ compose: ComposeContext, _ report: inout DiagnosticCollector) {
        var reported = Set<String>()
        func key(_ file: String, _ line: Int) -> String { "\(file):\(line)" }
        for service in compose.project.services {
            let entries = service.environment + (service.build?.args ?? [])
            for entry in entries where SecretDetection.isSecretName(entry.name) && !entry.isInterpolated {
                guard let value = entry.value, SecretDetection.isLiteralValue(value) else { continue }
                reported.insert(key(entry.file, entry.valueRange.start.line))
                report.report("`\(entry.name)` of service '\(service.name)' is a plaintext secret; reference it from the environment (`${\(entry.name)}`) or use a compose `secrets:` entry, and rotate it",
                              file: entry.file, range: entry.valueRange)
            }
        }
        for (file, node) in compose.writtenFiles {
            scanScalars(node) { scalar, text in
                guard !reported.contains(key(file, scalar.range.start.line)) else { return }
                for match in CredentialPatterns.scan(text) {
                    report.report("\(match.kind.capitalizedFirst) is written in plain text; move it to an environment variable or a compose secret, and rotate it",
                                  file: file, range: PlaintextSecret.range(of: match.range, in: scalar, text: text))
                }
            }
        }
    }

    private func scanScalars(_ node: ComposeNode, depth: Int = 0, _ visit: (ComposeNode, String) -> Void) {
        guard depth < 200 else { return }
        switch node.content {
        case .string(let text): visit(node, text)
        case .sequence(let items): for item in items { scanScalars(item, depth: depth + 1, visit) }
        case .mapping(let entries): for entry in entries { scanScalars(entry.value, depth: depth + 1, visit) }
        default: break
        }
    }

    /// The match's range in the file when the scalar is written as its text (plain or simply quoted),
    /// else the scalar's range.
    static func range(of match: Range<Int>, in scalar: ComposeNode, text: String) -> SourceRange {
        let written = scalar.range.byteCount
        let length = text.utf8.count
        let shift: Int
        if written == length { shift = 0 } else if written == length + 2 { shift = 1 } else { return scalar.range }
        let start = scalar.range.start
        guard start.line == scalar.range.end.line else { return scalar.range }
        func position(_ offset: Int) -> SourcePosition {
            SourcePosition(offset: start.offset + shift + offset, line: start.line, column: start.column + shift + offset)
        }
        return SourceRange(start: position(match.lowerBound), end: position(match.upperBound))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
