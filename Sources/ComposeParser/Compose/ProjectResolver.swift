import SourceSupport

/// The project-level steps after all files are merged: Compose's defaults (Dockerfile, default
/// network, secret targets, resource names), `env_file` and bare variables resolved, implicit
/// dependencies; then the consistency checks Compose refuses a project for.
struct ProjectResolver {
    let projectName: String
    let projectDirectory: String
    let environment: [String: String]
    let readFile: (String) -> [UInt8]?
    private(set) var diagnostics: [ComposeDiagnostic] = []

    init(projectName: String, projectDirectory: String, environment: [String: String], readFile: @escaping (String) -> [UInt8]?) {
        self.projectName = projectName
        self.projectDirectory = projectDirectory
        self.environment = environment
        self.readFile = readFile
    }

    mutating func resolve(_ root: ComposeNode) -> ComposeNode {
        var root = root
        root.set("version", nil)
        var usesDefaultNetwork = false
        if var services = root["services"], let entries = services.entries {
            services.content = .mapping(entries.map { entry in
                var entry = entry
                if entry.value.isNull { entry.value = entry.value.with(.mapping([])) }
                entry.value = resolveService(entry.value, name: entry.key)
                if entry.value["networks"]?["default"] != nil { usesDefaultNetwork = true }
                return entry
            })
            root.set("services", services)
        }
        nameResources(&root, usesDefaultNetwork: usesDefaultNetwork)
        check(root)
        dropUnusedResources(&root)
        return root
    }

    private mutating func resolveService(_ service: ComposeNode, name: String) -> ComposeNode {
        var service = service
        if var build = service["build"], build.entries != nil {
            if build["context"] == nil { build.set("context", build.with(.string(Paths.clean(projectDirectory)))) }
            if build["dockerfile"] == nil && build["dockerfile_inline"] == nil {
                build.set("dockerfile", build.with(.string("Dockerfile")))
            }
            if let args = build["args"], let entries = args.entries {
                let kept = entries.compactMap { entry -> ComposeEntry? in
                    guard entry.value.isNull else { return entry }
                    guard let value = environment[entry.key] else { return nil }
                    var entry = entry
                    entry.value = entry.value.with(.string(value))
                    return entry
                }
                build.set("args", args.with(.mapping(kept)))
            }
            service.set("build", build)
        }
        resolveEnvironment(&service, name: name)
        if service["network_mode"] == nil && service["networks"] == nil {
            service.set("networks", service.with(.mapping([ComposeEntry(key: "default", keyRange: service.range, value: service.with(.null))])))
        }
        if var secrets = service["secrets"], let items = secrets.items {
            secrets.content = .sequence(items.map { item in
                var item = item
                if item["target"] == nil, let source = item["source"]?.scalarText {
                    item.set("target", item.with(.string("/run/secrets/" + source)))
                }
                return item
            })
            service.set("secrets", secrets)
        }
        addImplicitDependencies(&service)
        return service
    }

    /// `env_file` entries under the written `environment`, then bare names from the environment.
    private mutating func resolveEnvironment(_ service: inout ComposeNode, name: String) {
        var merged: [ComposeEntry] = []
        for envFile in service["env_file"]?.items ?? [] {
            guard let path = envFile["path"]?.string else { continue }
            guard let bytes = readFile(path) else {
                if envFile["required"].map({ if case .bool(false) = $0.content { return false } else { return true } }) ?? true {
                    report(envFile.file, "env file \(path) not found: stat \(path): no such file or directory", envFile.range,
                           code: "compose-invalid")
                }
                continue
            }
            let environment = self.environment
            switch EnvFile.parse(bytes, lookup: { environment[$0] }) {
            case .success(let entries):
                for entry in entries {
                    guard let value = entry.value ?? environment[entry.name] else { continue }
                    let node = envFile.with(.string(value))
                    if let index = merged.firstIndex(where: { $0.key == entry.name }) { merged[index].value = node }
                    else { merged.append(ComposeEntry(key: entry.name, keyRange: envFile.range, value: node)) }
                }
            case .failure(.invalidLine(let line, _)):
                report(envFile.file, "failed to read \(path): line \(line): unexpected character", envFile.range, code: "compose-invalid")
            }
        }
        let written = service["environment"]?.entries ?? []
        if merged.isEmpty && service["environment"] == nil { return }
        for entry in written {
            if let index = merged.firstIndex(where: { $0.key == entry.key }) { merged[index] = entry } else { merged.append(entry) }
        }
        merged = merged.map { entry in
            guard entry.value.isNull, let value = environment[entry.key] else { return entry }
            var entry = entry
            entry.value = entry.value.with(.string(value))
            return entry
        }
        let anchor = service["environment"] ?? service
        service.set("environment", anchor.with(.mapping(merged)))
    }

