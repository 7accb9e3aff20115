/// `ignore-paths:` patterns, each relative to the directory of the file that wrote it.
///
/// Patterns are globs over `/`-separated paths: `*` matches within one segment, `?` one character,
/// `**` any number of segments. A pattern that matches a directory ignores everything below it
/// (`vendor` and `vendor/**` are the same). A pattern without `/` matches at any depth, as in
/// `.gitignore` (`*.generated.yml`).
public struct IgnorePaths: Sendable, Hashable {
    public var patterns: [IgnorePattern]

    public init(_ patterns: [IgnorePattern] = []) { self.patterns = patterns }

    public var isEmpty: Bool { patterns.isEmpty }

    /// Why a pattern is not usable, or nil.
    public static func problem(with pattern: String) -> String? {
        if pattern.trimmingWhitespace().isEmpty { return "it is empty" }
        if pattern.hasPrefix("/") { return "it is absolute; patterns are relative to the configuration file's folder" }
        if pattern.split(separator: "/").contains("..") { return "'..' cannot be used; patterns match below the configuration file's folder" }
        return nil
    }

    /// Whether `path` (relative to `workingDirectory`, or absolute) is ignored.
    public func matches(_ path: String, workingDirectory: String = ".") -> Bool {
        let full = WorkspacePath.join(workingDirectory, path)
        for pattern in patterns {
            let base = WorkspacePath.join(workingDirectory, pattern.baseDirectory)
            guard let relative = IgnorePaths.relative(full, to: base) else { continue }
            if IgnorePaths.glob(pattern.pattern, matches: relative) { return true }
        }
        return false
    }

    /// `path` relative to `base`, or nil when it is not below it.
    static func relative(_ path: String, to base: String) -> String? {
        if base == "." { return path.hasPrefix("/") || path == ".." || path.hasPrefix("../") ? nil : path }
        if path == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// Glob match of a relative path, or of any of its ancestor directories.
    static func glob(_ pattern: String, matches path: String) -> Bool {
        var patternSegments = pattern.split(separator: "/").map(String.init).filter { $0 != "." }
        if patternSegments.last == "**" { patternSegments.removeLast() }
        if patternSegments.isEmpty { return true }
        if patternSegments.count == 1 && !pattern.hasPrefix("/") && !pattern.dropLast().contains("/") {
            patternSegments.insert("**", at: 0)
        }
        let pathSegments = path.split(separator: "/").map(String.init)
        // A match of a prefix of the path is a match of a directory holding the file.
        for length in stride(from: pathSegments.count, through: 1, by: -1) {
            if segmentsMatch(patternSegments[...], pathSegments[..<length]) { return true }
        }
        return false
    }

    static func segmentsMatch(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if segmentsMatch(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, wildcard(Array(first.unicodeScalars)[...], Array(segment.unicodeScalars)[...]) else { return false }
        return segmentsMatch(pattern.dropFirst(), path.dropFirst())
    }

    /// `*` and `?` within one segment (iterative, linear backtracking on the last `*`).
    static func wildcard(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// Drops findings in ignored files that the linter reaches on its own (a Dockerfile that a compose
/// service builds), through the engine's filter hook.
public struct IgnoredPathsFilter: DiagnosticFilter {
    public var ignorePaths: IgnorePaths
    public var workingDirectory: String

    public init(_ ignorePaths: IgnorePaths, workingDirectory: String) {
        self.ignorePaths = ignorePaths
        self.workingDirectory = workingDirectory
    }

    public func keeps(_ diagnostic: Diagnostic, in file: LintedFile?) -> Bool {
        !ignorePaths.matches(diagnostic.file, workingDirectory: workingDirectory)
    }
}
