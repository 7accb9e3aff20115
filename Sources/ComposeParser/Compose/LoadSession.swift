import SourceSupport

/// One run of the loader: reads and parses each file, interpolates, validates, normalizes, applies
/// extends and include, merges the files, then resolves the project and checks its consistency.
struct LoadSession {
    let options: ComposeLoadOptions
    let readFile: (String) -> [UInt8]?
    var diagnostics: [ComposeDiagnostic] = []
    var writtenFiles: [(file: String, node: ComposeNode)] = []
    var lineTables: [String: LineTable] = [:]

    init(options: ComposeLoadOptions, readFile: @escaping (String) -> [UInt8]?) {
        self.options = options
        self.readFile = readFile
    }

    mutating func run(files requested: [String]) -> ComposeLoadResult {
        guard let first = requested.first else {
            return ComposeLoadResult(resolvedJSON: nil, diagnostics: [ComposeDiagnostic(file: "-", diagnostic: ParseDiagnostic(
                message: "no compose file given", range: Self.fileStart, code: "compose-invalid"))])
        }
        let files = withOverrideFile(requested)
        var projectDirectory = options.projectDirectory ?? Paths.directory(of: first)
        if let working = options.workingDirectory { projectDirectory = Paths.resolve(projectDirectory, against: working) }
        let environment = projectEnvironment(projectDirectory: projectDirectory)

        var merged: ComposeNode?
        for file in files {
            guard let tree = loadFile(file, baseDirectory: projectDirectory, environment: environment, includeStack: []) else { continue }
            merged = ComposeMerge.merge(merged, tree)
        }
        guard var root = merged else {
            return ComposeLoadResult(resolvedJSON: nil, diagnostics: diagnostics, writtenFiles: writtenFiles)
        }
        let projectName = Self.projectName(root["name"]?.string, directory: projectDirectory)
        var resolver = ProjectResolver(projectName: projectName, projectDirectory: projectDirectory, environment: environment, readFile: readFile)
        root = resolver.resolve(root)
        diagnostics += resolver.diagnostics
        let project = ModelBuilder.project(from: root, files: files, written: writtenFiles)
        let refused = diagnostics.contains(where: { $0.diagnostic.severity == .error })
        let json = refused ? nil : JSONOutput.project(root, name: projectName)
        return ComposeLoadResult(resolvedJSON: json, diagnostics: diagnostics, project: project, writtenFiles: writtenFiles)
    }

    /// `compose.override.yaml` (or `docker-compose.override.yml`) beside a lone default-named file.
    private func withOverrideFile(_ files: [String]) -> [String] {
        guard options.loadOverrideFile, files.count == 1, let file = files.first else { return files }
        let name = Paths.baseName(file)
        let directory = file.contains("/") ? Paths.directory(of: file) + "/" : ""
        let candidates: [String]
        switch name {
        case "compose.yaml", "compose.yml": candidates = ["compose.override.yaml", "compose.override.yml"]
        case "docker-compose.yml", "docker-compose.yaml": candidates = ["docker-compose.override.yml", "docker-compose.override.yaml"]
        default: return files
        }
        for candidate in candidates where readFile(directory + candidate) != nil { return files + [directory + candidate] }
        return files
    }

    /// The process environment over `.env` (or the `--env-file`s).
    mutating func projectEnvironment(projectDirectory: String) -> [String: String] {
        let paths = options.envFiles.isEmpty ? [Paths.resolve(".env", against: projectDirectory)] : options.envFiles
        var environment: [String: String] = [:]
        for path in paths {
            guard let bytes = readFile(path) else {
                if !options.envFiles.isEmpty { report(path, "couldn't find env file: \(path)", Self.fileStart, code: "compose-invalid") }
                continue
            }
            switch EnvFile.parse(bytes, lookup: { options.environment[$0] ?? environment[$0] }) {
            case .success(let entries):
                for entry in entries { if let value = entry.value { environment[entry.name] = value } }
            case .failure(.invalidLine(let line, let text)):
                report(path, "failed to read \(path): line \(line): unexpected character in variable name \"\(text)\"",
                       lineRange(path, line: line, bytes: bytes), code: "compose-invalid")
            }
        }
        for (name, value) in options.environment { environment[name] = value }
        // Compose defines PWD as the directory it runs in when the environment lacks it.
        if environment["PWD"] == nil, let working = options.workingDirectory { environment["PWD"] = working }
        return environment
    }

