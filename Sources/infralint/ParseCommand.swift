import SourceSupport
import DockerfileParser
import ComposeParser

/// `infralint parse`: prints what a front end makes of a file, for conformance tests and debugging.
enum ParseCommand {
    enum Language: String { case dockerfile, yaml, compose }

    static func run(_ arguments: [String]) -> Int32 {
        var language: Language?
        var resolved = false
        var files: [String] = []
        var envFiles: [String] = []
        var projectDirectory: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h":
                Output.line(Usage.parse)
                return 0
            case "--language", "--format":
                guard index + 1 < arguments.count else {
                    Output.error("infralint parse: \(argument) needs a value\n\n" + Usage.parse)
                    return 2
                }
                let value = arguments[index + 1]
                if argument == "--format" {
                    guard value == "json" else {
                        Output.error("infralint parse: unknown format '\(value)' (parse prints json)")
                        return 2
                    }
                } else {
                    guard let chosen = Language(rawValue: value) else {
                        Output.error("infralint parse: unknown language '\(value)' (dockerfile, yaml or compose)")
                        return 2
                    }
                    language = chosen
                }
                index += 2
                continue
            case "--resolved":
                resolved = true
            case "--env-file", "--project-directory":
                guard index + 1 < arguments.count else {
                    Output.error("infralint parse: \(argument) needs a value\n\n" + Usage.parse)
                    return 2
                }
                if argument == "--env-file" { envFiles.append(arguments[index + 1]) } else { projectDirectory = arguments[index + 1] }
                index += 2
                continue
            default:
                if argument.hasPrefix("--language=") {
                    return run(["--language", String(argument.dropFirst(11))] + arguments[(index + 1)...] + arguments[..<index])
                }
                if argument.hasPrefix("-") && argument != "-" {
                    Output.error("infralint parse: unknown option '\(argument)'\n\n" + Usage.parse)
                    return 2
                }
                files.append(argument)
            }
            index += 1
        }
        guard let first = files.first else {
            Output.error("infralint parse: no file given\n\n" + Usage.parse)
            return 2
        }
        let chosen = language ?? guessLanguage(first)
        if chosen == .compose {
            return parseCompose(files, resolved: resolved, envFiles: envFiles, projectDirectory: projectDirectory)
        }
        guard files.count == 1 else {
            Output.error("infralint parse: only compose takes several files")
            return 2
        }
        let bytes: [UInt8]
        switch FileSystem.readFile(first) {
        case .success(let read): bytes = read
        case .failure(let failure):
            Output.error("\(first): error: cannot read: \(failure.message)")
            return 1
        }
        switch chosen {
        case .dockerfile:
            let dockerfile = DockerfileParser.parse(bytes)
            if let error = dockerfile.diagnostics.first(where: { $0.severity == .error }) {
                Output.error(format(error, file: first, bytes: bytes, lines: dockerfile.lineTable))
                return 1
            }
            Output.line(dockerfile.parseOutputJSON().serialized(pretty: true))
            return 0
        case .yaml:
            let result = YAMLParser.parse(bytes)
            switch result.documentsJSON() {
            case .success(let json):
                Output.line(json.serialized(pretty: true))
                return 0
            case .failure(let error):
                Output.error(format(error, file: first, bytes: bytes, lines: result.lineTable))
                return 1
            }
        case .compose:
            return 2  // handled above
        }
    }

    static func parseCompose(_ files: [String], resolved: Bool, envFiles: [String] = [], projectDirectory: String? = nil) -> Int32 {
        var cache: [String: [UInt8]] = [:]
        // The environment is left empty on purpose: a linter's verdict must not depend on the shell it runs in.
        let options = ComposeLoadOptions(environment: [:], envFiles: envFiles, projectDirectory: projectDirectory,
                                         workingDirectory: FileSystem.currentDirectory(), loadOverrideFile: resolved)
        let result = ComposeLoader.load(files: files, options: options, readFile: { path in
            if let cached = cache[path] { return cached }
            guard case .success(let bytes) = FileSystem.readFile(path) else { return nil }
            cache[path] = bytes
            return bytes
        })
        if !resolved {
            // The model as written: each file's tree with every value's range, even when Compose would refuse it.
            if let parseError = result.diagnostics.first(where: { $0.diagnostic.code == "parse-error" }) {
                let bytes = cache[parseError.file] ?? []
                Output.error(format(parseError.diagnostic, file: parseError.file, bytes: bytes, lines: LineTable(bytes)))
                return 1
            }
            Output.line(ComposeWrittenJSON.files(result.writtenFiles).serialized(pretty: true))
            return 0
        }
        if let error = result.diagnostics.first(where: { $0.diagnostic.severity == .error }) {
            let bytes = cache[error.file] ?? []
            Output.error(format(error.diagnostic, file: error.file, bytes: bytes, lines: LineTable(bytes)))
            return 1
        }
        Output.line((result.resolvedJSON ?? .null).serialized(pretty: true))
        return 0
    }

    /// compose.yaml, docker-compose.yml and their overlays are compose; other YAML is plain YAML.
    static func guessLanguage(_ path: String) -> Language {
        let name = Path.baseName(path).lowercased()
        if name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            return name.hasPrefix("compose.") || name.hasPrefix("docker-compose.") || name.hasPrefix("docker-compose-") ? .compose : .yaml
        }
        return .dockerfile
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, the column counted in characters.
    static func format(_ diagnostic: ParseDiagnostic, file: String, bytes: [UInt8], lines: LineTable) -> String {
        let start = diagnostic.range.start
        let lineStart = start.line - 1 < lines.lineStarts.count ? lines.lineStarts[start.line - 1] : 0
        let column = ColumnCounting.characters(in: bytes, lineStart..<start.offset) + 1
        return "\(file):\(start.line):\(column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
    }
}
