/// A `USER` instruction's or compose `user:` value: `NAME[:GROUP]` or `UID[:GID]`.
public enum UserSpec {
    /// True for `root`, `0`, `root:anything`, `0:anything` (the user part decides). Interpolated or
    /// empty values are not judged.
    public static func isRoot(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty || SecretDetection.containsVariableReference(trimmed) { return false }
        let user = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? trimmed
        if user == "root" { return true }
        // `0`, `00`: any spelling of UID 0.
        return !user.isEmpty && user.allSatisfy { $0 == "0" }
    }
}