    /// Reads, parses, interpolates, validates and normalizes one file, with its extends and include applied.
    mutating func loadFile(_ path: String, baseDirectory: String, environment: [String: String], includeStack: [String]) -> ComposeNode? {
        guard var root = parse(path, recordWritten: true) else { return nil }
        root = prepare(root, file: path, baseDirectory: baseDirectory, environment: environment)
        root = applyExtends(root, file: path, environment: environment)
        if root["include"] != nil {
            root = applyInclude(root, file: path, baseDirectory: baseDirectory, environment: environment, includeStack: includeStack + [path])
        }
        return root
    }

    /// Interpolation, schema validation and normalization of one parsed file.
    mutating func prepare(_ root: ComposeNode, file: String, baseDirectory: String, environment: [String: String]) -> ComposeNode {
        var interpolator = Interpolator(environment: environment)
        let interpolated = interpolator.interpolate(root)
        for failure in interpolator.failures { report(file, failure.message, failure.range, code: "compose-invalid") }
        for violation in Validator.validate(interpolated, file: file) {
            report(file, violation.message, violation.range, code: "compose-invalid")
        }
        var normalizer = Normalizer(baseDirectory: baseDirectory, home: environment["HOME"])
        let normalized = normalizer.normalizeTopLevel(interpolated)
        for problem in normalizer.problems { report(file, problem.message, problem.range, code: "compose-invalid") }
        return normalized
    }

    /// The file's first document as a tree (later documents merged onto it), or nil after reporting why not.
    mutating func parse(_ path: String, recordWritten: Bool) -> ComposeNode? {
        guard let bytes = readFile(path) else {
            report(path, "open \(path): no such file or directory", Self.fileStart, code: "compose-invalid")
            return nil
        }
        // Compose's own YAML reader (go-yaml) accepts under-indented flow continuation lines.
        let result = YAMLParser.parse(bytes, options: .compose)
        lineTables[path] = result.lineTable
        if let error = result.error {
            report(path, error.message, error.range, code: "parse-error")
            return nil
        }
        var converter = YAMLToCompose(file: path)
        var root: ComposeNode?
        for document in result.documents {
            guard let node = document.root else { continue }
            let tree = converter.convert(node)
            guard tree.entries != nil else {
                report(path, "Top-level object must be a mapping", tree.range, code: "compose-invalid")
                return nil
            }
            root = root.map { ComposeMerge.merge($0, tree) } ?? tree
        }
        for diagnostic in converter.diagnostics { report(path, diagnostic.message, diagnostic.range, code: diagnostic.code, related: diagnostic.related) }
        let empty = ComposeNode(.mapping([]), file: path, range: Self.fileStart)
        if recordWritten { writtenFiles.append((path, root ?? empty)) }
        guard let root else {
            report(path, "empty compose file", Self.fileStart, code: "compose-invalid")
            return nil
        }
        return root
    }

    mutating func report(_ file: String, _ message: String, _ range: SourceRange, code: String, related: [SourceRange] = []) {
        diagnostics.append(ComposeDiagnostic(file: file, diagnostic: ParseDiagnostic(
            severity: .error, message: message, range: range, code: code, related: related)))
    }

    private func lineRange(_ path: String, line: Int, bytes: [UInt8]) -> SourceRange {
        let table = LineTable(bytes)
        let content = table.contentRange(ofLine: min(max(line, 1), table.lineCount), in: bytes)
        return table.range(from: content.lowerBound, to: content.upperBound)
    }

    static let fileStart = SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))

    /// Compose's default project name: the directory's base name, lower-cased, keeping [a-z0-9_-].
    static func projectName(_ written: String?, directory: String) -> String {
        if let written, !written.isEmpty { return written.lowercased() }
        let base = Paths.baseName(directory).lowercased()
        var name = String(base.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        while let first = name.first, !(first.isLetter || first.isNumber) { name.removeFirst() }
        return name.isEmpty ? "default" : name
    }
}
