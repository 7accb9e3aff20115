import SourceSupport

/// One build stage: a FROM and the instructions up to the next FROM.
///
/// A stage of a parsed Dockerfile reads its name, base image and scope from the analysis's records
/// (all computed during the parse; strings and line/column ranges are made when read); one built
/// by `init` or changed holds its values.
public struct Stage: Sendable {
    /// 0-based, in file order (what `--from=0` refers to).
    public var index: Int
    /// Index of the FROM instruction in `Dockerfile.instructions`.
    public var fromIndex: Int
    /// Indices of the instructions of this stage, FROM included.
    public var instructionIndices: Range<Int>
    /// The index of an earlier stage this one builds on (`FROM builder`), else nil.
    public var baseStageIndex: Int?

    struct Details: Sendable {
        var name: String?
        var nameRange: SourceRange?
        var baseImage: ImageReference
        var platform: Flag?
        var scope: VariableScope
    }

    enum Storage: Sendable {
        /// Boxed so a stage stays a few words long (stages are copied into arrays and returned by value).
        case details(Box<Details>)
        case record(SemanticStore, Int)
    }

    var storage: Storage

    public init(index: Int, name: String?, nameRange: SourceRange?, fromIndex: Int, instructionIndices: Range<Int>,
                baseImage: ImageReference, baseStageIndex: Int?, platform: Flag?, scope: VariableScope) {
        self.index = index
        self.fromIndex = fromIndex
        self.instructionIndices = instructionIndices
        self.baseStageIndex = baseStageIndex
        storage = .details(Box(Details(name: name, nameRange: nameRange, baseImage: baseImage, platform: platform, scope: scope)))
    }

    init(store: SemanticStore, index: Int) {
        let record = store.stages[index]
        self.index = index
        fromIndex = record.fromIndex
        instructionIndices = record.fromIndex..<record.endIndex
        baseStageIndex = record.baseStageIndex < 0 ? nil : record.baseStageIndex
        storage = .record(store, index)
    }

    private var details: Details {
        switch storage {
        case .details(let box): return box.value
        case .record:
            return Details(name: name, nameRange: nameRange, baseImage: baseImage, platform: platform, scope: scope)
        }
    }

    private mutating func write<Value>(_ field: WritableKeyPath<Details, Value>, _ value: Value) {
        var details = details
        details[keyPath: field] = value
        storage = .details(Box(details))
    }

    /// `AS name` (lower-cased, as BuildKit compares stage names), nil when unnamed.
    public var name: String? {
        get {
            switch storage {
            case .details(let box): return box.value.name
            case .record(let store, let index): return store.optionalString(store.stages[index].name)
            }
        }
        set { write(\.name, newValue) }
    }

    public var nameRange: SourceRange? {
        get {
            switch storage {
            case .details(let box): return box.value.nameRange
            case .record(let store, let index): return store.optionalRange(store.stages[index].nameRange)
            }
        }
        set { write(\.nameRange, newValue) }
    }

    /// The base image as written, split and with global ARGs expanded.
    public var baseImage: ImageReference {
        get {
            switch storage {
            case .details(let box): return box.value.baseImage
            case .record(let store, let index): return ImageReference(store: store, index: index)
            }
        }
        set { write(\.baseImage, newValue) }
    }

    /// `--platform` of the FROM line.
    public var platform: Flag? {
        get {
            switch storage {
            case .details(let box): return box.value.platform
            case .record(let store, let index):
                return Instruction(store: store.syntax, index: store.stages[index].fromIndex).flag("platform")
            }
        }
        set { write(\.platform, newValue) }
    }

    /// ARG and ENV values in effect at the end of the stage.
    public var scope: VariableScope {
        get {
            switch storage {
            case .details(let box): return box.value.scope
            case .record(let store, let index): return VariableScope(store: store, slice: store.stages[index].scope)
            }
        }
        set { write(\.scope, newValue) }
    }

    /// The base is an earlier stage of the same file rather than an image.
    public var isBasedOnStage: Bool { baseStageIndex != nil }
}
