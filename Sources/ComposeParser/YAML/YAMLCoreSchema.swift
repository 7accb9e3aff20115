// Resolution of scalars under the YAML 1.2 core schema: plain scalars become null, bool, int,
// float or string by their text; quoted and block scalars stay strings; `!!type` tags force a type.
extension YAMLNode {
    /// The scalar's value under the core schema (following aliases); `.null` for collections.
    public var coreValue: YAMLScalarValue {
        let node = resolved
        guard case .scalar(let text, let style) = node.content else { return .null }
        return YAMLCoreSchema.resolve(text, style: style, tag: node.tag)
    }
}

public enum YAMLCoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    public static func resolve(_ text: String, style: YAMLScalarStyle, tag: String?) -> YAMLScalarValue {
        if let tag {
            switch tag {
            case tagPrefix + "str", "!": return .string(text)
            case tagPrefix + "null": return .null
            case tagPrefix + "bool": return resolveBool(text).map { .bool($0) } ?? .string(text)
            case tagPrefix + "int": return resolveInt(text) ?? .string(text)
            case tagPrefix + "float":
                if let value = resolveFloat(text) { return .float(value) }
                if case .int(let value)? = resolveInt(text) { return .float(Double(value)) }
                return .string(text)
            default: break
            }
        }
        guard style == .plain else { return .string(text) }
        return resolvePlain(text)
    }

    public static func resolvePlain(_ text: String) -> YAMLScalarValue {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        // Only these first characters can start a non-string: skip the checks for everything else.
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let value = resolveBool(text) { return .bool(value) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let value = resolveInt(text) { return value }
            if let value = resolveFloat(text) { return .float(value) }
        default: break
        }
        return .string(text)
    }

    static func resolveBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Too large for `Int`: a float.
    static func resolveInt(_ text: String) -> YAMLScalarValue? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x") {
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            guard let value = Int(text.dropFirst(2), radix: radix) else { return nil }
            return .int(value)
        }
        var digits = bytes[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isDecimalDigit }) else { return nil }
        if let value = Int(text) { return .int(value) }
        return Double(text).map { .float($0) }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` (three spellings each).
    static func resolveFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var mantissaDigits = 0
        while index < bytes.count, bytes[index].isDecimalDigit { index += 1; mantissaDigits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index].isDecimalDigit { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < bytes.count, bytes[index].isDecimalDigit { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text)
    }
}
