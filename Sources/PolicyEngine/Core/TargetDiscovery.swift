/// Which files infralint lints and how compose files group into projects, from names alone (the CLI
/// walks directories; editors and tests hand lists of paths).
public enum TargetDiscovery {
    /// The kind a file name says, or nil when discovery does not pick it up: `Dockerfile`,
    /// `Dockerfile.*`, `*.dockerfile`, `Containerfile`, `compose.y(a)ml`, `docker-compose.y(a)ml`
    /// and their overlays `compose.NAME.y(a)ml`, `docker-compose.NAME.y(a)ml`.
    public static func kind(ofName name: String) -> FileKind? {
        let lower = name.lowercased()
        if lower.hasSuffix(".dockerignore") { return nil }
        if lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile")
            || lower == "containerfile" || lower.hasPrefix("containerfile.") {
            return .dockerfile
        }
        return composeParts(of: lower) != nil ? .compose : nil
    }

    /// The kind of a file named explicitly: by its name, else YAML is compose and anything else a Dockerfile.
    public static func kind(ofExplicitPath path: String) -> FileKind {
        if let kind = kind(ofName: WorkspacePath.baseName(path)) { return kind }
        let lower = path.lowercased()
        return lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") ? .compose : .dockerfile
    }

    /// `compose.yaml` → ("compose", nil); `docker-compose.prod.yml` → ("docker-compose", "prod").
    public static func composeParts(of name: String) -> (family: String, overlay: String?)? {
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

    /// Targets for files found (or named) in order: Dockerfiles one by one, compose files grouped per
    /// directory into projects (see `projects`). Paths keep their spelling.
    public static func targets(files: [String]) -> [LintTarget] {
        var targets: [LintTarget] = []
        var seen = Set<String>()
        var composeByDirectory: [(directory: String, paths: [String])] = []
        for path in files where seen.insert(WorkspacePath.normalize(path)).inserted {
            switch kind(ofExplicitPath: path) {
            case .dockerfile:
                targets.append(.dockerfile(path: path))
            case .compose:
                let directory = WorkspacePath.directory(path)
                if let index = composeByDirectory.firstIndex(where: { $0.directory == directory }) {
                    composeByDirectory[index].paths.append(path)
                } else {
                    composeByDirectory.append((directory, [path]))
                }
            }
        }
        for group in composeByDirectory {
            targets += projects(group.paths).map { .composeProject(files: $0) }
        }
        return targets
    }

    /// Compose's own grouping of the compose files of one directory: a base file with its
    /// `.override` file is one project; any other overlay is merged on top of the base of its family
    /// (`docker-compose.prod.yml` on `docker-compose.yml`), as `docker compose -f BASE -f OVERLAY`
    /// reads it, never alone; an overlay with no base at all is linted alone.
    public static func projects(_ paths: [String]) -> [[String]] {
        var parts: [(path: String, family: String, overlay: String?)] = []
        for path in paths.sorted() {
            if let split = composeParts(of: WorkspacePath.baseName(path)) {
                parts.append((path, split.family, split.overlay))
            } else {
                parts.append((path, "", nil))  // an explicitly named YAML file: its own base
            }
        }
        let bases = parts.filter { $0.overlay == nil }
        var projects: [[String]] = []
        for base in bases {
            var files = [base.path]
            if let override = parts.first(where: { $0.family == base.family && $0.overlay == "override" }) {
                files.append(override.path)
            }
            projects.append(files)
        }
        for overlay in parts where overlay.overlay != nil {
            let ownBase = bases.first { $0.family == overlay.family }
            if overlay.overlay == "override" && ownBase != nil { continue }
            if let base = ownBase ?? bases.first(where: { !$0.family.isEmpty }) {
                projects.append([base.path, overlay.path])
            } else {
                projects.append([overlay.path])
            }
        }
        return projects
    }
}
