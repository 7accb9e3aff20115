/// Compose's rules for merging an overlay onto a base (several `-f` files, `compose.override.yaml`,
/// `extends`): mappings merge key by key, most sequences append, `command`/`entrypoint`/
/// `healthcheck.test` are replaced, ports/volumes/secrets/configs are unique by their identity (the
/// overlay's entry wins), `logging` with another driver is replaced; `!reset` removes a value and
/// `!override` replaces it whole.
enum ComposeMerge {
    /// Merge whole top-level trees (both already normalized).
    static func merge(_ base: ComposeNode?, _ overlay: ComposeNode) -> ComposeNode {
        guard let base else { return strip(overlay) ?? overlay.with(.mapping([])) }
        return merge(base, overlay, path: []) ?? base.with(.mapping([]))
    }

    /// Merge one service onto another (`extends`), with paths as under `services.NAME`.
    static func mergeService(_ base: ComposeNode, _ overlay: ComposeNode) -> ComposeNode {
        merge(base, overlay, path: ["services", "*"]) ?? base.with(.mapping([]))
    }

    private static func merge(_ base: ComposeNode, _ overlay: ComposeNode, path: [String]) -> ComposeNode? {
        if overlay.tag == "!reset" { return nil }
        if overlay.tag == "!override" { return strip(overlay) }
        if matches(path, ["services", "*", "command"]) || matches(path, ["services", "*", "entrypoint"])
            || matches(path, ["services", "*", "healthcheck", "test"]) {
            return strip(overlay)
        }
        if matches(path, ["services", "*", "logging"]),
           let baseDriver = base["driver"]?.string, let overlayDriver = overlay["driver"]?.string, baseDriver != overlayDriver {
            return strip(overlay)
        }
        switch (base.content, overlay.content) {
        case (.mapping(let baseEntries), .mapping(let overlayEntries)):
            var result = baseEntries
            for entry in overlayEntries {
                if let index = result.lastIndex(where: { $0.key == entry.key }) {
                    if let merged = merge(result[index].value, entry.value, path: path + [entry.key]) {
                        result[index].value = merged
                    } else {
                        result.remove(at: index)
                    }
                } else if let value = strip(entry.value) {
                    result.append(ComposeEntry(key: entry.key, keyRange: entry.keyRange, value: value))
                }
            }
            return overlay.with(.mapping(result))
        case (.sequence(let baseItems), .sequence(let overlayItems)):
            let added = overlayItems.compactMap { strip($0) }
            if let identity = identity(for: path) {
                return overlay.with(.sequence(unique(baseItems + added, by: identity)))
            }
            if path.count == 3, path[0] == "services", ["cap_add", "cap_drop", "security_opt", "dns", "dns_search", "dns_opt",
                                                         "profiles", "expose", "links", "volumes_from", "external_links", "group_add",
                                                         "device_cgroup_rules", "tmpfs"].contains(path[2]) {
                return overlay.with(.sequence(unique(baseItems + added, by: { $0.scalarText })))
            }
            return overlay.with(.sequence(baseItems + added))
        default:
            return strip(overlay)
        }
    }

    /// The key that makes entries of a list the same entry (the later one replaces the earlier).
    static func identity(for path: [String]) -> ((ComposeNode) -> String?)? {
        guard path.count == 3, path[0] == "services" else { return nil }
        switch path[2] {
        case "ports":
            return { port in
                [port["host_ip"]?.scalarText ?? "", port["published"]?.scalarText ?? "",
                 port["target"]?.scalarText ?? "", port["protocol"]?.scalarText ?? "tcp"].joined(separator: ":")
            }
        case "volumes":
            return { $0["target"]?.scalarText ?? $0.scalarText }
        case "secrets", "configs":
            return { mount in
                guard let source = mount["source"]?.scalarText else { return mount.scalarText }
                return source + "\u{0}" + (mount["target"]?.scalarText ?? "")
            }
        default:
            return nil
        }
    }

    static func unique(_ items: [ComposeNode], by key: (ComposeNode) -> String?) -> [ComposeNode] {
        var result: [ComposeNode] = []
        var positions: [String: Int] = [:]
        for item in items {
            guard let identity = key(item) else { result.append(item); continue }
            if let position = positions[identity] {
                result[position] = item
            } else {
                positions[identity] = result.count
                result.append(item)
            }
        }
        return result
    }

    /// The node without merge tags, `!reset` values removed; nil when the node itself is reset.
    static func strip(_ node: ComposeNode) -> ComposeNode? {
        if node.tag == "!reset" { return nil }
        var node = node
        node.tag = nil
        switch node.content {
        case .mapping(let entries):
            node.content = .mapping(entries.compactMap { entry in
                guard let value = strip(entry.value) else { return nil }
                return ComposeEntry(key: entry.key, keyRange: entry.keyRange, value: value)
            })
        case .sequence(let items):
            node.content = .sequence(items.compactMap { strip($0) })
        default:
            break
        }
        return node
    }

    private static func matches(_ path: [String], _ pattern: [String]) -> Bool {
        guard path.count == pattern.count else { return false }
        for (component, expected) in zip(path, pattern) where expected != "*" && component != expected { return false }
        return true
    }
}
