/// The `.env` / `env_file` format Compose reads: `KEY=VALUE` lines, `export ` prefix, `#` comments,
/// single quotes literal, double quotes with escapes and substitution, unquoted values trimmed with
/// ` #` starting a comment; `$VAR` substituted from the environment then earlier lines.
enum EnvFile {
    struct Entry: Equatable {
        var name: String
        /// nil for a bare `KEY` line.
        var value: String?
        var line: Int
    }

    enum Failure: Error, Equatable {
        case invalidLine(line: Int, text: String)
    }

    static func parse(_ bytes: [UInt8], lookup: (String) -> String?) -> Result<[Entry], Failure> {
        var entries: [Entry] = []
        var defined: [String: String] = [:]
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            line.hasSuffix("\r") ? line.dropLast() : line
        }[...]
        var lineNumber = 0
        while let rawLine = lines.popFirst() {
            lineNumber += 1
            var line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).drop(while: { $0 == " " }) }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                let name = String(line.trimmingSpaces)
                guard isValidName(name) else { return .failure(.invalidLine(line: lineNumber, text: String(rawLine))) }
                entries.append(Entry(name: name, value: nil, line: lineNumber))
                continue
            }
            let name = String(line[..<separator].trimmingSpaces)
            guard isValidName(name) else { return .failure(.invalidLine(line: lineNumber, text: String(rawLine))) }
            var rest = line[line.index(after: separator)...].drop(while: { $0 == " " || $0 == "\t" })
            let value: String
            if let quote = rest.first, quote == "\"" || quote == "'" {
                rest = rest.dropFirst()
                var collected = ""
                var closed = false
                var current = rest
                while true {
                    if let end = closingQuote(in: current, quote: quote) {
                        collected += current[..<end]
                        closed = true
                        break
                    }
                    collected += current
                    guard let nextLine = lines.popFirst() else { break }
                    lineNumber += 1
                    collected += "\n"
                    current = nextLine
                }
                if !closed { return .failure(.invalidLine(line: lineNumber, text: String(rawLine))) }
                if quote == "'" {
                    value = collected
                } else {
                    value = expand(unescape(collected), defined: defined, lookup: lookup)
                }
            } else {
                var unquoted = rest
                if let comment = unquoted.range(of: " #") { unquoted = unquoted[..<comment.lowerBound] }
                value = expand(String(unquoted.trimmingSpaces), defined: defined, lookup: lookup)
            }
            defined[name] = value
            entries.append(Entry(name: name, value: value, line: lineNumber))
        }
        return .success(entries)
    }

    private static func expand(_ text: String, defined: [String: String], lookup: (String) -> String?) -> String {
        guard Interpolation.needsSubstitution(text) else { return text }
        let result = Interpolation.substitute(text) { name in lookup(name) ?? defined[name] }
        if case .success(let output) = result { return output.text }
        return text
    }

    private static func closingQuote(in text: Substring, quote: Character) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" && quote == "\"" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if character == quote { return index }
            index = text.index(after: index)
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"", "\\", "'": out.append(character)
                case "$": out.append("$$")
                default: out.append("\\"); out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.utf8.allSatisfy { Interpolation.isNameByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

extension StringProtocol {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
