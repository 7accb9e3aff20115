import PolicyEngine

/// Finds what to lint under the paths given, and groups compose files into projects the way Compose
/// reads them.
enum Discovery {
    static let skippedDirectories: Set<String> = [".git", "node_modules", ".build", ".hg", ".svn"]
    static let composeBases = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]

    enum Kind { case dockerfile, compose }

    /// The kind a file name says, or nil when discovery does not pick it up.
    static func kind(ofName name: String) -> Kind? {
        let lower = name.lowercased()
        if lower.hasSuffix(".dockerignore") { return nil }
        if lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile")
            || lower == "containerfile" || lower.hasPrefix("containerfile.") {
            return .dockerfile
        }
        if composeParts(of: lower) != nil { return .compose }
        return nil
    }

    /// `compose.yaml` → ("compose", nil); `docker-compose.prod.yml` → ("docker-compose", "prod").
    static func composeParts(of name: String) -> (family: String, overlay: String?)? {
        let lower = name.lowercased()
        let stem: Substring
        if lower.hasSuffix(".yaml") { stem = lower.dropLast(5) } else if lower.hasSuffix(".yml") { stem = lower.dropLast(4) } else { return nil }
        for family in ["docker-compose", "compose"] {
            if stem == family { return (family, nil) }
            if stem.hasPrefix(family + "."), stem.count > family.count + 1 {
                return (family, String(stem.dropFirst(family.count + 1)))
            }
        }
        return nil
    }

    /// The kind of a file named explicitly: by its name, else YAML is compose and anything else a Dockerfile.
    static func kind(ofExplicitPath path: String) -> Kind {
        if let kind = kind(ofName: Path.baseName(path)) { return kind }
        let lower = path.lowercased()
        return lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") ? .compose : .dockerfile
    }

    /// Targets under `paths`: Dockerfiles one by one; compose files grouped per directory into projects.
    static func targets(for paths: [String]) -> [LintTarget] {
        var dockerfiles: [String] = []
        var composeByDirectory: [(directory: String, names: [String])] = []
        func addCompose(_ directory: String, _ name: String) {
            if let index = composeByDirectory.firstIndex(where: { $0.directory == directory }) {
                if !composeByDirectory[index].names.contains(name) { composeByDirectory[index].names.append(name) }
            } else {
                composeByDirectory.append((directory, [name]))
            }
        }
        for path in paths {
            switch FileSystem.kind(path) {
            case .directory:
                walk(path) { directory, name, kind in
                    switch kind {
                    case .dockerfile: dockerfiles.append(Path.join(directory, name))
                    case .compose: addCompose(directory, name)
                    }
                }
            case .missing, .file, .other:
                switch kind(ofExplicitPath: path) {
                case .dockerfile: dockerfiles.append(path)
                case .compose: addCompose(Path.directory(path), Path.baseName(path))
                }
            }
        }
        var targets: [LintTarget] = []
        var seenDockerfiles = Set<String>()
        for path in dockerfiles where seenDockerfiles.insert(WorkspacePath.normalize(path)).inserted {
            targets.append(.dockerfile(path: path))
        }
        for (directory, names) in composeByDirectory {
            for project in projects(in: directory, names: names) { targets.append(.composeProject(files: project)) }
        }
        return targets
    }

    /// Compose's own grouping: a base file with its `.override` file is one project; any other overlay
    /// is merged on top of the base of its family (`docker-compose.prod.yml` on `docker-compose.yml`),
    /// as `docker compose -f base -f overlay` reads it; an overlay with no base is linted alone.
    static func projects(in directory: String, names: [String]) -> [[String]] {
        let path = { (name: String) in Path.join(directory, name) }
        var parts: [(name: String, family: String, overlay: String?)] = []
        for name in names.sorted() {
            if let split = composeParts(of: name) { parts.append((name, split.family, split.overlay)) }
        }
        let bases = parts.filter { $0.overlay == nil }
        func base(for family: String) -> String? {
            bases.first(where: { $0.family == family })?.name ?? bases.first?.name
        }
        var projects: [[String]] = []
        for candidate in bases {
            var files = [path(candidate.name)]
            if let override = parts.first(where: { $0.family == candidate.family && $0.overlay == "override" }) {
                files.append(path(override.name))
            }
            projects.append(files)
        }
        for overlay in parts where overlay.overlay != nil {
            let hasOwnBase = bases.contains { $0.family == overlay.family }
            if overlay.overlay == "override" && hasOwnBase { continue }
            if let baseName = base(for: overlay.family) {
                projects.append([path(baseName), path(overlay.name)])
            } else {
                projects.append([path(overlay.name)])
            }
        }
        return projects
    }

    /// Depth-first, in name order, skipping tool and VCS directories.
    static func walk(_ directory: String, depth: Int = 0, _ visit: (String, String, Kind) -> Void) {
        guard depth < 64, let names = FileSystem.list(directory) else { return }
        for name in names {
            let full = Path.join(directory, name)
            switch FileSystem.kind(full) {
            case .directory:
                if !skippedDirectories.contains(name) { walk(full, depth: depth + 1, visit) }
            case .file:
                if let kind = kind(ofName: name) { visit(directory, name, kind) }
            case .other, .missing:
                break
            }
        }
    }
}
