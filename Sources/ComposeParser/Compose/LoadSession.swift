import SourceSupport

/// One run of the loader: reads, parses and resolves the files. STUB while the pipeline is written.
struct LoadSession {
    let options: ComposeLoadOptions
    let readFile: (String) -> [UInt8]?

    mutating func run(files: [String]) -> ComposeLoadResult {
        ComposeLoadResult(resolvedJSON: nil, diagnostics: [])
    }
}
