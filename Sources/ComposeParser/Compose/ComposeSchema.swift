import SourceSupport

/// The shape of valid Compose documents (the Compose specification's JSON schema, reduced to what
/// decides acceptance: keys, value types, nesting) and the validator that reports, with locations,
/// what Compose would refuse.
public enum ComposeSchema {}

struct SchemaTypes: OptionSet, Sendable {
    let rawValue: Int
    static let string = SchemaTypes(rawValue: 1)
    static let number = SchemaTypes(rawValue: 2)
    static let integer = SchemaTypes(rawValue: 4)
    static let boolean = SchemaTypes(rawValue: 8)
    static let null = SchemaTypes(rawValue: 16)
    static let array = SchemaTypes(rawValue: 32)
    static let object = SchemaTypes(rawValue: 64)
}

struct SchemaObject: Sendable {
    var properties: [(String, SchemaShape)] = []
    /// The shape of every other key's value (maps such as `services:` or `environment:`).
    var values: SchemaShape? = nil
    /// `x-` keys allowed.
    var extensions: Bool = false
    /// Keys other than the properties (and `values`) refused.
    var closed: Bool = false
    /// Keys that must be present (JSON Schema `required`).
    var required: [String] = []

    func shape(of key: String) -> SchemaShape? {
        properties.first(where: { $0.0 == key })?.1
    }
}

indirect enum SchemaShape: Sendable {
    case any
    case scalar(SchemaTypes)
    case object(SchemaObject)
    case nullable(SchemaShape)
    case array(SchemaShape)
    case oneOf([SchemaShape])
    case ref(String)
}

struct SchemaViolation: Sendable {
    var message: String
    var node: ComposeNode
    var range: SourceRange
}

extension ComposeSchema {
    static func resolve(_ shape: SchemaShape) -> SchemaShape {
        var current = shape
        var hops = 0
        while case .ref(let name) = current, hops < 16 {
            current = definitions[name] ?? .any
            hops += 1
        }
        return current
    }

    /// The known keys of a definition (`service`, `network`, ...), for suggestions and tests.
    public static func keys(ofDefinition name: String) -> [String] {
        if case .object(let object) = resolve(.ref(name)) { return object.properties.map(\.0) }
        if case .nullable(let inner) = resolve(.ref(name)), case .object(let object) = inner { return object.properties.map(\.0) }
        return []
    }

    public static var topLevelKeys: [String] {
        if case .object(let object) = root { return object.properties.map(\.0) }
        return []
    }

