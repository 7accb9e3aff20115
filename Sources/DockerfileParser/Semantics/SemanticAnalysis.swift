import SourceSupport

/// Typed detail computed after parsing: stages, their variable scopes and base image references,
/// all computed here (as records of a `SemanticStore`, see `SemanticStore.swift`).
enum SemanticAnalysis {
    /// Computes every stage, scope (values expanded) and base image reference of the file. `bytes`
    /// and `locator` are unused (the records keep offsets; ranges are located when read) but stay
    /// in the signature the parser's entry point calls.
    static func run(on dockerfile: inout Dockerfile, bytes: [UInt8], locator: SourceLocator? = nil) {
        let syntax = dockerfile.store
        let (store, global) = SemanticBuilder.with(syntax, escape: dockerfile.escapeCharacter) { builder in
            // Sized for about one FROM in 32 instructions, so a usual file never grows them.
            var names = StageNameTable(expected: syntax.topLevelCount / 32)
            var memos = ImageMemos(expected: syntax.topLevelCount / 32)
            // ARGs before the first FROM go to the global scope, which is complete at the first FROM.
            var global: RecordSlice?
            for index in 0..<syntax.topLevelCount {
                switch syntax.instructions[index].kind {
                case .from:
                    if global == nil {
                        global = builder.completeScope()
                    } else {
                        builder.completeStage(before: index)
                    }
                    builder.beginStage(at: index, global: global!, names: &names, memos: &memos)
                case .arg:
                    builder.declareArguments(of: index, global: global.map { .slice($0) } ?? .none)
                case .env where global != nil:
                    builder.declareEnvironment(of: index)
                default:
                    break
                }
            }
            if global == nil {
                global = builder.completeScope()
            } else {
                builder.completeStage(before: syntax.topLevelCount)
            }
            return (builder.freeze(), global!)
        }
        dockerfile.globalScope = VariableScope(store: store, slice: global)
        dockerfile.stages = store.stages.indices.map { Stage(store: store, index: $0) }
    }
}

/// Where an ARG without a value inside a stage takes its default from.
enum GlobalDefaults {
    case none
    /// A complete scope of the builder.
    case slice(RecordSlice)
    /// A scope of another analysis.
    case scope(VariableScope)
}

extension SemanticBuilder {
    private func pairRange(of index: Int) -> Range<Int> {
        let slice = syntax.instructions[index].pairs
        return Int(slice.start)..<Int(slice.start + slice.count)
    }

    /// `ARG NAME[=default]`: inside a stage a bare `ARG NAME` takes the global default, as BuildKit does.
    mutating func declareArguments(of index: Int, global: GlobalDefaults) {
        for pairIndex in pairRange(of: index) {
            let pair = syntax.pairs[pairIndex]
            let isASCIIName = UTF8Bytes.isASCII(reader.bytes(pair.key))
            var value = Span.none
            if !pair.rawValue.isNone {
                value = expandedValue(pair.rawValue)
            } else {
                switch global {
                case .none: break
                case .slice(let slice):
                    let range = Int(slice.start)..<Int(slice.start + slice.count)
                    value = self.index(of: pair.key, isASCII: isASCIIName, in: entries, range).map { entries[$0].value } ?? .none
                case .scope(let scope):
                    value = scope.value(of: syntax.string(pair.key)).map { intern($0.utf8) } ?? .none
                }
            }
            declare(ScopeEntryRecord(name: pair.key, value: value, range: pair.range, isEnvironment: false, isASCIIName: isASCIIName))
        }
    }

    mutating func declareEnvironment(of index: Int) {
        let pairs = pairRange(of: index)
        if pairs.count == 1 {
            let pair = syntax.pairs[pairs.lowerBound]
            let value = pair.rawValue.isNone ? Span.none : expandedValue(pair.rawValue)
            declare(ScopeEntryRecord(name: pair.key, value: value, range: pair.range, isEnvironment: true,
                                     isASCIIName: UTF8Bytes.isASCII(reader.bytes(pair.key))))
            return
        }
        // All values of one ENV are expanded with the scope before it (BuildKit's rule).
        // The scratch array keeps its elements between calls: overwriting them costs less than emptying it.
        var records: [ScopeEntryRecord] = []
        swap(&records, &scratchRecords)
        var count = 0
        for pairIndex in pairs {
            let pair = syntax.pairs[pairIndex]
            let record = ScopeEntryRecord(name: pair.key, value: pair.rawValue.isNone ? .none : expandedValue(pair.rawValue), range: pair.range,
                                          isEnvironment: true, isASCIIName: UTF8Bytes.isASCII(reader.bytes(pair.key)))
            if count < records.count { records[count] = record } else { records.append(record) }
            count += 1
        }
        for index in 0..<count { declare(records[index]) }
        swap(&records, &scratchRecords)
    }

