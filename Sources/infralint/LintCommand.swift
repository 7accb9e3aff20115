import PolicyEngine

/// `infralint [lint] [PATH…]`: discovers files, lints them, prints a report, exits 0/1/2.
enum LintCommand {
    struct Options {
        var paths: [String] = []
        var composeFiles: [String] = []
        var format: OutputFormat = .text
        var select: [String]?
        var ignore: [String] = []
        var failOn: Severity = .warning
        var color = true
        var stdinFilename: String?
        var configPath: String?
        var failOnGiven = false
    }

    static func usageError(_ message: String) -> Int32 {
        Output.error("infralint lint: \(message)\n\n" + Usage.lint)
        return 2
    }

    /// Splits `--select a,b` and repeated flags into names.
    static func names(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    static func parse(_ arguments: [String]) -> Result<Options, UsageFailure> {
        var options = Options()
        var index = 0
        var onlyPaths = false
        while index < arguments.count {
            var argument = arguments[index]
            var inlineValue: String?
            if !onlyPaths, argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            func value() -> String? {
                if let inlineValue { return inlineValue }
                guard index + 1 < arguments.count else { return nil }
                index += 1
                return arguments[index]
            }
            if onlyPaths || argument == "-" || !argument.hasPrefix("-") {
                options.paths.append(argument)
                index += 1
                continue
            }
            switch argument {
            case "--":
                onlyPaths = true
            case "--help", "-h":
                return .failure(.help)
            case "--format":
                guard let text = value() else { return .failure(.message("--format needs a value (text or json)")) }
                guard let format = OutputFormat(rawValue: text) else { return .failure(.message("unknown format '\(text)' (text, json or sarif)")) }
                options.format = format
            case "--select":
                guard let text = value() else { return .failure(.message("--select needs rule names")) }
                options.select = (options.select ?? []) + names(text)
            case "--ignore":
                guard let text = value() else { return .failure(.message("--ignore needs rule names")) }
                options.ignore += names(text)
            case "--fail-on":
                guard let text = value() else { return .failure(.message("--fail-on needs a severity (error, warning or info)")) }
                guard let severity = Severity(rawValue: text) else { return .failure(.message("unknown severity '\(text)' (error, warning or info)")) }
                options.failOn = severity
                options.failOnGiven = true
            case "--config":
                guard let text = value() else { return .failure(.message("--config needs a configuration file")) }
                options.configPath = text
            case "--no-color":
                options.color = false
            case "-f", "--compose-file":
                guard let text = value() else { return .failure(.message("\(argument) needs a compose file")) }
                options.composeFiles.append(text)
            case "--stdin-filename":
                guard let text = value() else { return .failure(.message("--stdin-filename needs a file name")) }
                options.stdinFilename = text
            default:
                return .failure(.message("unknown option '\(argument)'"))
            }
            index += 1
        }
        return .success(options)
    }

    enum UsageFailure: Error { case help, message(String) }

    static func run(_ arguments: [String]) -> Int32 {
        let options: Options
        switch parse(arguments) {
        case .success(let parsed): options = parsed
        case .failure(.help):
            Output.line(Usage.lint)
            return 0
        case .failure(.message(let message)):
            return usageError(message)
        }
        var source = DiskFileSource()
        let policy: ResolvedPolicy
        switch LintConfiguration.policy(explicitPath: options.configPath,
                                        startingPaths: (options.composeFiles + options.paths).map { $0 == "-" ? (options.stdinFilename ?? $0) : $0 },
                                        select: options.select, ignore: options.ignore, source: source) {
        case .success(let resolved): policy = resolved
        case .failure(let errors):
            Output.error(errors.description)
            return 2
        }

        var paths = options.paths
        if paths.isEmpty && options.composeFiles.isEmpty { paths = ["."] }
        var targets: [LintTarget] = []
        if let stdinIndex = paths.firstIndex(of: "-") {
            guard let name = options.stdinFilename else { return usageError("'-' reads standard input and needs --stdin-filename NAME") }
            guard paths.count(where: { $0 == "-" }) == 1 else { return usageError("'-' can be given once") }
            source.stdin = (name, FileSystem.readAll(fd: 0))
            paths.remove(at: stdinIndex)
            switch TargetDiscovery.kind(ofExplicitPath: name) {
            case .dockerfile: targets.append(.dockerfile(path: name))
            case .compose: targets.append(.composeProject(files: [name]))
            }
        } else if options.stdinFilename != nil {
            return usageError("--stdin-filename is for '-' (standard input)")
        }
        if !options.composeFiles.isEmpty {
            targets.append(.composeProject(files: options.composeFiles))
        }
        targets += Discovery.targets(for: paths)

        targets = LintConfiguration.filter(targets, by: policy.ignorePaths)

        let workspace = Workspace(targets: targets, source: source)
        let result = Linter(options: LintConfiguration.lintOptions(policy)).lint(workspace)

        let reporter: any Reporter
        switch options.format {
        case .json:
            reporter = JSONReporter()
        case .sarif:
            reporter = SARIFReporter(workingDirectory: FileSystem.currentDirectory())
        case .text:
            let terminal = FileSystem.isTerminal(1)
            let noColor = FileSystem.environment("NO_COLOR").map { !$0.isEmpty } ?? false
            reporter = TextReporter(color: terminal && options.color && !noColor, showSource: terminal)
        }
        Output.write(reporter.render(result))
        let failOn = options.failOnGiven ? .severity(options.failOn) : (policy.failOn ?? .severity(options.failOn))
        return failOn.fails(result.summary) ? 1 : 0
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