    /// Compose keeps only the networks, volumes, secrets and configs some service uses.
    private func dropUnusedResources(_ root: inout ComposeNode) {
        var used: [String: Set<String>] = ["networks": [], "volumes": [], "secrets": [], "configs": []]
        for service in root["services"]?.entries ?? [] {
            let body = service.value
            used["networks"]!.formUnion((body["networks"]?.entries ?? []).map(\.key))
            for volume in body["volumes"]?.items ?? [] where volume["type"]?.string == "volume" {
                if let source = volume["source"]?.string { used["volumes"]!.insert(source) }
            }
            for kind in ["secrets", "configs"] {
                let references = (body[kind]?.items ?? []) + (body["build"]?[kind]?.items ?? [])
                used[kind]!.formUnion(references.compactMap { $0["source"]?.scalarText ?? $0.scalarText })
            }
        }
        for (kind, names) in used {
            guard var resources = root[kind], let entries = resources.entries else { continue }
            let kept = entries.filter { names.contains($0.key) }
            if kept.isEmpty {
                root.set(kind, nil)
            } else {
                resources.content = .mapping(kept)
                root.set(kind, resources)
            }
        }
    }

    /// `links`, `volumes_from` and `network_mode: service:x` make Compose start the other service first.
    private func addImplicitDependencies(_ service: inout ComposeNode) {
        var implied: [(String, Bool, ComposeNode)] = []
        if let mode = service["network_mode"], let text = mode.string, text.hasPrefix("service:") {
            implied.append((String(text.dropFirst(8)), true, mode))
        }
        for key in ["ipc", "pid"] {
            if let mode = service[key], let text = mode.string, text.hasPrefix("service:") {
                implied.append((String(text.dropFirst(8)), true, mode))
            }
        }
        for item in service["volumes_from"]?.items ?? [] {
            guard let text = item.string, !text.hasPrefix("container:") else { continue }
            implied.append((String(text.split(separator: ":", omittingEmptySubsequences: false)[0]), false, item))
        }
        for item in service["links"]?.items ?? [] {
            guard let text = item.string else { continue }
            implied.append((String(text.split(separator: ":", omittingEmptySubsequences: false)[0]), true, item))
        }
        guard !implied.isEmpty else { return }
        var dependsOn = service["depends_on"] ?? service.with(.mapping([]))
        for (name, restart, node) in implied where dependsOn[name] == nil {
            var entries = [ComposeEntry(key: "condition", keyRange: node.range, value: node.with(.string("service_started")))]
            if restart { entries.append(ComposeEntry(key: "restart", keyRange: node.range, value: node.with(.bool(true)))) }
            entries.append(ComposeEntry(key: "required", keyRange: node.range, value: node.with(.bool(true))))
            dependsOn.set(name, node.with(.mapping(entries)))
        }
        service.set("depends_on", dependsOn)
    }

    /// Every network, volume, secret and config gets its `name` (project-prefixed unless external).
    private func nameResources(_ root: inout ComposeNode, usesDefaultNetwork: Bool) {
        if usesDefaultNetwork && root["networks"]?["default"] == nil {
            var networks = root["networks"] ?? root.with(.mapping([]))
            if networks.isNull { networks = networks.with(.mapping([])) }
            networks.set("default", root.with(.mapping([])))
            root.set("networks", networks)
        }
        for kind in ["networks", "volumes", "secrets", "configs"] {
            guard var resources = root[kind], let entries = resources.entries else { continue }
            resources.content = .mapping(entries.map { entry in
                var entry = entry
                var body = entry.value.entries != nil ? entry.value : entry.value.with(.mapping([]))
                let external: Bool
                if case .bool(true) = body["external"]?.content { external = true } else { external = false }
                if body["name"] == nil {
                    body.set("name", body.with(.string(external ? entry.key : projectName + "_" + entry.key)))
                }
                if kind == "networks" && body["ipam"] == nil { body.set("ipam", body.with(.mapping([]))) }
                entry.value = body
                return entry
            })
            root.set(kind, resources)
        }
    }

    mutating func appendDiagnostic(_ diagnostic: ComposeDiagnostic) { diagnostics.append(diagnostic) }

    private mutating func report(_ file: String, _ message: String, _ range: SourceRange, code: String) {
        diagnostics.append(ComposeDiagnostic(file: file, diagnostic: ParseDiagnostic(severity: .error, message: message, range: range, code: code)))
    }
}
