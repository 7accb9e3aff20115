import SourceSupport

/// Rewrites one file's tree to Compose's canonical long syntax: ports, volumes, environment,
/// depends_on, build, command/entrypoint, healthcheck test, secrets/configs, networks, extends,
/// env_file; and resolves relative paths against the directory the file's paths are relative to.
struct Normalizer {
    /// Directory relative paths resolve against (project directory, or the included/extended file's).
    let baseDirectory: String
    let home: String?
    private(set) var problems: [SchemaViolation] = []

    init(baseDirectory: String, home: String?) {
        self.baseDirectory = baseDirectory
        self.home = home
    }

    mutating func normalizeTopLevel(_ root: ComposeNode) -> ComposeNode {
        var root = root
        if var services = root["services"], let entries = services.entries {
            services.content = .mapping(entries.map { entry in
                var entry = entry
                if entry.value.entries != nil { entry.value = normalizeService(entry.value, name: entry.key) }
                return entry
            })
            root.set("services", services)
        }
        for kind in ["secrets", "configs"] {
            guard var resources = root[kind], let entries = resources.entries else { continue }
            resources.content = .mapping(entries.map { entry in
                var entry = entry
                if var file = entry.value["file"], let path = file.string {
                    file.content = .string(resolvePath(path))
                    entry.value.set("file", file)
                }
                return entry
            })
            root.set(kind, resources)
        }
        if var include = root["include"], let items = include.items {
            include.content = .sequence(items.map { item in
                if item.string != nil { return item.with(.mapping([entry("path", item.with(.sequence([item])))])) }
                var item = item
                if let path = item["path"], path.string != nil { item.set("path", path.with(.sequence([path]))) }
                return item
            })
            root.set("include", include)
        }
        return root
    }

    mutating func normalizeService(_ service: ComposeNode, name: String) -> ComposeNode {
        var service = service
        if let build = service["build"] { service.set("build", normalizeBuild(build)) }
        if let ports = service["ports"], let items = ports.items {
            service.set("ports", ports.with(.sequence(items.flatMap { normalizePort($0) })))
        }
        if let volumes = service["volumes"], let items = volumes.items {
            service.set("volumes", volumes.with(.sequence(items.compactMap { normalizeVolume($0) })))
        }
        for key in ["environment", "labels", "annotations", "sysctls"] {
            if let value = service[key] { service.set(key, listOrDict(value, stringify: true)) }
        }
        if let dependsOn = service["depends_on"] { service.set("depends_on", normalizeDependsOn(dependsOn)) }
        if var healthcheck = service["healthcheck"], healthcheck.entries != nil {
            if let test = healthcheck["test"], test.string != nil {
                healthcheck.set("test", test.with(.sequence([test.with(.string("CMD-SHELL")), test])))
            } else if let test = healthcheck["test"], let first = test.items?.first,
                      !["CMD", "CMD-SHELL", "NONE"].contains(first.scalarText ?? "") {
                // `test: ["curl", "-f", ...]` without CMD: Compose refuses the project.
                problems.append(SchemaViolation(message: "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
                                                node: first, range: first.range))
            }
            castScalars(&healthcheck, integers: ["retries"], booleans: ["disable"])
            for key in ["interval", "timeout", "start_period", "start_interval"] { checkDuration(healthcheck[key], "healthcheck." + key, service: name) }
            service.set("healthcheck", healthcheck)
        }
        for key in ["command", "entrypoint"] {
            if let value = service[key], let text = value.string {
                switch ShellWords.split(text) {
                case .success(let words):
                    service.set(key, value.with(.sequence(words.map { value.with(.string($0)) })))
                case .failure:
                    problems.append(SchemaViolation(message: "services.\(name).\(key): invalid command line string", node: value, range: value.range))
                }
            }
        }
        for key in ["secrets", "configs"] {
            if let value = service[key], let items = value.items {
                service.set(key, value.with(.sequence(items.map { item in
                    item.string != nil ? item.with(.mapping([entry("source", item)])) : item
                })))
            }
        }
        if let networks = service["networks"], let items = networks.items {
            service.set("networks", networks.with(.mapping(items.map { item in
                ComposeEntry(key: item.scalarText ?? "", keyRange: item.range, value: item.with(.null))
            })))
        }
        if let extends = service["extends"], extends.string != nil {
            service.set("extends", extends.with(.mapping([entry("service", extends)])))
        }
        if let envFile = service["env_file"] { service.set("env_file", normalizeEnvFile(envFile)) }
        checkDuration(service["stop_grace_period"], "stop_grace_period", service: name)
        castScalars(&service, integers: [], booleans: ["privileged", "read_only", "init", "tty", "stdin_open", "oom_kill_disable"])
        // Within one file too, a later port, mount, secret or config with the same identity replaces the earlier one.
        for key in ["ports", "volumes", "secrets", "configs"] {
            guard let list = service[key], let items = list.items,
                  let identity = ComposeMerge.identity(for: ["services", name, key]) else { continue }
            service.set(key, list.with(.sequence(ComposeMerge.unique(items, by: identity))))
        }
        // Compose drops repeated entries of these string sets within one file too (`cap_add: [A, A]` → `[A]`).
        for key in ["cap_add", "cap_drop", "dns", "dns_search", "dns_opt", "profiles", "expose", "links", "tmpfs"] {
            guard let list = service[key], let items = list.items else { continue }
            service.set(key, list.with(.sequence(ComposeMerge.unique(items, by: { $0.scalarText }))))
        }
        return service
    }

