import SourceSupport

/// Finds keys that repeat in one mapping, once the mapping is complete. Scalar keys are the same
/// when their tags are and they resolve to the same core-schema value (`1` and `0x1` are; `1` and
/// `"1"` are not; collection keys are never compared). Small mappings, the common case, compare
/// every pair of keys in a stack buffer (no allocation); larger ones use a dictionary.
enum YAMLDuplicateKeys {
    enum Identity: Hashable {
        /// An untagged key whose value is a string (most keys).
        case string(String)
        case other(tag: String?, value: YAMLScalarValue)
        /// A collection key.
        case none
    }

    static let linearLimit = 16

    static func check(_ pairs: [YAMLPair], into warnings: inout [ParseDiagnostic]) {
        let count = pairs.count
        guard count > 1 else { return }
        if count <= signatureLimit, allDistinctStrings(pairs) { return }
        if count <= linearLimit {
            withUnsafeTemporaryAllocation(of: Identity.self, capacity: count) { identities in
                for index in 0..<count { identities.initializeElement(at: index, to: identity(of: pairs[index].key)) }
                for later in 1..<count where identities[later] != .none {
                    for earlier in 0..<later where identities[earlier] == identities[later] {
                        warnings.append(warning(pairs, first: earlier, again: later))
                        break
                    }
                }
                identities.deinitialize()
            }
            return
        }
        var seen: [Identity: Int] = [:]
        seen.reserveCapacity(count)
        for index in 0..<count {
            let identity = identity(of: pairs[index].key)
            if identity == .none { continue }
            if let first = seen[identity] {
                warnings.append(warning(pairs, first: first, again: index))
            } else {
                seen[identity] = index
            }
        }
    }

    /// The common case, cheaply: every key an untagged scalar written as itself (no alias) that
    /// is a string under the core schema, and no two values equal. Compares the values' bytes in
    /// place, without building Strings or identities; anything else (including a duplicate) goes
    /// the general way. Quadratic in signatures (integers): for up to `signatureLimit` keys.
    static func allDistinctStrings(_ pairs: [YAMLPair]) -> Bool {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: pairs.count) { signatures in
            for later in pairs.indices {
                let key = pairs[later].key
                guard let signature = stringSignature(of: key) else { return false }
                signatures[later] = signature
                for earlier in 0..<later where signatures[earlier] == signature {
                    let same = key.withOwnScalarBytes { bytes in
                        pairs[earlier].key.withOwnScalarBytes { other in memcmpEqual(bytes, other) } ?? false
                    } ?? false
                    if same { return false }
                }
            }
            return true
        }
    }

    static let signatureLimit = 64

    /// Length and last byte of an untagged scalar key that is a string under the core schema (equal
    /// values have equal signatures, most unequal ones do not); nil for any other key.
    @inline(__always)
    static func stringSignature(of key: YAMLNode) -> Int? {
        guard key.properties?.tag == nil else { return nil }
        switch key.storage {
        case .slice(let source, let style):
            let bounds = key.sliceBounds(style)
            guard !bounds.isEmpty else { return nil }
            if style == .plain, source.withUnsafeBufferPointer({ plainMayResolveToNonString(UnsafeBufferPointer(rebasing: $0[bounds])) }) {
                return nil
            }
            return bounds.count << 8 | Int(source[bounds.upperBound - 1])
        case .scalar(let text, let style):
            let utf8 = text.utf8
            if style == .plain, mayResolveToNonString(first: utf8.first) { return nil }
            return utf8.count << 8 | Int(utf8.last ?? 0)
        default:
            return nil
        }
    }

    static func identity(of key: YAMLNode) -> Identity {
        let node = key.resolved
        guard case .scalar(let text, let style) = node.content else { return .none }
        if node.tag == nil, style != .plain || !mayResolveToNonString(text) { return .string(text) }
        let value = YAMLCoreSchema.resolve(text, style: style, tag: node.tag)
        if node.tag == nil, case .string(let resolved) = value { return .string(resolved) }
        return .other(tag: node.tag, value: value)
    }

    /// Like `mayResolveToNonString(first:)`, but a word starting like null or a bool (`test`,
    /// `name`, `files`) is looked at whole: only numbers stay a "maybe".
    static func plainMayResolveToNonString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            guard bytes.count <= 5 else { return false }
            return YAMLCoreSchema.resolvePlain(String(decoding: bytes, as: UTF8.self)) != .string(String(decoding: bytes, as: UTF8.self))
        default:
            return mayResolveToNonString(first: first)
        }
    }

    static func mayResolveToNonString(_ text: String) -> Bool {
        mayResolveToNonString(first: text.utf8.first)
    }

    /// By the value's first byte (nil: the empty value, null).
    static func mayResolveToNonString(first: UInt8?) -> Bool {
        guard let first else { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    static func warning(_ pairs: [YAMLPair], first: Int, again: Int) -> ParseDiagnostic {
        let key = pairs[again].key
        let name = key.resolved.scalarText ?? ""
        return ParseDiagnostic(
            severity: .warning,
            message: "duplicate mapping key '\(name)' (the first one is at line \(pairs[first].key.range.start.line))",
            range: key.range, code: "duplicate-key", related: [pairs[first].key.range])
    }
}
