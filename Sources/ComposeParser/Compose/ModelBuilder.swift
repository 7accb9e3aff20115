import SourceSupport

/// Reads the typed model off the resolved tree. Lenient: a value of the wrong type is left out
/// (validation has already reported it), so rules see whatever could be understood.
enum ModelBuilder {
    static func project(from root: ComposeNode, files: [String], written: [(file: String, node: ComposeNode)] = []) -> ComposeProject {
        let version = written.lazy.compactMap { $0.node["version"] }.first.flatMap(locatedText)
        return ComposeProject(
            files: files,
            name: root["name"].flatMap(locatedText),
            version: version,
            services: (root["services"]?.entries ?? []).map { service($0) }.sorted { $0.name < $1.name },
            networks: resources(root["networks"]),
            volumes: resources(root["volumes"]),
            secrets: resources(root["secrets"]),
            configs: resources(root["configs"]),
            models: resources(root["models"]),
            include: written.flatMap { $0.node["include"]?.items ?? [] },
            extensions: (root.entries ?? []).filter { $0.key.hasPrefix("x-") },
            node: root)
    }

    static func service(_ entry: ComposeEntry) -> ComposeService {
        let node = entry.value
        return ComposeService(
            name: entry.key,
            file: node.file,
            range: entry.keyRange,
            image: node["image"].flatMap(locatedText),
            build: node["build"].flatMap(build),
            user: node["user"].flatMap(locatedText),
            ports: (node["ports"]?.items ?? []).compactMap(port),
            environment: environment(node["environment"]),
            volumes: (node["volumes"]?.items ?? []).compactMap(volume),
            dependsOn: (node["depends_on"]?.entries ?? []).map { dependency in
                ComposeDependency(service: dependency.key,
                                  condition: dependency.value["condition"]?.string ?? "service_started",
                                  required: bool(dependency.value["required"]) ?? true,
                                  restart: bool(dependency.value["restart"]) ?? false,
                                  file: dependency.value.file, range: dependency.keyRange)
            },
            healthcheck: node["healthcheck"].flatMap(healthcheck),
            privileged: node["privileged"].flatMap(locatedBool),
            readOnly: node["read_only"].flatMap(locatedBool),
            capAdd: strings(node["cap_add"]),
            capDrop: strings(node["cap_drop"]),
            securityOpt: strings(node["security_opt"]),
            networkMode: node["network_mode"].flatMap(locatedText),
            pid: node["pid"].flatMap(locatedText),
            ipc: node["ipc"].flatMap(locatedText),
            command: node["command"].flatMap(words),
            entrypoint: node["entrypoint"].flatMap(words),
            secrets: fileReferences(node["secrets"]),
            configs: fileReferences(node["configs"]),
            networks: (node["networks"]?.entries ?? []).map { network in
                ComposeServiceNetwork(name: network.key, file: network.value.file, range: network.keyRange,
                                      node: network.value.isNull ? nil : network.value)
            },
            profiles: strings(node["profiles"]),
            restart: node["restart"].flatMap(locatedText),
            extensions: (node.entries ?? []).filter { $0.key.hasPrefix("x-") },
            node: node)
    }

    private static func resources(_ node: ComposeNode?) -> [ComposeResource] {
        (node?.entries ?? []).map { entry in
            ComposeResource(name: entry.key, file: entry.value.file, range: entry.keyRange,
                            external: entry.value["external"].flatMap(locatedBool),
                            path: entry.value["file"].flatMap(locatedText),
                            environmentVariable: entry.value["environment"].flatMap(locatedText),
                            node: entry.value)
        }.sorted { $0.name < $1.name }
    }

    private static func build(_ node: ComposeNode) -> ComposeBuild? {
        guard node.entries != nil else { return nil }
        return ComposeBuild(file: node.file, range: node.range,
                            context: node["context"].flatMap(locatedText),
                            dockerfile: node["dockerfile"].flatMap(locatedText),
                            dockerfileInline: node["dockerfile_inline"].flatMap(locatedText),
                            target: node["target"].flatMap(locatedText),
                            args: environment(node["args"]))
    }

    private static func environment(_ node: ComposeNode?) -> [ComposeEnvironmentEntry] {
        (node?.entries ?? []).map { entry in
            ComposeEnvironmentEntry(name: entry.key, value: entry.value.scalarText, file: entry.value.file,
                                    range: entry.keyRange.union(entry.value.range), valueRange: entry.value.range,
                                    variables: entry.value.variables)
        }
    }

    private static func port(_ node: ComposeNode) -> ComposePort? {
        guard let target = node["target"].flatMap(int) else { return nil }
        return ComposePort(file: node.file, range: node.range, hostIP: node["host_ip"]?.scalarText,
                           published: node["published"]?.scalarText, target: target,
                           proto: node["protocol"]?.string ?? "tcp", mode: node["mode"]?.string ?? "ingress",
                           name: node["name"]?.string, appProtocol: node["app_protocol"]?.string,
                           variables: node.variables)
    }

    private static func volume(_ node: ComposeNode) -> ComposeVolumeMount? {
        guard let target = node["target"]?.string else { return nil }
        let type = node["type"]?.string.flatMap(ComposeVolumeMount.Kind.init(rawValue:)) ?? .volume
        return ComposeVolumeMount(file: node.file, range: node.range, type: type, source: node["source"]?.string,
                                  target: target, readOnly: bool(node["read_only"]) ?? false,
                                  variables: node.variables, node: node)
    }

    private static func healthcheck(_ node: ComposeNode) -> ComposeHealthcheck? {
        guard node.entries != nil else { return nil }
        let test = node["test"].flatMap(words)
        let disabled = bool(node["disable"]) == true || test?.value.first == "NONE"
        return ComposeHealthcheck(file: node.file, range: node.range, test: test, disabled: disabled, node: node)
    }

    private static func fileReferences(_ node: ComposeNode?) -> [ComposeFileReference] {
        (node?.items ?? []).compactMap { item in
            guard let source = item["source"]?.scalarText else { return nil }
            return ComposeFileReference(source: source, target: item["target"]?.scalarText, file: item.file, range: item.range, node: item)
        }
    }

    private static func words(_ node: ComposeNode) -> Located<[String]>? {
        guard let items = node.items else { return nil }
        return Located(items.compactMap(\.scalarText), file: node.file, range: node.range,
                       variables: items.flatMap(\.variables))
    }

    private static func strings(_ node: ComposeNode?) -> [Located<String>] {
        (node?.items ?? []).compactMap(locatedText)
    }

    static func locatedText(_ node: ComposeNode) -> Located<String>? {
        node.scalarText.map { Located($0, file: node.file, range: node.range, variables: node.variables) }
    }

    private static func locatedBool(_ node: ComposeNode) -> Located<Bool>? {
        bool(node).map { Located($0, file: node.file, range: node.range, variables: node.variables) }
    }

    private static func bool(_ node: ComposeNode?) -> Bool? {
        if case .bool(let value)? = node?.content { return value }
        return nil
    }

    private static func int(_ node: ComposeNode) -> Int? {
        switch node.content {
        case .int(let value): return value
        case .string(let text): return Int(text)
        default: return nil
        }
    }
}