    /// A Go duration Compose would fail to parse (`1m30`, `10x`) refuses the project, as in Compose.
    private mutating func checkDuration(_ value: ComposeNode?, _ key: String, service: String) {
        guard let value, let text = value.string, !text.isEmpty, GoDuration.parse(text) == nil else { return }
        problems.append(SchemaViolation(message: "'services[\(service)].\(key)' time: invalid duration \"\(text)\"",
                                        node: value, range: value.range))
    }

    private mutating func normalizeBuild(_ build: ComposeNode) -> ComposeNode {
        var build = build
        if build.string != nil { build = build.with(.mapping([entry("context", build)])) }
        guard build.entries != nil else { return build }
        // A missing context is defaulted after merging, so an overlay's `build:` doesn't reset the base's context.
        if let context = build["context"], let text = context.string {
            build.set("context", context.with(.string(resolveContext(text))))
        }
        for key in ["args", "labels"] {
            if let value = build[key] { build.set(key, listOrDict(value, stringify: true)) }
        }
        return build
    }

    func resolveContext(_ context: String) -> String {
        if context.contains("://") || context.hasPrefix("git@") || context.hasPrefix("github.com/") { return context }
        return resolvePath(context)
    }

    func resolvePath(_ path: String) -> String {
        var path = path
        if let home, path == "~" || path.hasPrefix("~/") { path = home + path.dropFirst() }
        return Paths.resolve(path, against: baseDirectory)
    }

    /// A mount source: a Windows drive path (`C:/data`, `D:\\app`) is absolute for Compose and printed
    /// as written (a build context is not: Compose joins `D:/proj` to the project folder).
    func resolveMountSource(_ path: String) -> String {
        if VolumeSyntax.isWindowsPath(path), path.count > 2, ["/", "\\"].contains(path[path.index(path.startIndex, offsetBy: 2)]) {
            return path
        }
        return resolvePath(path)
    }

    private mutating func normalizePort(_ item: ComposeNode) -> [ComposeNode] {
        if item.entries != nil {
            var long = item
            castScalars(&long, integers: ["target"], booleans: [])
            if let published = long["published"], let text = published.scalarText { long.set("published", published.with(.string(text))) }
            if long["mode"] == nil { long.set("mode", item.with(.string("ingress"))) }
            if long["protocol"] == nil { long.set("protocol", item.with(.string("tcp"))) }
            return [long]
        }
        guard let spec = item.scalarText, !item.isNull else { return [item] }
        switch PortSyntax.parse(spec) {
        case .failure(let error):
            problems.append(SchemaViolation(message: error.message, node: item, range: item.range))
            return []
        case .success(let ports):
            return ports.map { port in
                var entries = [entry("mode", item.with(.string("ingress")))]
                if let hostIP = port.hostIP { entries.append(entry("host_ip", item.with(.string(hostIP)))) }
                entries.append(entry("target", item.with(.int(port.target))))
                if let published = port.published { entries.append(entry("published", item.with(.string(published)))) }
                entries.append(entry("protocol", item.with(.string(port.proto))))
                return item.with(.mapping(entries))
            }
        }
    }