    /// Ends the last stage before the instruction at `index`, its scope complete.
    mutating func completeStage(before index: Int) {
        let scope = completeScope()
        stages[stages.count - 1].endIndex = index
        stages[stages.count - 1].scope = scope
    }

    /// The stage a FROM starts (`FROM [--platform=...] image [AS name]`, as `Instruction.from` reads it).
    mutating func beginStage(at index: Int, global: RecordSlice, names: inout StageNameTable, memos: inout ImageMemos) {
        let record = syntax.instructions[index]
        let first = Int(record.arguments.start)
        let count = Int(record.arguments.count)
        let image = count > 0 ? syntax.values[first] : ValueRecord(value: .none, range: record.argumentRange)
        // The same text gives the same reference (see `ImageMemo`): only where it is written differs.
        let written = reader.bytes(image.value)
        let hash = ImageMemo.hash(written)
        let slot = memos.references.slot(of: written, hash: hash, reader: reader)
        var reference: ImageRecord
        if let known = memos.references.image(at: slot) {
            reference = images[known]
            reference.range = image.range
        } else {
            reference = imageRecord(image.value, range: image.range, scope: global, memos: &memos)
            memos.references.insert(images.count, written: image.value, hash: hash, at: slot)
        }
        images.append(reference)
        var name = Span.none
        var nameRange = OffsetRange.none
        if count >= 3, Self.isAs(reader.bytes(syntax.values[first + 1].value)) {
            name = lowercased(syntax.values[first + 2].value)
            nameRange = syntax.values[first + 2].range
        }
        let base = Self.stage(named: reference.resolved, in: names, text: text, reader: reader, textBase: textBase)
        let stageIndex = stages.count
        if !name.isNone { withBytes(of: name) { names.insert($0, stage: stageIndex) } }
        stages.append(StageRecord(name: name, nameRange: nameRange, fromIndex: index, endIndex: index + 1, baseStageIndex: base ?? -1,
                                  scope: .empty))
        // A stage built on an earlier one inherits its environment (not its ARGs).
        if let base { inheritEnvironment(of: stages[base].scope) }
    }

    /// `AS` in any case.
    private static func isAs(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 2 && bytes[0] | 0x20 == UInt8(ascii: "a") && bytes[1] | 0x20 == UInt8(ascii: "s")
    }

    /// The latest earlier stage named `span`'s text (read here rather than in a closure given to a
    /// method of the builder, which made Swift copy the builder).
    private static func stage(named span: Span, in names: StageNameTable, text: [UInt8], reader: SpanReader, textBase: Int) -> Int? {
        if span.isNone || span.start < textBase { return names.stage(named: reader.bytes(span)) }
        return text.withUnsafeBufferPointer { names.stage(named: UnsafeBufferPointer(rebasing: $0[(span.start - textBase)..<(span.end - textBase)])) }
    }

    /// `span`'s text (of the syntax store) lower-cased as `String.lowercased()` does: the span itself
    /// when it has no upper-case letter, else a copy.
    private mutating func lowercased(_ span: Span) -> Span {
        guard !span.isNone else { return Span(start: 0, end: 0) }
        let bytes = reader.bytes(span)
        var isASCII = true, hasUpper = false
        for byte in bytes {
            if byte >= 0x80 { isASCII = false } else if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        if isASCII && !hasUpper { return span }
        if isASCII { return intern(bytes.map { $0 &+ ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }) }
        return intern(Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8))
    }

