import SourceSupport

/// One build stage: a FROM and the instructions up to the next FROM.
public struct Stage: Sendable {
    /// 0-based, in file order (what `--from=0` refers to).
    public var index: Int
    /// `AS name` (lower-cased, as BuildKit compares stage names), nil when unnamed.
    public var name: String?
    public var nameRange: SourceRange?
    /// Index of the FROM instruction in `Dockerfile.instructions`.
    public var fromIndex: Int
    /// Indices of the instructions of this stage, FROM included.
    public var instructionIndices: Range<Int>
    /// The base image as written, split and with global ARGs expanded.
    public var baseImage: ImageReference
    /// The index of an earlier stage this one builds on (`FROM builder`), else nil.
    public var baseStageIndex: Int?
    /// `--platform` of the FROM line.
    public var platform: Flag?
    /// ARG and ENV values in effect at the end of the stage.
    public var scope: VariableScope

    public init(index: Int, name: String?, nameRange: SourceRange?, fromIndex: Int, instructionIndices: Range<Int>,
                baseImage: ImageReference, baseStageIndex: Int?, platform: Flag?, scope: VariableScope) {
        self.index = index
        self.name = name
        self.nameRange = nameRange
        self.fromIndex = fromIndex
        self.instructionIndices = instructionIndices
        self.baseImage = baseImage
        self.baseStageIndex = baseStageIndex
        self.platform = platform
        self.scope = scope
    }

    /// The base is an earlier stage of the same file rather than an image.
    public var isBasedOnStage: Bool { baseStageIndex != nil }
}

/// An image reference such as `docker.io/library/alpine:3.20@sha256:...`, split the way Docker does.
public struct ImageReference: Hashable, Sendable {
    /// As written in the Dockerfile.
    public var raw: String
    /// After expanding the ARGs in scope (equals `raw` when it uses no variables).
    public var resolved: String
    /// Where `raw` is written (empty range for references built from text).
    public var range: SourceRange
    /// `docker.io`, `ghcr.io`, `localhost:5000`; nil when none is written (Docker Hub).
    public var registry: String?
    /// `library/alpine`, `org/app`, `alpine` (as written, without registry, tag or digest).
    public var repository: String
    public var tag: String?
    /// `sha256:...`
    public var digest: String?
    /// Variables the raw text refers to, in order of appearance (duplicates removed).
    public var variables: [String]
    /// Variables that had no value where the reference is used.
    public var unresolvedVariables: [String]

    public init(raw: String, resolved: String, range: SourceRange, registry: String?, repository: String, tag: String?,
                digest: String?, variables: [String], unresolvedVariables: [String]) {
        self.raw = raw
        self.resolved = resolved
        self.range = range
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
        self.variables = variables
        self.unresolvedVariables = unresolvedVariables
    }

    /// `scratch`, the empty base.
    public var isScratch: Bool { resolved.lowercased() == "scratch" }
    /// Neither a tag nor a digest: Docker pulls `latest`.
    public var isImplicitLatest: Bool { tag == nil && digest == nil }
    public var usesVariables: Bool { !variables.isEmpty }
}

/// Variable values in effect at one point of a Dockerfile (ARG and ENV, later ones win).
public struct VariableScope: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        /// Nil for `ARG NAME` without a default (declared but with no value at lint time).
        public var value: String?
        public var isEnvironment: Bool
        /// Where it was declared (nil for predefined build args).
        public var range: SourceRange?

        public init(name: String, value: String?, isEnvironment: Bool, range: SourceRange?) {
            self.name = name
            self.value = value
            self.isEnvironment = isEnvironment
            self.range = range
        }
    }

    /// In declaration order; a redeclared name is replaced in place.
    public private(set) var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        for entry in entries { declare(entry) }
    }

    public mutating func declare(_ entry: Entry) {
        if let index = entries.lastIndex(where: { $0.name == entry.name }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }

    public func entry(_ name: String) -> Entry? { entries.last { $0.name == name } }
    public func isDeclared(_ name: String) -> Bool { entry(name) != nil }
    /// The value of `name`, nil if undeclared or declared without value.
    public func value(of name: String) -> String? { entry(name)?.value }
}
