import DockerfileParser

/// Decides whether a variable name says it holds a secret, and whether a value is a literal
/// credential. The one place rules ask; `secret-in-arg-or-env` and `plaintext-secret` share it.
public enum SecretDetection {
    /// Words that make a name secret on their own.
    private static let secretWords: Set<String> = [
        "password", "passwd", "pwd", "pword", "pass", "passphrase", "secret", "secrets", "token",
        "apikey", "credential", "credentials", "creds", "privatekey", "auth",
    ]
    /// `X_KEY` is a secret when X is one of these (`API_KEY`, `PRIVATE_KEY`, `SECRET_ACCESS_KEY`), not
    /// in general (`GPG_KEY` and `SIGNING_KEY_ID` name public data as often as not).
    private static let keyQualifiers: Set<String> = [
        "api", "private", "access", "secret", "signing", "encryption", "master", "client", "license", "session", "ssh",
    ]
    /// A last word that says the variable holds where a secret is or something about it, not the secret.
    private static let metadataWords: Set<String> = [
        "file", "files", "path", "paths", "dir", "directory", "location", "url", "uri", "endpoint", "host",
        "port", "name", "names", "user", "username", "id", "length", "len", "size", "min", "max", "policy",
        "type", "mode", "header", "enabled", "required", "expiry", "expires", "ttl", "lifetime", "version",
        "hash", "algorithm", "algo", "method", "id", "arn",
    ]

    /// The words of a variable name: split at `_`, `-`, `.` and lower-to-upper case changes, lowercased.
    public static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousIsLower = false
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previousIsLower = false
                continue
            }
            if character.isUppercase, previousIsLower, !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
            current.append(character)
            previousIsLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// True when `name` says it holds a secret: `DB_PASSWORD`, `githubToken`, `API_KEY`,
    /// `AWS_SECRET_ACCESS_KEY`; false for `PASSWORD_FILE`, `SECRET_PATH`, `PUBLIC_KEY`, `TOKEN_URL`.
    public static func isSecretName(_ name: String) -> Bool {
        let words = words(of: name)
        guard let last = words.last else { return false }
        if metadataWords.contains(last) { return false }
        if words.contains("public") || words.contains("pub") { return false }
        for (index, word) in words.enumerated() {
            if secretWords.contains(word) {
                // `pass` alone is also "pass through", "bypass": only count it as the last word.
                if word == "pass" && index != words.count - 1 { continue }
                return true
            }
            if word == "key", index > 0, keyQualifiers.contains(words[index - 1]) { return true }
            if word.hasSuffix("password") || word.hasSuffix("token") || word.hasSuffix("secret") { return true }
        }
        return false
    }

    /// True when `value` is written out rather than taken from elsewhere: non-empty, and not
    /// interpolated (`${DB_PASSWORD}`, `$TOKEN`, `${X:-default}` are references, never findings).
    public static func isLiteralValue(_ value: String) -> Bool {
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty { return false }
        if containsVariableReference(trimmed) { return false }
        return true
    }

    /// Whether the text has a `$NAME` or `${…}` reference (the Dockerfile front end's expansion rules).
    public static func containsVariableReference(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "$")) && !VariableExpansion.referencedVariables(in: text).isEmpty
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
