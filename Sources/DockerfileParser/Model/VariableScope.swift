import SourceSupport

/// Variable values in effect at one point of a Dockerfile (ARG and ENV, later ones win).
///
/// A scope of a parsed Dockerfile reads a slice of the analysis's records (names and expanded
/// values are computed during the parse; an entry's strings and range are made when read); one
/// built by `init` or changed by `declare` holds its entries.
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

    enum Storage: Sendable {
        case entries([Entry])
        case records(SemanticStore, RecordSlice)
    }

    var storage: Storage

    /// In declaration order; a redeclared name is replaced in place.
    public var entries: Entries { Entries(storage: storage) }

    public init(entries: [Entry] = []) {
        storage = .entries([])
        for entry in entries { declare(entry) }
    }

    init(store: SemanticStore, slice: RecordSlice) { storage = .records(store, slice) }

    public mutating func declare(_ entry: Entry) {
        var list: [Entry]
        switch storage {
        case .entries(let entries): list = entries
        case .records: list = Array(entries)
        }
        // Release the stored array before changing the local one, so the change does not copy it.
        storage = .entries([])
        if let index = list.lastIndex(where: { $0.name == entry.name }) {
            list[index] = entry
        } else {
            list.append(entry)
        }
        storage = .entries(list)
    }

    public func entry(_ name: String) -> Entry? {
        switch storage {
        case .entries(let entries): return entries.last { $0.name == name }
        case .records(let store, let slice): return store.entryIndex(named: name, in: slice).map { store.entry($0) }
        }
    }

    public func isDeclared(_ name: String) -> Bool {
        switch storage {
        case .entries(let entries): return entries.contains { $0.name == name }
        case .records(let store, let slice): return store.entryIndex(named: name, in: slice) != nil
        }
    }

    /// The value of `name`, nil if undeclared or declared without value.
    public func value(of name: String) -> String? {
        switch storage {
        case .entries(let entries): return entries.last { $0.name == name }?.value
        case .records(let store, let slice):
            guard let index = store.entryIndex(named: name, in: slice) else { return nil }
            return store.optionalString(store.entries[index].value)
        }
    }

    public static func == (left: VariableScope, right: VariableScope) -> Bool { left.entries == right.entries }
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// The entries of a scope: `count` costs nothing, each entry is made when read.
    public struct Entries: RandomAccessCollection, Hashable, Sendable {
        let storage: Storage

        public var startIndex: Int { 0 }
        public var endIndex: Int {
            switch storage {
            case .entries(let entries): return entries.count
            case .records(_, let slice): return Int(slice.count)
            }
        }

        public subscript(position: Int) -> Entry {
            switch storage {
            case .entries(let entries): return entries[position]
            case .records(let store, let slice):
                precondition(position >= 0 && position < Int(slice.count), "VariableScope.Entries index out of range")
                return store.entry(Int(slice.start) + position)
            }
        }

        public static func == (left: Entries, right: Entries) -> Bool { left.elementsEqual(right) }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            for entry in self { hasher.combine(entry) }
        }
    }
}
