/// Where the shell parser puts its records while it reads one script: raw growable buffers,
/// moved into the arena's arrays once at the end of the script (`ShellParser.parse`).
///
/// Appending each word to `arena.words` cost about 55 instructions and a call to
/// `swift_isUniquelyReferenced` (an `Array` append through the arena pointer); a buffer append is
/// a capacity check and a store. The buffers are kept from script to script: the realistic file
/// has a script every 360 bytes (about 14 words), and three allocations and frees per script
/// (estimated at 150 to 300 instructions) would be a large part of what filling them costs.
struct ShellScratch {
    /// The script's records, in the order the arena gets them: a record's index in the arena is
    /// the arena's count when the script started plus its index here.
    var words = RecordBuffer<WordRecord>()
    var redirections = RecordBuffer<RedirectionRecord>()
    var commands = RecordBuffer<CommandRecord>()
    /// Records of commands whose run was interrupted (see `RecordRun`), innermost command last.
    var apartWords = RecordBuffer<WordRecord>()
    var apartRedirections = RecordBuffer<RedirectionRecord>()
    /// Decoded bytes of the words being read whose values are not one piece of the text (see
    /// `ShellParser.readWord`), innermost last: a command substitution inside a word completes
    /// its own words before the outer word is done.
    var values = RecordBuffer<UInt8>()

    /// Appends the script's records to the arena and empties the buffers.
    mutating func moveRecords(into arena: inout SyntaxArena) {
        words.moveAll(into: &arena.words)
        redirections.moveAll(into: &arena.redirections)
        commands.moveAll(into: &arena.commands)
    }

    fileprivate func deallocate() {
        words.deallocate()
        redirections.deallocate()
        commands.deallocate()
        apartWords.deallocate()
        apartRedirections.deallocate()
        values.deallocate()
    }
}

/// Owns an arena's `ShellScratch` (`SyntaxArena.shellScratch`). The parser works on the struct
/// through `pointer`: a stored `var` of a class is reached through a dynamic exclusivity check
/// on every access, a pointer's pointee is not.
final class ShellScratchStorage {
    let pointer: UnsafeMutablePointer<ShellScratch>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: ShellScratch())
    }

    deinit {
        pointer.pointee.deallocate()
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}

/// A growable array of plain records (no references, so nothing to release) in raw memory.
struct RecordBuffer<Record> {
    private var base: UnsafeMutablePointer<Record>?
    private(set) var count = 0
    private var capacity = 0

    @inline(__always)
    mutating func append(_ record: Record) {
        if count == capacity { grow(to: count + 1) }
        (base.unsafelyUnwrapped + count).initialize(to: record)
        count &+= 1
    }

    /// Appends `source`'s records `start...` and removes them from `source`.
    mutating func append(movingFrom source: inout RecordBuffer, from start: Int) {
        let moved = source.count - start
        guard moved > 0 else { return }
        if count + moved > capacity { grow(to: count + moved) }
        (base.unsafelyUnwrapped + count).initialize(from: source.base.unsafelyUnwrapped + start, count: moved)
        count += moved
        source.count = start
    }

    mutating func append(contentsOf records: UnsafeBufferPointer<Record>) {
        guard let source = records.baseAddress else { return }
        if count + records.count > capacity { grow(to: count + records.count) }
        (base.unsafelyUnwrapped + count).initialize(from: source, count: records.count)
        count += records.count
    }

    /// The records from `start` on.
    func buffer(from start: Int) -> UnsafeBufferPointer<Record> {
        UnsafeBufferPointer(start: base.map { $0 + start }, count: count - start)
    }

    /// Keeps the first `newCount` records (plain records: nothing to deinitialize).
    mutating func removeLast(to newCount: Int) { count = newCount }

    /// Appends the records to `array` and empties the buffer.
    mutating func moveAll(into array: inout [Record]) {
        guard count > 0 else { return }
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    subscript(position: Int) -> Record {
        @inline(__always) unsafeAddress {
            assert(position >= 0 && position < count, "RecordBuffer index out of range")
            return UnsafePointer(base.unsafelyUnwrapped + position)
        }
        @inline(__always) unsafeMutableAddress {
            assert(position >= 0 && position < count, "RecordBuffer index out of range")
            return base.unsafelyUnwrapped + position
        }
    }

    /// Doubles the capacity (at least `minimum`), keeping the records.
    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2, 64)
        let grown = UnsafeMutablePointer<Record>.allocate(capacity: newCapacity)
        if let base {
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = grown
        capacity = newCapacity
    }

    fileprivate func deallocate() { base?.deallocate() }
}

/// One command's records of one kind while it is read: `all[start..<start + count]`, appended to
/// in place. When other records were appended after the run (a command substitution inside a
/// word, a redirection's target), the command's records are collected apart from then on (on the
/// `apart` stack, above those of the commands it is nested in) and appended together when it
/// ends: each record is copied at most twice, however many substitutions a command holds.
struct RecordRun {
    private(set) var start: Int
    private(set) var count = 0
    /// Where the run's records start on the `apart` stack; -1 while they are in `all`.
    private var apartStart = -1

    init(start: Int, count: Int = 0) {
        self.start = start
        self.count = count
    }

    /// The run's records are the last ones of `all` (not collected apart): more may be appended
    /// to `all` directly, and counted with `didAppend`.
    @inline(__always)
    func isAtEnd<Record>(of all: RecordBuffer<Record>) -> Bool { apartStart < 0 && all.count == start + count }

    @inline(__always)
    mutating func didAppend(_ added: Int) { count += added }

    @inline(__always)
    mutating func append<Record>(_ record: Record, to all: inout RecordBuffer<Record>, apart: inout RecordBuffer<Record>) {
        if isAtEnd(of: all) {
            all.append(record)
        } else {
            appendApart(record, to: &all, apart: &apart)
        }
        count += 1
    }

    @inline(never)
    private mutating func appendApart<Record>(_ record: Record, to all: inout RecordBuffer<Record>, apart: inout RecordBuffer<Record>) {
        if apartStart < 0 {
            apartStart = apart.count
            for position in start..<(start + count) { apart.append(all[position]) }
        }
        apart.append(record)
    }

    /// Puts records collected apart at the end of `all`; returns the run's start (where the next
    /// record would go when the run is empty).
    @inline(__always)
    mutating func finish<Record>(in all: inout RecordBuffer<Record>, apart: inout RecordBuffer<Record>) -> Int {
        if apartStart >= 0 {
            start = all.count
            all.append(movingFrom: &apart, from: apartStart)
            apartStart = -1
        } else if count == 0 {
            start = all.count
        }
        return start
    }
}
