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
    static let signatureLimit = 64
}

// Run by the tree builder on node records, before the store exists: a text scalar's value is
// still in the scanner's buffer.
extension YAMLTreeBuilder {
    /// The mapping's pairs are `count` key/value entries of the arena's `children` from `base` on.
    mutating func checkDuplicateKeys(pairsAt base: Int, count: Int) {
        guard count > 1 else { return }
        if count <= YAMLDuplicateKeys.signatureLimit ? allDistinctStrings(pairsAt: base, count: count)
            : allDistinctStringsHashed(pairsAt: base, count: count) {
            return
        }
        let keys = arena.children[base..<base + 2 * count]
        func key(_ index: Int) -> Int { Int(keys[base + 2 * index]) }
        if count <= YAMLDuplicateKeys.linearLimit {
            withUnsafeTemporaryAllocation(of: YAMLDuplicateKeys.Identity.self, capacity: count) { identities in
                for index in 0..<count { identities.initializeElement(at: index, to: identity(of: key(index))) }
                for later in 1..<count where identities[later] != .none {
                    for earlier in 0..<later where identities[earlier] == identities[later] {
                        warnings.append(duplicateWarning(first: key(earlier), again: key(later)))
                        break
                    }
                }
                identities.deinitialize()
            }
            return
        }
        var seen: [YAMLDuplicateKeys.Identity: Int] = [:]
        seen.reserveCapacity(count)
        for index in 0..<count {
            let identity = identity(of: key(index))
            if identity == .none { continue }
            if let first = seen[identity] {
                warnings.append(duplicateWarning(first: key(first), again: key(index)))
            } else {
                seen[identity] = index
            }
        }
    }

    /// Runs `body` on the value bytes of scalar node `index` (aliases not followed); nil if it is
    /// not a scalar.
    func withScalarBytes<Result>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let record = arena.nodes[index]
        let buffer: [UInt8]
        switch record.kind {
        case .sourceScalar: buffer = arena.source
        case .textScalar: buffer = scanner.scalarValues
        default: return nil
        }
        let bounds = Int(record.first)..<Int(record.first) + Int(record.count)
        return buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds])) }
    }

    /// The common case, cheaply: every key an untagged scalar written as itself (no alias) that
    /// is a string under the core schema, and no two values equal. Compares the values' bytes in
    /// place, without building Strings or identities; anything else (including a duplicate) goes
    /// the general way. Quadratic in signatures (integers): for up to `signatureLimit` keys.
    func allDistinctStrings(pairsAt base: Int, count: Int) -> Bool {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { signatures in
            for later in 0..<count {
                let key = Int(arena.children[base + 2 * later])
                guard let signature = stringSignature(of: key) else { return false }
                signatures[later] = signature
                for earlier in 0..<later where signatures[earlier] == signature {
                    let other = Int(arena.children[base + 2 * earlier])
                    let same = withScalarBytes(of: key) { bytes in
                        withScalarBytes(of: other) { memcmpEqual(bytes, $0) } ?? false
                    } ?? false
                    if same { return false }
                }
            }
            return true
        }
    }

    /// For more keys than `signatureLimit` (a compose file's `services` can have thousands): the
    /// same check with an open-addressing table of the values' hashes, linear in the keys.
    func allDistinctStringsHashed(pairsAt base: Int, count: Int) -> Bool {
        var size = 16
        while size < 2 * count { size <<= 1 }
        let mask = size - 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { slots in
            // A slot holds the key's position, or -1.
            slots.initialize(repeating: -1)
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { hashes in
                for later in 0..<count {
                    let key = Int(arena.children[base + 2 * later])
                    guard let hash = stringKeyBytes(of: key, YAMLDuplicateKeys.hash) else { return false }
                    hashes[later] = hash
                    var slot = hash & mask
                    while slots[slot] >= 0 {
                        let earlier = slots[slot]
                        if hashes[earlier] == hash {
                            let other = Int(arena.children[base + 2 * earlier])
                            let same = withScalarBytes(of: key) { bytes in
                                withScalarBytes(of: other) { memcmpEqual(bytes, $0) } ?? false
                            } ?? false
                            if same { return false }
                        }
                        slot = (slot + 1) & mask
                    }
                    slots[slot] = later
                }
                return true
            }
        }
    }

    /// Length and last byte of an untagged scalar key that is a string under the core schema (equal
    /// values have equal signatures, most unequal ones do not); nil for any other key.
    @inline(__always)
    func stringSignature(of key: Int) -> Int? {
        stringKeyBytes(of: key) { bytes in bytes.count << 8 | Int(bytes[bytes.count - 1]) }
    }

    /// `body` run on the value of an untagged, non-empty scalar key (no alias) that is a string
    /// under the core schema; nil for any other key.
    @inline(__always)
    func stringKeyBytes<Result>(of key: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let record = arena.nodes[key]
        guard record.properties < 0 || arena.properties[Int(record.properties)].tag == nil else { return nil }
        let style = record.scalarStyle
        return withScalarBytes(of: key) { bytes -> Result? in
            if bytes.isEmpty { return nil }
            if style == .plain, YAMLDuplicateKeys.plainMayResolveToNonString(bytes) { return nil }
            return body(bytes)
        } ?? nil
    }

    func identity(of key: Int) -> YAMLDuplicateKeys.Identity {
        let node = arena.resolvedIndex(key)
        let record = arena.nodes[node]
        guard let text = withScalarBytes(of: node, { String(decoding: $0, as: UTF8.self) }) else { return .none }
        let tag = arena.tag(record)
        let style = record.scalarStyle
        if tag == nil, style != .plain || !YAMLDuplicateKeys.mayResolveToNonString(text) { return .string(text) }
        let value = YAMLCoreSchema.resolve(text, style: style, tag: tag)
        if tag == nil, case .string(let resolved) = value { return .string(resolved) }
        return .other(tag: tag, value: value)
    }

    func duplicateWarning(first: Int, again: Int) -> ParseDiagnostic {
        let name = withScalarBytes(of: arena.resolvedIndex(again)) { String(decoding: $0, as: UTF8.self) } ?? ""
        let firstRange = arena.nodes[first].range.range
        return ParseDiagnostic(
            severity: .warning,
            message: "duplicate mapping key '\(name)' (the first one is at line \(firstRange.start.line))",
            range: arena.nodes[again].range.range, code: "duplicate-key", related: [firstRange])
    }
}

extension YAMLDuplicateKeys {
    /// Like `mayResolveToNonString(first:)`, but a word starting like null or a bool (`test`,
    /// `name`, `files`) is looked at whole: only numbers stay a "maybe".
    static func plainMayResolveToNonString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            // Compared as bytes: most keys starting so (`test`, `name`) would otherwise cost two Strings.
            guard bytes.count <= 5 else { return false }
            return nullAndBoolWords.contains { word in word.count == bytes.count && word.elementsEqual(bytes) }
        default:
            return mayResolveToNonString(first: first)
        }
    }

    /// FNV-1a of the bytes, folded to an `Int`.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The plain scalars starting with one of `~nNtTfF` that are not strings under the core schema.
    static let nullAndBoolWords: [[UInt8]] = ["~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]
        .map { Array($0.utf8) }

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
}
