import SourceSupport

/// A Compose value as written, after YAML aliases and merge keys are expanded: the generic tree
/// that interpolation, extends, include, multi-file merge and normalization work on. Every node
/// keeps the file and range it was written at, so after merging overlays a value still points at
/// the file it came from.
public struct ComposeNode: Sendable {
    public enum Content: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case sequence([ComposeNode])
        case mapping([ComposeEntry])
    }

    public var content: Content
    public var file: String
    public var range: SourceRange
    /// Variables interpolated into this scalar (`${DB_PASSWORD}` gives ["DB_PASSWORD"]); empty when
    /// the value is written literally. Rules use it to tell a reference from a plaintext value.
    public var variables: [String]
    /// `!reset` / `!override` (Compose's merge tags); other tags are not kept.
    public var tag: String?

    public init(_ content: Content, file: String, range: SourceRange, variables: [String] = [], tag: String? = nil) {
        self.content = content
        self.file = file
        self.range = range
        self.variables = variables
        self.tag = tag
    }

    public var isNull: Bool {
        if case .null = content { return true }
        return false
    }

    public var entries: [ComposeEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    public var items: [ComposeNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The text of a string scalar.
    public var string: String? {
        if case .string(let text) = content { return text }
        return nil
    }

    /// Any scalar as Compose would print it in a string context (`8080` → "8080", `true` → "true").
    public var scalarText: String? {
        switch content {
        case .string(let text): return text
        case .int(let value): return String(value)
        case .float(let value): return ComposeNode.formatFloat(value)
        case .bool(let value): return value ? "true" : "false"
        case .null, .sequence, .mapping: return nil
        }
    }

    public var isScalar: Bool {
        switch content {
        case .sequence, .mapping: return false
        default: return true
        }
    }

    /// The value of the last entry named `key` in a mapping.
    public subscript(key: String) -> ComposeNode? {
        entries?.last(where: { $0.key == key })?.value
    }

    public var kindName: String {
        switch content {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "object"
        }
    }

    /// A float as Compose (Go's `%v`) prints it: shortest digits, exponent form below 1e-4 or from 1e6.
    static func formatFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        // Swift's description is the shortest round-trip text; take its digits and decimal exponent.
        let text = "\(abs(value))"
        let parts = text.split(separator: "e", maxSplits: 1)
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let integerPart = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var digits = Array(mantissa.filter { $0 != "." })
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.last == "0" { digits.removeLast() }
        exponent = pointPosition - 1
        let sign = value < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            var result = sign + String(digits[0])
            if digits.count > 1 { result += "." + String(digits[1...]) }
            let magnitude = abs(exponent)
            return result + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + String(digits) }
        if pointPosition >= digits.count { return sign + String(digits) + String(repeating: "0", count: pointPosition - digits.count) }
        return sign + String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
    }

    /// A copy with `content` replaced, keeping where it was written.
    func with(_ content: Content) -> ComposeNode {
        var copy = self
        copy.content = content
        return copy
    }

    /// Replace the value of `key` (appending the entry when absent); nil removes it.
    mutating func set(_ key: String, _ value: ComposeNode?) {
        guard case .mapping(var entries) = content else { return }
        if let index = entries.lastIndex(where: { $0.key == key }) {
            if let value { entries[index].value = value } else { entries.remove(at: index) }
        } else if let value {
            entries.append(ComposeEntry(key: key, keyRange: value.range, value: value))
        }
        content = .mapping(entries)
    }
}

public struct ComposeEntry: Sendable {
    public var key: String
    public var keyRange: SourceRange
    public var value: ComposeNode

    public init(key: String, keyRange: SourceRange, value: ComposeNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}