    /// Violations of `node` against the top-level shape; `path` is Compose's dotted path for messages.
    static func validate(_ node: ComposeNode) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        validate(node, against: root, path: "", into: &violations, depth: 0)
        return violations
    }

    private static func validate(_ node: ComposeNode, against shape: SchemaShape, path: String,
                                 into violations: inout [SchemaViolation], depth: Int) {
        guard depth < 64 else { return }
        switch resolve(shape) {
        case .any, .ref:
            return
        case .scalar(let types):
            if !accepts(types, node) {
                violations.append(SchemaViolation(message: "\(describe(path)) must be a \(typeNames(types))", node: node, range: node.range))
            }
        case .nullable(let inner):
            if node.isNull { return }
            validate(node, against: inner, path: path, into: &violations, depth: depth + 1)
        case .array(let items):
            guard let elements = node.items else {
                violations.append(SchemaViolation(message: "\(describe(path)) must be a array", node: node, range: node.range))
                return
            }
            for (index, element) in elements.enumerated() {
                validate(element, against: items, path: join(path, String(index)), into: &violations, depth: depth + 1)
            }
            checkUniqueItems(elements, path: path, into: &violations)
        case .object(let object):
            guard let entries = node.entries else {
                violations.append(SchemaViolation(message: "\(describe(path)) must be a object", node: node, range: node.range))
                return
            }
            for key in object.required where !entries.contains(where: { $0.key == key }) {
                violations.append(SchemaViolation(message: "\(describe(path)) missing property '\(key)'", node: node, range: node.range))
            }
            for entry in entries {
                if let property = object.shape(of: entry.key) {
                    validate(entry.value, against: property, path: join(path, entry.key), into: &violations, depth: depth + 1)
                } else if object.extensions && entry.key.hasPrefix("x-") {
                    continue
                } else if let values = object.values {
                    validate(entry.value, against: values, path: join(path, entry.key), into: &violations, depth: depth + 1)
                } else if object.closed {
                    var message = (path.isEmpty ? "" : path + " ") + "additional properties '\(entry.key)' not allowed"
                    if let suggestion = Suggestion.closest(to: entry.key, among: object.properties.map(\.0)) {
                        message += " (did you mean '\(suggestion)'?)"
                    }
                    violations.append(SchemaViolation(message: message, node: entry.value, range: entry.keyRange))
                }
            }
        case .oneOf(let alternatives):
            var best: [SchemaViolation]?
            for alternative in alternatives {
                var attempt: [SchemaViolation] = []
                validate(node, against: alternative, path: path, into: &attempt, depth: depth + 1)
                if attempt.isEmpty { return }
                // Prefer the alternative of the node's own kind: its errors say what is wrong inside.
                if best == nil || matchesKind(node, alternative) { best = attempt }
            }
            violations.append(contentsOf: best ?? [])
        }
    }

    /// Service lists Compose's schema declares `uniqueItems` and rejects repeats in (checked against
    /// `docker compose config`; cap_add, dns, profiles and the like are deduplicated instead).
    private static let uniqueServiceLists: Set<String> = ["security_opt", "networks", "depends_on", "external_links",
                                                          "group_add", "volumes_from", "device_cgroup_rules", "extra_hosts"]

    private static func checkUniqueItems(_ elements: [ComposeNode], path: String, into violations: inout [SchemaViolation]) {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "services", uniqueServiceLists.contains(String(parts[2])) else { return }
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let text = element.scalarText else { continue }
            let key = (element.string != nil ? "s:" : "n:") + text
            if let first = seen[key] {
                violations.append(SchemaViolation(message: "\(describe(path)) items at \(first) and \(index) are equal",
                                                  node: element, range: element.range))
                return
            }
            seen[key] = index
        }
    }

    private static func matchesKind(_ node: ComposeNode, _ shape: SchemaShape) -> Bool {
        switch resolve(shape) {
        case .object: return node.entries != nil
        case .nullable(let inner): return node.isNull || matchesKind(node, inner)
        case .array: return node.items != nil
        case .scalar(let types): return accepts(types, node)
        case .oneOf(let alternatives): return alternatives.contains { matchesKind(node, $0) }
        case .any, .ref: return true
        }
    }

    private static func accepts(_ types: SchemaTypes, _ node: ComposeNode) -> Bool {
        switch node.content {
        case .null: return types.contains(.null)
        case .bool: return types.contains(.boolean)
        case .int: return types.contains(.integer) || types.contains(.number)
        case .float(let value):
            return types.contains(.number) || (types.contains(.integer) && value == value.rounded() && value.isFinite)
        case .string: return types.contains(.string)
        case .sequence: return types.contains(.array)
        case .mapping: return types.contains(.object)
        }
    }

    private static func typeNames(_ types: SchemaTypes) -> String {
        var names: [String] = []
        if types.contains(.string) { names.append("string") }
        if types.contains(.number) { names.append("number") }
        if types.contains(.integer) { names.append("integer") }
        if types.contains(.boolean) { names.append("boolean") }
        if types.contains(.null) { names.append("null") }
        if types.contains(.array) { names.append("array") }
        if types.contains(.object) { names.append("object") }
        return names.joined(separator: " or ")
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
    private static func describe(_ path: String) -> String { path.isEmpty ? "top-level object" : path }
}

/// "did you mean": the closest known key by edit distance, when close enough to be a typo.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.utf8), Array(candidate.utf8))
            if distance <= max(1, min(3, candidate.utf8.count / 3)), best == nil || distance < best!.1 {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