    private mutating func normalizeVolume(_ item: ComposeNode) -> ComposeNode? {
        if item.entries != nil {
            var long = item
            if long["type"]?.string == "bind", let source = long["source"], let path = source.string {
                long.set("source", source.with(.string(resolveMountSource(path))))
            }
            // Compose runs every mount target through Go's path.Clean (`/etc/x/` → `/etc/x`).
            if let target = long["target"], let path = target.string { long.set("target", target.with(.string(Paths.clean(path)))) }
            castScalars(&long, integers: [], booleans: ["read_only"])
            return long
        }
        guard let spec = item.string else { return item }
        switch VolumeSyntax.parse(spec) {
        case .failure(let error):
            problems.append(SchemaViolation(message: error.message, node: item, range: item.range))
            return nil
        case .success(let mount):
            var entries = [entry("type", item.with(.string(mount.type)))]
            if let source = mount.source {
                entries.append(entry("source", item.with(.string(mount.type == "bind" ? resolveMountSource(source) : source))))
            }
            entries.append(entry("target", item.with(.string(Paths.clean(mount.target)))))
            if mount.readOnly { entries.append(entry("read_only", item.with(.bool(true)))) }
            if mount.type == "bind" {
                var bind: [ComposeEntry] = []
                if let propagation = mount.propagation { bind.append(entry("propagation", item.with(.string(propagation)))) }
                if let selinux = mount.selinux { bind.append(entry("selinux", item.with(.string(selinux)))) }
                bind.append(entry("create_host_path", item.with(.bool(true))))
                entries.append(entry("bind", item.with(.mapping(bind))))
                // Compose keeps a `nocopy` option on a bind as `volume: {nocopy: true}`.
                if mount.noCopy { entries.append(entry("volume", item.with(.mapping([entry("nocopy", item.with(.bool(true)))])))) }
            } else if mount.type == "volume" {
                let volume = mount.noCopy ? [entry("nocopy", item.with(.bool(true)))] : []
                entries.append(entry("volume", item.with(.mapping(volume))))
            }
            // Compose accepts and drops the consistency options (`cached`, `delegated`).
            return item.with(.mapping(entries))
        }
    }

    private func normalizeDependsOn(_ value: ComposeNode) -> ComposeNode {
        if let items = value.items {
            return value.with(.mapping(items.map { item in
                ComposeEntry(key: item.scalarText ?? "", keyRange: item.range, value: item.with(.mapping([
                    entry("condition", item.with(.string("service_started"))),
                    entry("required", item.with(.bool(true))),
                ])))
            }))
        }
        guard let entries = value.entries else { return value }
        return value.with(.mapping(entries.map { dependency in
            var dependency = dependency
            var body = dependency.value.entries != nil ? dependency.value : dependency.value.with(.mapping([]))
            if body["condition"] == nil { body.set("condition", dependency.value.with(.string("service_started"))) }
            if body["required"] == nil { body.set("required", dependency.value.with(.bool(true))) }
            castScalars(&body, integers: [], booleans: ["required", "restart"])
            dependency.value = body
            return dependency
        }))
    }

    private func normalizeEnvFile(_ value: ComposeNode) -> ComposeNode {
        let items = value.items ?? [value]
        return value.with(.sequence(items.map { item in
            if let path = item.string {
                return item.with(.mapping([entry("path", item.with(.string(resolvePath(path)))),
                                           entry("required", item.with(.bool(true)))]))
            }
            var item = item
            if let path = item["path"], let text = path.string { item.set("path", path.with(.string(resolvePath(text)))) }
            if item["required"] == nil { item.set("required", item.with(.bool(true))) }
            return item
        }))
    }

    /// `["A=1", "B"]` or `{A: 1, B: null}` → a mapping of strings (or null for a bare name).
    func listOrDict(_ value: ComposeNode, stringify: Bool) -> ComposeNode {
        if let items = value.items {
            return value.with(.mapping(items.compactMap { item in
                guard let text = item.scalarText else { return nil }
                if let equals = text.firstIndex(of: "=") {
                    let name = String(text[..<equals])
                    return ComposeEntry(key: name, keyRange: item.range,
                                        value: item.with(.string(String(text[text.index(after: equals)...]))))
                }
                return ComposeEntry(key: text, keyRange: item.range, value: item.with(.null))
            }))
        }
        guard stringify, let entries = value.entries else { return value }
        return value.with(.mapping(entries.map { pair in
            var pair = pair
            if let text = pair.value.scalarText, pair.value.string == nil { pair.value = pair.value.with(.string(text)) }
            return pair
        }))
    }

    /// Compose turns strings into the booleans/integers the spec types these keys with.
    private func castScalars(_ node: inout ComposeNode, integers: [String], booleans: [String]) {
        for key in integers {
            if let value = node[key], let text = value.string, let number = Int(text) { node.set(key, value.with(.int(number))) }
        }
        for key in booleans {
            guard let value = node[key], let text = value.string else { continue }
            switch text.lowercased() {
            case "true", "yes", "y", "on", "1": node.set(key, value.with(.bool(true)))
            case "false", "no", "n", "off", "0": node.set(key, value.with(.bool(false)))
            default: break
            }
        }
    }

    private func entry(_ key: String, _ value: ComposeNode) -> ComposeEntry {
        ComposeEntry(key: key, keyRange: value.range, value: value)
    }
}
