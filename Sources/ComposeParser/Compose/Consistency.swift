import SourceSupport

// The checks Compose makes on the merged project: every reference names something defined, every
// service has an image or a build, and `depends_on` has no cycle.
extension ProjectResolver {
    mutating func check(_ root: ComposeNode) {
        let services = root["services"]?.entries ?? []
        let serviceNames = Set(services.map(\.key))
        let defined = { (kind: String) in Set((root[kind]?.entries ?? []).map(\.key)) }
        let networks = defined("networks"), volumes = defined("volumes")
        let secrets = defined("secrets"), configs = defined("configs")
        var containerNames: [String: String] = [:]
        for service in services {
            let name = service.key
            let body = service.value
            if let containerName = body["container_name"]?.string {
                if let owner = containerNames[containerName] {
                    reportError(body.file, "services.\(name): container name \"\(containerName)\" is already in use by service \(owner)",
                                body["container_name"]!.range, code: "compose-invalid")
                } else {
                    containerNames[containerName] = name
                }
            }
            if (body["image"]?.scalarText ?? "").isEmpty && body["build"] == nil {
                reportError(body.file, "service \"\(name)\" has neither an image nor a build context specified: invalid compose project",
                            service.keyRange, code: "compose-invalid")
            }
            if body["network_mode"] != nil, let networks = body["networks"], !(networks.entries ?? []).isEmpty,
               !(networks.entries!.count == 1 && networks.entries![0].key == "default" && networks.entries![0].value.range == body.range) {
                reportError(body.file, "service \(name) declares mutually exclusive `network_mode` and `networks`: invalid compose project",
                            networks.range, code: "compose-invalid")
            }
            for variable in body["environment"]?.entries ?? [] where variable.key.hasSuffix(" ") || variable.key.hasSuffix("\t") {
                reportError(variable.value.file, "'services[\(name)].environment' environment variable \(variable.key) is declared with a trailing space",
                            variable.keyRange, code: "compose-invalid")
            }
            for dependency in body["depends_on"]?.entries ?? [] where !serviceNames.contains(dependency.key) {
                if case .bool(false) = dependency.value["required"]?.content { continue }
                reportError(dependency.value.file, "service \"\(name)\" depends on undefined service \"\(dependency.key)\": invalid compose project",
                            dependency.keyRange, code: "compose-undefined-reference")
            }
            for network in body["networks"]?.entries ?? [] where network.key != "default" && !networks.contains(network.key) {
                reportError(network.value.file, "service \"\(name)\" refers to undefined network \(network.key): invalid compose project",
                            network.keyRange, code: "compose-undefined-reference")
            }
            for volume in body["volumes"]?.items ?? [] {
                guard volume["type"]?.string == "volume", let source = volume["source"]?.string, !volumes.contains(source) else { continue }
                reportError(volume.file, "service \"\(name)\" refers to undefined volume \(source): invalid compose project",
                            volume.range, code: "compose-undefined-reference")
            }
            for (kind, known) in [("secrets", secrets), ("configs", configs)] {
                for reference in body[kind]?.items ?? [] {
                    guard let source = reference["source"]?.scalarText, !known.contains(source) else { continue }
                    reportError(reference.file, "service \"\(name)\" refers to undefined \(kind.dropLast()) \(source): invalid compose project",
                                reference.range, code: "compose-undefined-reference")
                }
            }
        }
        checkCycles(services)
    }

    private mutating func checkCycles(_ services: [ComposeEntry]) {
        var edges: [String: [(String, ComposeEntry)]] = [:]
        for service in services {
            edges[service.key] = (service.value["depends_on"]?.entries ?? []).map { ($0.key, $0) }
        }
        // Iterative depth-first search: 0 unvisited, 1 on the current path, 2 done.
        var state: [String: Int] = [:]
        for service in services where state[service.key, default: 0] == 0 {
            var path: [String] = [service.key]
            var cursors: [Int] = [0]
            state[service.key] = 1
            while let current = path.last {
                let next = edges[current] ?? []
                let cursor = cursors[cursors.count - 1]
                guard cursor < next.count else {
                    state[current] = 2
                    path.removeLast()
                    cursors.removeLast()
                    continue
                }
                cursors[cursors.count - 1] += 1
                let (target, entry) = next[cursor]
                switch state[target, default: 0] {
                case 1:
                    let start = path.firstIndex(of: target) ?? 0
                    let cycle = (path[start...] + [target]).joined(separator: " -> ")
                    reportError(entry.value.file, "dependency cycle detected: \(cycle)", entry.keyRange, code: "compose-dependency-cycle")
                    return
                case 0 where edges[target] != nil:
                    state[target] = 1
                    path.append(target)
                    cursors.append(0)
                default:
                    break
                }
            }
        }
    }

    mutating func reportError(_ file: String, _ message: String, _ range: SourceRange, code: String) {
        appendDiagnostic(ComposeDiagnostic(file: file, diagnostic: ParseDiagnostic(severity: .error, message: message, range: range, code: code)))
    }
}
