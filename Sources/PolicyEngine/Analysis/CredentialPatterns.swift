/// Literal credentials recognisable by their shape, wherever they are written: URLs with an inline
/// password, cloud access keys, GitHub and Slack tokens, private key blocks. Hand-written scanners
/// over UTF-8 bytes (no regex engine at start-up, linear time on any input).
public enum CredentialPatterns {
    public struct Match: Hashable, Sendable {
        /// What was found, for messages: "an AWS access key ID", "a URL with an inline password", ...
        public var kind: String
        /// Byte range of the credential inside the scanned text (for a URL, the password).
        public var range: Range<Int>
    }

    public static func scan(_ text: String) -> [Match] {
        let bytes = Array(text.utf8)
        var matches: [Match] = []
        scanURLPasswords(bytes, into: &matches)
        scanPrefixedTokens(bytes, into: &matches)
        scanPrivateKeyBlocks(bytes, into: &matches)
        return matches.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    private static func isUpperOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: String, at index: Int) -> Bool {
        var offset = index
        for byte in prefix.utf8 {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
        }
        return true
    }

    /// `scheme://user:password@host`: the password, unless it is a variable reference or masked.
    private static func scanURLPasswords(_ bytes: [UInt8], into matches: inout [Match]) {
        var index = 0
        while index + 3 <= bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), index + 2 < bytes.count,
                  bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/"), index > 0,
                  isAlphanumeric(bytes[index - 1]) else {
                index += 1
                continue
            }
            let authorityStart = index + 3
            var end = authorityStart
            var at: Int?
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte <= 0x20
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
                if byte == UInt8(ascii: "@") { at = end }
                end += 1
            }
            if let at, let colon = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")), colon + 1 < at {
                let password = String(decoding: bytes[(colon + 1)..<at], as: UTF8.self)
                let masked = password.allSatisfy { $0 == "*" || $0 == "x" || $0 == "X" }
                if !SecretDetection.containsVariableReference(password) && !masked {
                    matches.append(Match(kind: "a URL with an inline password", range: (colon + 1)..<at))
                }
            }
            index = max(end, index + 1)
        }
    }

    /// Tokens that announce themselves with a prefix, followed by enough token characters.
    private enum TokenBody: Sendable {
        case upperOrDigit, alphanumeric, word, wordOrDash

        func accepts(_ byte: UInt8) -> Bool {
            switch self {
            case .upperOrDigit: return CredentialPatterns.isUpperOrDigit(byte)
            case .alphanumeric: return CredentialPatterns.isAlphanumeric(byte)
            case .word: return CredentialPatterns.isAlphanumeric(byte) || byte == UInt8(ascii: "_")
            case .wordOrDash: return CredentialPatterns.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
        }
    }

    private struct PrefixedToken: Sendable {
        let prefix: String
        let kind: String
        let minimumBody: Int
        let body: TokenBody
    }

    private static let prefixedTokens: [PrefixedToken] = [
        PrefixedToken(prefix: "AKIA", kind: "an AWS access key ID", minimumBody: 16, body: .upperOrDigit),
        PrefixedToken(prefix: "ASIA", kind: "an AWS temporary access key ID", minimumBody: 16, body: .upperOrDigit),
        PrefixedToken(prefix: "ghp_", kind: "a GitHub personal access token", minimumBody: 36, body: .alphanumeric),
        PrefixedToken(prefix: "gho_", kind: "a GitHub OAuth token", minimumBody: 36, body: .alphanumeric),
        PrefixedToken(prefix: "ghu_", kind: "a GitHub user-to-server token", minimumBody: 36, body: .alphanumeric),
        PrefixedToken(prefix: "ghs_", kind: "a GitHub server-to-server token", minimumBody: 36, body: .alphanumeric),
        PrefixedToken(prefix: "ghr_", kind: "a GitHub refresh token", minimumBody: 36, body: .alphanumeric),
        PrefixedToken(prefix: "github_pat_", kind: "a GitHub fine-grained access token", minimumBody: 40, body: .word),
        PrefixedToken(prefix: "xoxb-", kind: "a Slack bot token", minimumBody: 10, body: .wordOrDash),
        PrefixedToken(prefix: "xoxp-", kind: "a Slack user token", minimumBody: 10, body: .wordOrDash),
        PrefixedToken(prefix: "xoxa-", kind: "a Slack app token", minimumBody: 10, body: .wordOrDash),
        PrefixedToken(prefix: "xoxr-", kind: "a Slack refresh token", minimumBody: 10, body: .wordOrDash),
        PrefixedToken(prefix: "xoxs-", kind: "a Slack session token", minimumBody: 10, body: .wordOrDash),
        PrefixedToken(prefix: "AIza", kind: "a Google API key", minimumBody: 35, body: .wordOrDash),
        PrefixedToken(prefix: "sk_live_", kind: "a Stripe secret key", minimumBody: 24, body: .alphanumeric),
        PrefixedToken(prefix: "glpat-", kind: "a GitLab personal access token", minimumBody: 20, body: .wordOrDash),
    ]

    private static func scanPrefixedTokens(_ bytes: [UInt8], into matches: inout [Match]) {
        var index = 0
        while index < bytes.count {
            // A token starts at a word boundary.
            if index > 0, isAlphanumeric(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: "_") {
                index += 1
                continue
            }
            var advanced = false
            for token in prefixedTokens where hasPrefix(bytes, token.prefix, at: index) {
                var end = index + token.prefix.utf8.count
                while end < bytes.count, token.body.accepts(bytes[end]) { end += 1 }
                if end - index - token.prefix.utf8.count >= token.minimumBody {
                    matches.append(Match(kind: token.kind, range: index..<end))
                    index = end
                    advanced = true
                }
                break
            }
            if !advanced { index += 1 }
        }
    }

    /// `-----BEGIN … PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH, ENCRYPTED or PKCS#8).
    private static func scanPrivateKeyBlocks(_ bytes: [UInt8], into matches: inout [Match]) {
        let begin = Array("-----BEGIN ".utf8)
        let tail = Array("PRIVATE KEY-----".utf8)
        var index = 0
        while index + begin.count <= bytes.count {
            guard bytes[index] == begin[0], Array(bytes[index..<(index + begin.count)]) == begin else {
                index += 1
                continue
            }
            var end = index + begin.count
            let limit = min(bytes.count, end + 40)
            var found = false
            while end + tail.count <= limit + tail.count, end + tail.count <= bytes.count {
                if Array(bytes[end..<(end + tail.count)]) == tail { found = true; break }
                if bytes[end] == 0x0A { break }
                end += 1
            }
            if found {
                matches.append(Match(kind: "a private key", range: index..<(end + tail.count)))
                index = end + tail.count
            } else {
                index += begin.count
            }
        }
    }
}