    /// A base image reference: `written` split after expanding with the global scope `scope`.
    private mutating func imageRecord(_ written: Span, range: OffsetRange, scope: RecordSlice, memos: inout ImageMemos) -> ImageRecord {
        let kind = ByteScan(reader.bytes(written), escape: escape)
        let raw = validated(written, isASCII: kind.isASCII)
        var resolved = raw
        var variables = RecordSlice.empty
        var unresolved = RecordSlice.empty
        // Only `$` and `"` make a reference worth expanding (a lone quote or escape is kept as written).
        if kind.hasDollarOrDoubleQuote {
            var out: [UInt8] = []
            swap(&out, &scratch)
            if !out.isEmpty { out.removeAll(keepingCapacity: true) }
            // The text before a plain digest, expanded once per distinct text (see `ImageMemos`).
            var prefix: (span: Span, hash: Int, slot: Int)?
            var reused: (resolved: Span, variables: RecordSlice, unresolved: RecordSlice)?
            if raw.start < textBase, let at = ImageMemos.plainDigestStart(reader.bytes(raw), escape: escape) {
                let span = Span(start: raw.start, end: raw.start + at)
                let bytes = reader.bytes(span)
                let hash = ImageMemo.hash(bytes)
                let slot = memos.prefixes.slot(of: bytes, hash: hash, reader: reader)
                if let known = memos.prefixes.image(at: slot) {
                    reused = memos.prefixResults[known]
                    prefix = (span, hash, slot)
                    withBytes(of: reused!.resolved) { out.append(contentsOf: $0) }
                } else {
                    expand(span, scope: scope, tracksNames: true, into: &out)
                    if lastExpansionEndedInside { out.removeAll(keepingCapacity: true) } else { prefix = (span, hash, slot) }
                }
            }
            let prefixCount = out.count
            if let prefix {
                out.append(contentsOf: reader.bytes(Span(start: prefix.span.end, end: raw.end)))
            } else {
                expand(raw, scope: scope, tracksNames: true, into: &out)
            }
            // From ASCII input and valid values, the expansion is valid UTF-8.
            resolved = kind.isASCII ? intern(out) : internValid(out)
            swap(&out, &scratch)
            if let reused {
                variables = reused.variables
                unresolved = reused.unresolved
            } else {
                // Offsets of the expanded text, which starts where `raw` does (with or without a prefix).
                variables = RecordSlice(start: names.count, count: scratchUsed.count)
                for name in scratchUsed { names.append(Span(start: raw.start + name.lowerBound, end: raw.start + name.upperBound)) }
                unresolved = RecordSlice(start: names.count, count: scratchUnresolved.count)
                for name in scratchUnresolved { names.append(Span(start: raw.start + name.lowerBound, end: raw.start + name.upperBound)) }
                if let prefix {
                    memos.prefixes.insert(memos.prefixResults.count, written: prefix.span, hash: prefix.hash, at: prefix.slot)
                    memos.prefixResults.append((Span(start: resolved.start, end: resolved.start + prefixCount), variables, unresolved))
                }
            }
        }
        let parts = withBytes(of: resolved) { ImageReferenceParts($0) }
        let base = resolved.isNone ? 0 : resolved.start
        func span(_ range: Range<Int>?) -> Span { range.map { Span(start: base + $0.lowerBound, end: base + $0.upperBound) } ?? .none }
        return ImageRecord(raw: raw, resolved: resolved, range: range, registry: span(parts.registry), repository: span(parts.repository),
                           tag: span(parts.tag), digest: span(parts.digest), variables: variables, unresolvedVariables: unresolved)
    }
}

extension Dockerfile {
    /// The ARG and ENV values in effect just before the instruction at `instructionIndex`
    /// (the global scope before the first FROM).
    public func scope(before instructionIndex: Int) -> VariableScope {
        let stage = stage(containing: instructionIndex)
        func instructionKind(_ index: Int) -> InstructionKind {
            precondition(index >= 0 && index < store.topLevelCount, "instruction index out of range")
            return store.instructions[index].kind
        }
        return SemanticBuilder.with(store, escape: escapeCharacter) { builder in
            if let stage {
                if let base = stage.baseStageIndex { builder.inheritEnvironment(of: stages[base].scope) }
                for index in (stage.fromIndex + 1)..<max(stage.fromIndex + 1, instructionIndex) {
                    switch instructionKind(index) {
                    case .arg: builder.declareArguments(of: index, global: .scope(globalScope))
                    case .env: builder.declareEnvironment(of: index)
                    default: break
                    }
                }
            } else {
                for index in instructions.indices.prefix(instructionIndex) where instructionKind(index) == .arg {
                    builder.declareArguments(of: index, global: .none)
                }
            }
            let slice = builder.completeScope()
            return VariableScope(store: builder.freeze(), slice: slice)
        }
    }

    /// Expands `text` with the variables in effect before the instruction at `instructionIndex`.
    public func expand(_ text: String, before instructionIndex: Int) -> ExpansionResult {
        VariableExpansion.expand(text, in: scope(before: instructionIndex), escape: escapeCharacter)
    }
}
