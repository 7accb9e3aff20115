import SourceSupport

/// Entry point of the Compose front end. STUB: replaced by the real model.
/// The front end is pure: files are read through `readFile`, which the CLI backs with the disk and
/// tests with a dictionary.
public enum ComposeLoader {
    public static func load(
        files: [String],
        environment: [String: String],
        readFile: (String) -> [UInt8]?
    ) -> ComposeLoadResult {
        ComposeLoadResult(resolvedJSON: nil, diagnostics: [
            ComposeDiagnostic(file: files.first ?? "-", diagnostic: ParseDiagnostic(
                message: "the Compose model is not written yet",
                range: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))))
        ])
    }
}

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
}
