/// Splits `command:` / `entrypoint:` strings into words as Compose does (go-shellwords without
/// environment or backtick evaluation): spaces separate, quotes group, `\` escapes, and an unquoted
/// `;`, `&`, `|`, `<` or `>` ends the command.
public enum ShellWords {
    public enum Failure: Error, Equatable, Sendable { case unterminated }

    public static func split(_ line: String) -> Result<[String], Failure> {
        var words: [String] = []
        var buffer = ""
        var hasWord = false
        var escaped = false
        var singleQuoted = false
        var doubleQuoted = false
        var backQuoted = false
        var dollarQuoted = false
        var previous: Character = " "
        loop: for character in line {
            defer { previous = character }
            if escaped {
                buffer.append(character)
                escaped = false
                hasWord = true
                continue
            }
            if character == "\\" {
                if singleQuoted { buffer.append(character) } else { escaped = true }
                continue
            }
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                if singleQuoted || doubleQuoted || backQuoted || dollarQuoted {
                    buffer.append(character)
                } else if hasWord {
                    words.append(buffer)
                    buffer = ""
                    hasWord = false
                }
                continue
            }
            switch character {
            case "`":
                if !singleQuoted && !doubleQuoted && !dollarQuoted { backQuoted.toggle() }
            case "(":
                if !singleQuoted && !doubleQuoted && !backQuoted && !dollarQuoted && previous == "$" {
                    dollarQuoted = true
                }
            case ")":
                if !singleQuoted && !doubleQuoted && !backQuoted && dollarQuoted { dollarQuoted = false }
            case "\"":
                if !singleQuoted && !dollarQuoted {
                    doubleQuoted.toggle()
                    hasWord = true
                    continue
                }
            case "'":
                if !doubleQuoted && !dollarQuoted {
                    singleQuoted.toggle()
                    hasWord = true
                    continue
                }
            case ";", "&", "|", "<", ">":
                if !(singleQuoted || doubleQuoted || backQuoted || dollarQuoted) { break loop }
            default:
                break
            }
            hasWord = true
            buffer.append(character)
        }
        if escaped || singleQuoted || doubleQuoted || backQuoted || dollarQuoted { return .failure(.unterminated) }
        if hasWord { words.append(buffer) }
        return .success(words)
    }
}

/// Lexical path handling (no file system): Compose resolves relative paths against a directory.
enum Paths {
    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` against `base` unless absolute, with `.` and `..` folded.
    static func resolve(_ path: String, against base: String) -> String {
        if isAbsolute(path) { return clean(path) }
        if base.isEmpty || base == "." { return clean(path) }
        return clean(base + "/" + path)
    }

    static func clean(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast(); continue }
                if absolute { continue }
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
