import SourceSupport

// `extends` (a service built on another one, in the same file or another) and `include` (another
// project's files pulled in, each resolved against its own directory).
extension LoadSession {
    mutating func applyExtends(_ root: ComposeNode, file: String, environment: [String: String]) -> ComposeNode {
        guard var services = root["services"], let entries = services.entries,
              entries.contains(where: { $0.value["extends"] != nil }) else { return root }
        var resolved = entries
        for index in entries.indices where entries[index].value["extends"] != nil {
            resolved[index].value = resolveExtends(entries[index].value, name: entries[index].key, in: entries,
                                                   file: file, environment: environment, stack: [])
        }
        services.content = .mapping(resolved)
        var root = root
        root.set("services", services)
        return root
    }

    private mutating func resolveExtends(_ service: ComposeNode, name: String, in services: [ComposeEntry], file: String,
                                         environment: [String: String], stack: [String]) -> ComposeNode {
        guard let extends = service["extends"] else { return service }
        var local = service
        local.set("extends", nil)
        let identity = file + "\u{0}" + name
        guard !stack.contains(identity) else {
            report(file, "circular reference with extends: service \"\(name)\" extends itself (through \(stack.count) step(s))",
                   extends.range, code: "compose-dependency-cycle")
            return local
        }
        guard let baseName = extends["service"]?.string else {
            report(file, "services.\(name).extends.service is required", extends.range, code: "compose-invalid")
            return local
        }
        var baseServices = services
        var baseFile = file
        if let otherFile = extends["file"]?.string {
            var directory = Paths.directory(of: file)
            if let working = options.workingDirectory { directory = Paths.resolve(directory, against: working) }
            baseFile = Paths.resolve(otherFile, against: directory)
            guard let parsed = parse(baseFile, recordWritten: false) else { return local }
            let prepared = prepare(parsed, file: baseFile, baseDirectory: Paths.directory(of: baseFile), environment: environment)
            baseServices = prepared["services"]?.entries ?? []
        }
        guard let base = baseServices.last(where: { $0.key == baseName })?.value else {
            report(file, "cannot extend service \"\(name)\" in \(file): service \"\(baseName)\" not found in \(baseFile)",
                   extends.range, code: "compose-undefined-reference")
            return local
        }
        let resolvedBase = resolveExtends(base, name: baseName, in: baseServices, file: baseFile,
                                          environment: environment, stack: stack + [identity])
        // The service is still the one written here; only the values it inherits point at the base.
        var merged = ComposeMerge.mergeService(resolvedBase, local)
        merged.file = local.file
        merged.range = local.range
        return merged
    }

    mutating func applyInclude(_ root: ComposeNode, file: String, baseDirectory: String, environment: [String: String],
                               includeStack: [String]) -> ComposeNode {
        var root = root
        let includes = root["include"]?.items ?? []
        root.set("include", nil)
        for include in includes {
            let paths = (include["path"]?.items ?? []).compactMap(\.string).map { Paths.resolve($0, against: baseDirectory) }
            guard let firstPath = paths.first else { continue }
            let projectDirectory = include["project_directory"]?.string.map { Paths.resolve($0, against: baseDirectory) }
                ?? Paths.directory(of: firstPath)
            var includedEnvironment = options.environment
            let envFiles = (include["env_file"].map { $0.items ?? [$0] } ?? []).compactMap(\.string)
                .map { Paths.resolve($0, against: baseDirectory) }
            for envPath in envFiles.isEmpty ? [Paths.resolve(".env", against: projectDirectory)] : envFiles {
                guard let bytes = readFile(envPath), case .success(let entries) = EnvFile.parse(bytes, lookup: { options.environment[$0] }) else { continue }
                for entry in entries where includedEnvironment[entry.name] == nil { includedEnvironment[entry.name] = entry.value }
            }
            var included: ComposeNode?
            for path in paths {
                if includeStack.contains(path) {
                    report(file, "include cycle detected: \((includeStack + [path]).joined(separator: " -> "))", include.range,
                           code: "compose-dependency-cycle")
                    continue
                }
                guard let tree = loadFile(path, baseDirectory: projectDirectory, environment: includedEnvironment,
                                          includeStack: includeStack) else { continue }
                included = ComposeMerge.merge(included, tree)
            }
            guard let included else { continue }
            for kind in ["services", "networks", "volumes", "secrets", "configs", "models"] {
                guard let imported = included[kind]?.entries, !imported.isEmpty else { continue }
                var target = root[kind] ?? included[kind]!.with(.mapping([]))
                var entries = target.entries ?? []
                for entry in imported {
                    if let existing = entries.first(where: { $0.key == entry.key }) {
                        report(file, "\(kind).\(entry.key) conflicts with imported resource", existing.keyRange, code: "compose-invalid")
                        continue
                    }
                    entries.append(entry)
                }
                target.content = .mapping(entries)
                root.set(kind, target)
            }
        }
        return root
    }
}
