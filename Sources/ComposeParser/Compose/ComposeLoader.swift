import SourceSupport

/// What the loader needs besides the file list.
public struct ComposeLoadOptions: Sendable {
    /// The process environment (wins over `.env`).
    public var environment: [String: String]
    /// `--env-file` paths; when empty, `.env` in the project directory is read if present.
    public var envFiles: [String]
    /// `--project-directory`; defaults to the first file's directory.
    public var projectDirectory: String?
    /// The current directory, to make relative paths absolute as Compose prints them (nil keeps them relative).
    public var workingDirectory: String?
    /// `compose.override.yaml` beside a single `compose.yaml` is merged as Compose does.
    public var loadOverrideFile: Bool

    public init(environment: [String: String] = [:], envFiles: [String] = [], projectDirectory: String? = nil,
                workingDirectory: String? = nil, loadOverrideFile: Bool = true) {
        self.environment = environment
        self.envFiles = envFiles
        self.projectDirectory = projectDirectory
        self.workingDirectory = workingDirectory
        self.loadOverrideFile = loadOverrideFile
    }
}

/// Entry point of the Compose front end.
/// The front end is pure: files are read through `readFile`, which the CLI backs with the disk and
/// tests with a dictionary.
public enum ComposeLoader {
    public static func load(
        files: [String],
        environment: [String: String],
        readFile: (String) -> [UInt8]?
    ) -> ComposeLoadResult {
        load(files: files, options: ComposeLoadOptions(environment: environment), readFile: readFile)
    }

    public static func load(
        files: [String],
        options: ComposeLoadOptions,
        readFile: (String) -> [UInt8]?
    ) -> ComposeLoadResult {
        withoutActuallyEscaping(readFile) { reader in
            var session = LoadSession(options: options, readFile: reader)
            return session.run(files: files)
        }
    }
}

/// A diagnostic and the file it is about. `diagnostic.code` is what the policy engine maps to rules:
/// "parse-error" (YAML syntax), "compose-invalid" (unknown key, wrong type, legacy format, duplicate
/// key), "compose-undefined-reference", "compose-dependency-cycle".
public struct ComposeDiagnostic: Sendable {
    public var file: String
    public var diagnostic: ParseDiagnostic

    public init(file: String, diagnostic: ParseDiagnostic) {
        self.file = file
        self.diagnostic = diagnostic
    }
}

public struct ComposeLoadResult: Sendable {
    /// The project as `docker compose config --format json` prints it; nil when Compose would refuse it.
    public var resolvedJSON: JSONValue?
    public var diagnostics: [ComposeDiagnostic]
    /// The typed resolved model; nil when the files could not be read or parsed at all.
    public var project: ComposeProject?
    /// Each file's tree as written (after YAML merge keys, before interpolation), in load order.
    public var writtenFiles: [(file: String, node: ComposeNode)]

    public init(resolvedJSON: JSONValue?, diagnostics: [ComposeDiagnostic], project: ComposeProject? = nil,
                writtenFiles: [(file: String, node: ComposeNode)] = []) {
        self.resolvedJSON = resolvedJSON
        self.diagnostics = diagnostics
        self.project = project
        self.writtenFiles = writtenFiles
    }

    /// True when Compose would refuse the project.
    public var isRefused: Bool { diagnostics.contains(where: { $0.diagnostic.severity == .error }) }
}
