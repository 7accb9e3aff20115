import PolicyEngine

/// The configuration side of `lint`: which `.infralint.yml` applies, its policy with `--select` and
/// `--ignore` on top, and the targets its `ignore-paths` leave.
enum LintConfiguration {
    /// The policy for a run, or the text to print before exiting 2.
    static func policy(explicitPath: String?, startingPaths: [String], select: [String]?, ignore: [String],
                       source: any WorkspaceFileSource) -> Result<ResolvedPolicy, ConfigurationErrors> {
        let loader = ConfigurationLoader(source: source)
        var path = explicitPath
        if path == nil { path = loader.discover(from: startDirectory(for: startingPaths)) }
        if let explicitPath, !FileSystem.exists(explicitPath) {
            return .failure(ConfigurationErrors([ConfigurationError(file: explicitPath, range: nil, message: "--config: no such file")]))
        }
        let loaded = loader.load(configurationAt: path)
        guard case .success(let policy) = loaded else { return loaded }
        do {
            return .success(try policy.applying(select: select, ignore: ignore))
        } catch {
            return .failure(ConfigurationErrors([ConfigurationError(file: "command line", range: nil,
                                                                    message: "unknown rule '\(error.name)' (see 'infralint rules')")]))
        }
    }

    /// The absolute folder the search for `.infralint.yml` starts from: the first linted path's
    /// folder (the path itself when it is a folder), else the working folder.
    static func startDirectory(for paths: [String]) -> String {
        let workingDirectory = FileSystem.currentDirectory()
        guard let first = paths.first(where: { $0 != "-" }) else { return workingDirectory }
        let absolute = WorkspacePath.join(workingDirectory, first)
        return FileSystem.kind(absolute) == .directory ? absolute : WorkspacePath.directory(absolute)
    }

    /// The linter's options; findings in ignored files it reaches on its own (a Dockerfile a compose
    /// service builds) are dropped too.
    static func lintOptions(_ policy: ResolvedPolicy) -> LintOptions {
        var options = policy.lintOptions
        if !policy.ignorePaths.isEmpty {
            options.filters.append(IgnoredPathsFilter(policy.ignorePaths, workingDirectory: FileSystem.currentDirectory()))
        }
        return options
    }

    /// The targets whose files `ignore-paths` does not match (a compose project keeps its other files).
    static func filter(_ targets: [LintTarget], by ignorePaths: IgnorePaths) -> [LintTarget] {
        guard !ignorePaths.isEmpty else { return targets }
        let workingDirectory = FileSystem.currentDirectory()
        return targets.compactMap { target in
            switch target {
            case .dockerfile(let path):
                return ignorePaths.matches(path, workingDirectory: workingDirectory) ? nil : target
            case .composeProject(let files):
                let kept = files.filter { !ignorePaths.matches($0, workingDirectory: workingDirectory) }
                return kept.isEmpty ? nil : .composeProject(files: kept)
            }
        }
    }
}
