import SourceSupport

/// Applies `Interpolation` to every string value of a file's tree (keys are left alone, as in
/// Compose), remembering on each node which variables it used.
struct Interpolator {
    struct Failure {
        var message: String
        var range: SourceRange
    }

    let environment: [String: String]
    private(set) var failures: [Failure] = []

    init(environment: [String: String]) {
        self.environment = environment
    }

    mutating func interpolate(_ node: ComposeNode) -> ComposeNode {
        interpolate(node, path: [])
    }

    private mutating func interpolate(_ node: ComposeNode, path: [String]) -> ComposeNode {
        var node = node
        switch node.content {
        case .string(let text):
            guard Interpolation.needsSubstitution(text) else { return node }
            let environment = self.environment
            switch Interpolation.substitute(text, lookup: { environment[$0] }) {
            case .success(let output):
                node.content = .string(output.text)
                node.variables = output.variables
            case .failure(.invalidFormat):
                failures.append(Failure(message: "invalid interpolation format for \(path.joined(separator: ".")): \"\(text)\"; you may need to escape any $ with another $",
                                        range: node.range))
            case .failure(.requiredVariableMissing(let name, let message)):
                var text = "error while interpolating \(path.joined(separator: ".")): required variable \(name) is missing a value"
                if !message.isEmpty { text += ": " + message }
                failures.append(Failure(message: text, range: node.range))
            }
        case .sequence(let items):
            node.content = .sequence(items.map { interpolate($0, path: path + ["[]"]) })
        case .mapping(let entries):
            node.content = .mapping(entries.map { entry in
                var entry = entry
                entry.value = interpolate(entry.value, path: path + [entry.key])
                return entry
            })
        default:
            break
        }
        return node
    }
}

/// Schema validation of one file with Compose's messages, plus the legacy-format hint.
enum Validator {
    static func validate(_ root: ComposeNode, file: String) -> [SchemaViolation] {
        let violations = ComposeSchema.validate(root) + patternViolations(root)
        let hasServices = root["services"] != nil
        return violations.map { violation in
            var violation = violation
            violation.message = "validating \(file): " + violation.message
            if !hasServices, violation.message.hasSuffix("not allowed"), violation.node.entries != nil,
               violation.range.start.column == 1 {
                violation.message += "; this looks like the legacy Compose format (services at the top level): move them under `services:`"
            }
            return violation
        }
    }

    /// The spec's two string patterns (unanchored, as JSON schema patterns are).
    private static func patternViolations(_ root: ComposeNode) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        for service in root["services"]?.entries ?? [] {
            if let name = service.value["container_name"], let text = name.string, !containsContainerName(text) {
                violations.append(SchemaViolation(
                    message: "services.\(service.key).container_name '\(text)' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'",
                    node: name, range: name.range))
            }
            if let policy = service.value["pull_policy"], let text = policy.string,
               !["always", "never", "build", "if_not_present", "missing", "refresh", "daily", "weekly", "every_"].contains(where: { text.contains($0) }) {
                violations.append(SchemaViolation(message: "services.\(service.key).pull_policy '\(text)' is not a pull policy",
                                                  node: policy, range: policy.range))
            }
        }
        return violations
    }

    private static func containsContainerName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
        guard bytes.count >= 2 else { return false }
        for index in 0..<(bytes.count - 1) where isAlphanumeric(bytes[index]) {
            let next = bytes[index + 1]
            if isAlphanumeric(next) || next == UInt8(ascii: "_") || next == UInt8(ascii: ".") || next == UInt8(ascii: "-") { return true }
        }
        return false
    }
}
