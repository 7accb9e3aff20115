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
