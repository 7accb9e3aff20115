import PolicyEngine

/// Walks the paths given on the command line; which names count and how compose files group into
/// projects is `TargetDiscovery`'s business.
enum Discovery {
    static let skippedDirectories: Set<String> = [".git", "node_modules", ".build", ".hg", ".svn"]

    /// Directories are searched; files (even missing ones, which become findings) are taken as named.
    static func targets(for paths: [String]) -> [LintTarget] {
        var files: [String] = []
        for path in paths {
            if FileSystem.kind(path) == .directory {
                walk(path) { files.append($0) }
            } else {
                files.append(path)
                files += baseBeside(overlay: path)
            }
        }
        return TargetDiscovery.targets(files: files)
    }

    /// An overlay named on its own is still read on top of its base, as Compose would; the base
    /// beside it (same family first) joins the run.
    static func baseBeside(overlay path: String) -> [String] {
        guard let parts = TargetDiscovery.composeParts(of: Path.baseName(path)), parts.overlay != nil else { return [] }
        let directory = Path.directory(path)
        let families = parts.family == "compose" ? ["compose", "docker-compose"] : ["docker-compose", "compose"]
        for family in families {
            for ext in ["yaml", "yml"] {
                let candidate = Path.join(directory, "\(family).\(ext)")
                if FileSystem.kind(candidate) == .file { return [candidate] }
            }
        }
        return []
    }

    /// Depth-first, in name order, skipping tool and VCS directories.
    static func walk(_ directory: String, depth: Int = 0, _ visit: (String) -> Void) {
        guard depth < 64, let names = FileSystem.list(directory) else { return }
        for name in names {
            let full = Path.join(directory, name)
            switch FileSystem.kind(full) {
            case .directory:
                if !skippedDirectories.contains(name) { walk(full, depth: depth + 1, visit) }
            case .file:
                if TargetDiscovery.kind(ofName: name) != nil { visit(full) }
            case .other, .missing:
                break
            }
        }
    }
}
