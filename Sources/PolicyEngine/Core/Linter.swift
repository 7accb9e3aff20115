import SourceSupport
import DockerfileParser
import ComposeParser

/// The driver: reads every target through the workspace, parses it once, runs the enabled rules,
/// and returns the diagnostics deduplicated and in report order.
public struct Linter: Sendable {
    public var registry: RuleRegistry
    public var options: LintOptions

    public init(registry: RuleRegistry = .standard, options: LintOptions = .standard) {
        self.registry = registry
        self.options = options
    }

    public func lint(_ workspace: Workspace) -> LintResult {
        var run = LintRun(workspace: workspace)
        run.loadTargets()
        var diagnostics = run.diagnostics
        let rules = registry.rules.filter { options.enabledRules.contains($0.description.code) }
        let buildsByDockerfile = Dictionary(grouping: run.buildLinks) { WorkspacePath.normalize($0.dockerfile) }

        for path in run.dockerfileTargets {
            let key = WorkspacePath.normalize(path)
            guard let dockerfile = run.dockerfiles[key] else { continue }
            var context = DockerfileContext(path: path, dockerfile: dockerfile, workspace: workspace,
                                            composeBuilds: buildsByDockerfile[key] ?? [])
            for rule in rules where rule.description.fileKinds.contains(.dockerfile) {
                var collector = DiagnosticCollector(rule: rule.description)
                context.options = options.optionValues(for: rule.description)
                rule.check(context, &collector)
                diagnostics += collector.diagnostics
            }
        }
        for loaded in run.composeProjects {
            var context = ComposeContext(project: loaded.project, writtenFiles: loaded.writtenFiles, workspace: workspace,
                                         builtImages: run.builtImages(for: loaded))
            for rule in rules where rule.description.fileKinds.contains(.compose) {
                var collector = DiagnosticCollector(rule: rule.description)
                context.options = options.optionValues(for: rule.description)
                rule.check(context, &collector)
                diagnostics += collector.diagnostics
            }
        }
        return InlineSuppressions.apply(to: finish(diagnostics, files: run.lintedFiles), options: options, registry: registry)
    }

    /// Applies selection, overrides and filters, removes repeats (a base file's finding seen once
    /// per overlay it is merged with) and sorts.
    func finish(_ diagnostics: [Diagnostic], files: [LintedFile]) -> LintResult {
        var seen = Set<Diagnostic>()
        var kept: [Diagnostic] = []
        let filesByPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for var diagnostic in diagnostics where options.enabledRules.contains(diagnostic.code) {
            if let override = options.severityOverrides[diagnostic.code] { diagnostic.severity = override }
            guard seen.insert(diagnostic).inserted else { continue }
            guard options.filters.allSatisfy({ $0.keeps(diagnostic, in: filesByPath[diagnostic.file]) }) else { continue }
            kept.append(diagnostic)
        }
        kept.sort(by: Diagnostic.reportOrder)
        return LintResult(files: files.sorted { $0.path < $1.path }, diagnostics: kept)
    }
}

/// The state of one `lint` call: files read, parsed Dockerfiles, loaded compose projects.
struct LintRun {
    struct LoadedProject {
        var files: [String]
        var project: ComposeProject
        var writtenFiles: [(file: String, node: ComposeNode)]
        var buildLinks: [ComposeBuildLink]
    }

    let workspace: Workspace
    var diagnostics: [Diagnostic] = []
    var lintedFiles: [LintedFile] = []
    var dockerfileTargets: [String] = []
    var dockerfiles: [String: Dockerfile] = [:]
    var composeProjects: [LoadedProject] = []
    var buildLinks: [ComposeBuildLink] = []
    private var bytesByPath: [String: [UInt8]] = [:]

    init(workspace: Workspace) { self.workspace = workspace }

    mutating func loadTargets() {
        var seen = Set<String>()
        for target in workspace.targets {
            switch target {
            case .dockerfile(let path):
                if seen.insert(WorkspacePath.normalize(path)).inserted { dockerfileTargets.append(path) }
            case .composeProject(let files):
                loadCompose(files)
            }
        }
        // A Dockerfile a compose service builds is part of the project, whatever its name.
        for link in buildLinks where workspace.exists(link.dockerfile) && seen.insert(WorkspacePath.normalize(link.dockerfile)).inserted {
            dockerfileTargets.append(link.dockerfile)
        }
        for path in dockerfileTargets { _ = parseDockerfile(path, isTarget: true) }
    }

