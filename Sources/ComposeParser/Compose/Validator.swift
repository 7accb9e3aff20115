import SourceSupport

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
