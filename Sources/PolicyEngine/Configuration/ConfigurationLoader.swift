import SourceSupport

/// Loads a configuration file and the packs it extends into one `ResolvedPolicy`. Files are read
/// through a `WorkspaceFileSource` (the CLI's disk, a test's memory); the loader never touches the disk.
public struct ConfigurationLoader: Sendable {
    public static let fileNames = [".infralint.yml", ".infralint.yaml"]
    static let maxDepth = 16

    public var registry: RuleRegistry
    public var source: any WorkspaceFileSource

    public init(registry: RuleRegistry = .standard, source: any WorkspaceFileSource = InMemoryFileSource()) {
        self.registry = registry
        self.source = source
    }

    /// The configuration file that applies to `directory`: the first `.infralint.yml` (or `.yaml`) in it
    /// or one of its parents. `directory` should be absolute so the search can go above the working folder.
    public func discover(from directory: String) -> String? {
        var current = WorkspacePath.normalize(directory)
        while true {
            for name in ConfigurationLoader.fileNames {
                let candidate = WorkspacePath.join(current, name)
                if source.exists(candidate), case .success = source.read(candidate) { return candidate }
            }
            let parent = WorkspacePath.directory(current)
            if parent == current || current == "." { return nil }
            current = parent
        }
    }

    /// The policy of a configuration file, or of the default pack when `path` is nil.
    public func load(configurationAt path: String?) -> Result<ResolvedPolicy, ConfigurationErrors> {
        guard let path else {
            // Without a configuration file the default pack applies. It is the registry's defaults
            // (ConfigPackTests keeps the two equal), so building it from rule metadata spares every
            // run, lint-on-save included, parsing the pack's YAML.
            var policy = ResolvedPolicy(registry: registry)
            policy.sources = ["pack:" + PolicyPacks.defaultPack]
            return .success(policy)
        }
        var policy = ResolvedPolicy(registry: registry)
        var errors: [ConfigurationError] = []
        layerFile(at: path, requestedBy: nil, into: &policy, stack: [], errors: &errors)
        return errors.isEmpty ? .success(policy) : .failure(ConfigurationErrors(errors))
    }

    /// The policy of a built-in pack alone.
    public func loadPack(named name: String) -> Result<ResolvedPolicy, ConfigurationErrors> {
        var policy = ResolvedPolicy(registry: registry)
        var errors: [ConfigurationError] = []
        layerPack(name, into: &policy, stack: [], errors: &errors)
        return errors.isEmpty ? .success(policy) : .failure(ConfigurationErrors(errors))
    }

    private func layerPack(_ name: String, into policy: inout ResolvedPolicy, stack: [String], errors: inout [ConfigurationError]) {
        let identity = "pack:" + name
        guard let text = PolicyPacks.text(named: name) else {
            errors.append(ConfigurationError(file: identity, range: nil, message: "no built-in pack '\(name)'"))
            return
        }
        layer(bytes: Array(text.utf8), identity: identity, isBuiltIn: true, into: &policy, stack: stack, errors: &errors)
    }

    private func layerFile(at path: String, requestedBy reference: (file: String, range: SourceRange)?,
                           into policy: inout ResolvedPolicy, stack: [String], errors: inout [ConfigurationError]) {
        switch source.read(path) {
        case .success(let bytes):
            layer(bytes: bytes, identity: WorkspacePath.normalize(path), isBuiltIn: false, into: &policy, stack: stack, errors: &errors)
        case .failure(let failure):
            errors.append(ConfigurationError(file: reference?.file ?? path, range: reference?.range,
                                             message: "cannot read the configuration file '\(path)': \(failure.reason)"))
        }
    }

    private func layer(bytes: [UInt8], identity: String, isBuiltIn: Bool, into policy: inout ResolvedPolicy,
                       stack: [String], errors: inout [ConfigurationError]) {
        let file: ConfigurationFile
        switch ConfigurationReader(registry: registry).read(bytes, path: identity) {
        case .success(let read): file = read
        case .failure(let problems):
            errors += problems.errors
            return
        }
        let stack = stack + [identity]
        let extends = file.extends ?? (identity == "pack:" + PolicyPacks.defaultPack ? [] : [ExtendsReference(name: PolicyPacks.defaultPack, range: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)))])
        for reference in extends {
            resolve(reference, from: identity, isBuiltIn: isBuiltIn, into: &policy, stack: stack, errors: &errors)
        }
        policy.apply(file, source: identity)
    }

    private func resolve(_ reference: ExtendsReference, from identity: String, isBuiltIn: Bool, into policy: inout ResolvedPolicy,
                         stack: [String], errors: inout [ConfigurationError]) {
        func fail(_ message: String) {
            errors.append(ConfigurationError(file: identity, range: reference.range, message: message))
        }
        guard stack.count < ConfigurationLoader.maxDepth else {
            return fail("extends is nested more than \(ConfigurationLoader.maxDepth) deep")
        }
        let name = reference.name
        if PolicyPacks.text(named: name) != nil {
            guard !stack.contains("pack:" + name) else { return fail("extends '\(name)' loops back to a pack that extends this file") }
            return layerPack(name, into: &policy, stack: stack, errors: &errors)
        }
        let looksLikePath = name.contains("/") || name.hasSuffix(".yml") || name.hasSuffix(".yaml")
        guard looksLikePath, !isBuiltIn else {
            return fail("unknown pack '\(name)' (built-in packs: \(PolicyPacks.names.joined(separator: ", ")); a pack file is a path ending in .yml or .yaml)")
        }
        let path = WorkspacePath.join(WorkspacePath.directory(identity), name)
        guard !stack.contains(path) else { return fail("extends '\(name)' loops back to a file that extends it") }
        guard source.exists(path) else { return fail("extends '\(name)': no such pack file (\(path))") }
        layerFile(at: path, requestedBy: (identity, reference.range), into: &policy, stack: stack, errors: &errors)
    }
}