    /// Reads a file once per run (keyed by its normalized path; reported under the path as given);
    /// reports it when it is a target and cannot be read.
    private mutating func read(_ path: String, kind: FileKind, isTarget: Bool) -> [UInt8]? {
        let key = WorkspacePath.normalize(path)
        if let bytes = bytesByPath[key] { return bytes }
        switch workspace.read(path) {
        case .success(let bytes):
            bytesByPath[key] = bytes
            lintedFiles.append(LintedFile(path: path, kind: kind, bytes: bytes))
            return bytes
        case .failure(let failure):
            if isTarget {
                let start = SourcePosition(offset: 0, line: 1, column: 1)
                let finding = FrontEndFindings.fileUnreadable
                diagnostics.append(Diagnostic(code: finding.code, ruleName: finding.name, severity: finding.defaultSeverity,
                                              message: "Cannot read the file: \(failure.reason); check the path and its permissions",
                                              file: path, range: SourceRange(at: start)))
            }
            return nil
        }
    }

    private mutating func parseDockerfile(_ path: String, isTarget: Bool) -> Dockerfile? {
        let key = WorkspacePath.normalize(path)
        if let parsed = dockerfiles[key] { return parsed }
        guard let bytes = read(path, kind: .dockerfile, isTarget: isTarget) else { return nil }
        let parsed = DockerfileParser.parse(bytes)
        dockerfiles[key] = parsed
        if isTarget {
            for problem in parsed.diagnostics {
                diagnostics.append(Self.diagnostic(problem, finding: FrontEndFindings.parseError, file: path))
            }
        }
        return parsed
    }

    private mutating func loadCompose(_ files: [String]) {
        var readable: [String] = []
        for file in files where read(file, kind: .compose, isTarget: true) != nil { readable.append(file) }
        guard !readable.isEmpty else { return }
        var cache: [String: [UInt8]] = [:]
        for file in readable { cache[file] = bytesByPath[WorkspacePath.normalize(file)] }
        let source = workspace.source
        let result = ComposeLoader.load(
            files: readable,
            options: ComposeLoadOptions(environment: workspace.environment, loadOverrideFile: false),
            readFile: { path in
                if let bytes = cache[path] { return bytes }
                guard case .success(let bytes) = source.read(path) else { return nil }
                cache[path] = bytes
                return bytes
            })
        // Files compose read on its own (include, extends, env files) are shown by reporters too.
        for (path, bytes) in cache where bytesByPath[WorkspacePath.normalize(path)] == nil {
            bytesByPath[WorkspacePath.normalize(path)] = bytes
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
                lintedFiles.append(LintedFile(path: path, kind: .compose, bytes: bytes))
            }
        }
        for problem in result.diagnostics {
            let finding = FrontEndFindings.forComposeCode(problem.diagnostic.code)
            diagnostics.append(Self.diagnostic(problem.diagnostic, finding: finding, file: problem.file))
        }
        guard let project = result.project else { return }
        let links = BuildLinking.links(in: project, workspace: workspace)
        composeProjects.append(LoadedProject(files: readable, project: project, writtenFiles: result.writtenFiles, buildLinks: links))
        buildLinks += links
    }

    func builtImages(for loaded: LoadedProject) -> [String: BuiltImage] {
        var images: [String: BuiltImage] = [:]
        for link in loaded.buildLinks {
            if let dockerfile = dockerfiles[WorkspacePath.normalize(link.dockerfile)] {
                images[link.service] = BuiltImage(link: link, dockerfile: dockerfile, facts: DockerfileFacts(dockerfile))
            }
        }
        return images
    }

    static func diagnostic(_ problem: ParseDiagnostic, finding: RuleDescription, file: String) -> Diagnostic {
        let severity: Severity
        switch problem.severity {
        case .error: severity = .error
        case .warning: severity = .warning
        case .info: severity = .info
        }
        return Diagnostic(code: finding.code, ruleName: finding.name, severity: severity, message: problem.message,
                          file: file, range: problem.range,
                          related: problem.related.map { RelatedLocation(file: file, range: $0, message: "see also") })
    }
}

/// Links compose services to the Dockerfiles they build.
enum BuildLinking {
    static func links(in project: ComposeProject, workspace: Workspace) -> [ComposeBuildLink] {
        var links: [ComposeBuildLink] = []
        for service in project.services {
            guard let build = service.build, build.dockerfileInline == nil else { continue }
            let contextText = build.context?.value ?? "."
            // A remote context (git URL, tarball) is not in the workspace.
            if contextText.contains("://") || contextText.hasPrefix("git@") { continue }
            let composeFile = build.context?.file ?? build.file
            var context = WorkspacePath.normalize(contextText)
            if !contextText.hasPrefix("/") && !(workspace.exists(context) && context != ".") {
                context = WorkspacePath.join(WorkspacePath.directory(composeFile), contextText)
            }
            let dockerfile = WorkspacePath.join(context, build.dockerfile?.value ?? "Dockerfile")
            links.append(ComposeBuildLink(
                composeFile: build.file, service: service.name, range: build.range, context: context,
                dockerfile: dockerfile, target: build.target?.value, publishesPorts: !service.ports.isEmpty,
                setsHealthcheck: service.healthcheck != nil))
        }
        return links
    }
}
