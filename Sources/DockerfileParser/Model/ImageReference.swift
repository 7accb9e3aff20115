import SourceSupport

/// An image reference such as `docker.io/library/alpine:3.20@sha256:...`, split the way Docker does.
///
/// A base image of a parsed Dockerfile reads the analysis's record (its parts are computed during
/// the parse; their strings are made when read); one built by `init` or changed holds its strings.
public struct ImageReference: Hashable, Sendable {
    struct Fields: Hashable, Sendable {
        var raw: String
        var resolved: String
        var range: SourceRange
        var registry: String?
        var repository: String
        var tag: String?
        var digest: String?
        var variables: [String]
        var unresolvedVariables: [String]
    }

    enum Storage: Sendable {
        /// Boxed so a reference read from a record stays two words long.
        case fields(Box<Fields>)
        case record(SemanticStore, Int)
    }

    var storage: Storage

    init(store: SemanticStore, index: Int) { storage = .record(store, index) }

    public init(raw: String, resolved: String, range: SourceRange, registry: String?, repository: String, tag: String?,
                digest: String?, variables: [String], unresolvedVariables: [String]) {
        storage = .fields(Box(Fields(raw: raw, resolved: resolved, range: range, registry: registry, repository: repository, tag: tag,
                                           digest: digest, variables: variables, unresolvedVariables: unresolvedVariables)))
    }

    /// Every part as strings.
    var fields: Fields {
        switch storage {
        case .fields(let box): return box.value
        case .record(let store, let index):
            let record = store.images[index]
            return Fields(raw: store.string(record.raw), resolved: store.string(record.resolved), range: store.syntax.range(record.range),
                          registry: store.optionalString(record.registry), repository: store.string(record.repository),
                          tag: store.optionalString(record.tag), digest: store.optionalString(record.digest),
                          variables: store.strings(record.variables), unresolvedVariables: store.strings(record.unresolvedVariables))
        }
    }

    /// Reads one part: from the fields, or made from the record.
    @inline(__always)
    private func read<Value>(_ field: (Fields) -> Value, _ make: (SemanticStore, ImageRecord) -> Value) -> Value {
        switch storage {
        case .fields(let box): return field(box.value)
        case .record(let store, let index): return make(store, store.images[index])
        }
    }

    private mutating func write<Value>(_ field: WritableKeyPath<Fields, Value>, _ value: Value) {
        var fields = fields
        fields[keyPath: field] = value
        storage = .fields(Box(fields))
    }

    /// As written in the Dockerfile.
    public var raw: String {
        get { read(\.raw) { $0.string($1.raw) } }
        set { write(\.raw, newValue) }
    }
    /// After expanding the ARGs in scope (equals `raw` when it uses no variables).
    public var resolved: String {
        get { read(\.resolved) { $0.string($1.resolved) } }
        set { write(\.resolved, newValue) }
    }
    /// Where `raw` is written (empty range for references built from text).
    public var range: SourceRange {
        get { read(\.range) { $0.syntax.range($1.range) } }
        set { write(\.range, newValue) }
    }
    /// `docker.io`, `ghcr.io`, `localhost:5000`; nil when none is written (Docker Hub).
    public var registry: String? {
        get { read(\.registry) { $0.optionalString($1.registry) } }
        set { write(\.registry, newValue) }
    }
    /// `library/alpine`, `org/app`, `alpine` (as written, without registry, tag or digest).
    public var repository: String {
        get { read(\.repository) { $0.string($1.repository) } }
        set { write(\.repository, newValue) }
    }
    public var tag: String? {
        get { read(\.tag) { $0.optionalString($1.tag) } }
        set { write(\.tag, newValue) }
    }
    /// `sha256:...`
    public var digest: String? {
        get { read(\.digest) { $0.optionalString($1.digest) } }
        set { write(\.digest, newValue) }
    }
    /// Variables the raw text refers to, in order of appearance (duplicates removed).
    public var variables: [String] {
        get { read(\.variables) { $0.strings($1.variables) } }
        set { write(\.variables, newValue) }
    }
    /// Variables that had no value where the reference is used.
    public var unresolvedVariables: [String] {
        get { read(\.unresolvedVariables) { $0.strings($1.unresolvedVariables) } }
        set { write(\.unresolvedVariables, newValue) }
    }

    /// `scratch`, the empty base.
    public var isScratch: Bool { resolved.lowercased() == "scratch" }
    /// Neither a tag nor a digest: Docker pulls `latest`.
    public var isImplicitLatest: Bool {
        read({ $0.tag == nil && $0.digest == nil }) { $1.tag.isNone && $1.digest.isNone }
    }
    public var usesVariables: Bool {
        read({ !$0.variables.isEmpty }) { _, record in record.variables.count > 0 }
    }

    public static func == (left: ImageReference, right: ImageReference) -> Bool { left.fields == right.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}
