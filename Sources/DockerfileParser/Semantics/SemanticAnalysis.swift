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
            syntax.instructions.withUnsafeBufferPointer { instructions in
                let instructions = UnsafeBufferPointer(rebasing: instructions[..<syntax.topLevelCount])
                // One record per FROM: reserved, as growing these arrays copied them (a tenth of
                // the phase under callgrind, where a large copy costs about an instruction a byte).
                var fromCount = 0
                for record in instructions where record.kind == .from { fromCount += 1 }
                builder.images.reserveCapacity(fromCount)
                builder.stages.reserveCapacity(fromCount)
                // ARG and ENV pairs (LABEL's too: a bound).
                builder.entries.reserveCapacity(syntax.pairs.count)
                var names = StageNameTable(expected: fromCount)
                var memos = ImageMemos(expected: fromCount / 4)
                // ARGs before the first FROM go to the global scope, which is complete at the first FROM.
                var global: RecordSlice?
                for index in instructions.indices {
                    switch instructions[index].kind {
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
            let key = ScopeEntryRecord.key(of: syntaxReader.bytes(pair.key))
            var value = Span.none
            if !pair.rawValue.isNone {
                value = expandedValue(pair.rawValue, scope: currentStart..<entries.count)
            } else {
                switch global {
                case .none: break
                case .slice(let slice):
                    let range = Int(slice.start)..<Int(slice.start + slice.count)
                    value = Self.index(of: pair.key, key: key, in: entries, range, reader: reader).map { entries[$0].value } ?? .none
                case .scope(let scope):
                    value = scope.value(of: syntax.string(pair.key)).map { intern(Array($0.utf8)) } ?? .none
                }
            }
            declare(ScopeEntryRecord(name: pair.key, value: value, range: pair.range, nameKey: key, isEnvironment: false))
        }
    }

    /// `ENV NAME=value ...`: all values of one ENV are expanded with the scope before it (BuildKit's rule).
    mutating func declareEnvironment(of index: Int) {
        let pairs = pairRange(of: index)
        let scope = currentStart..<entries.count
        if pairs.count == 1 {
            declare(environmentRecord(pairs.lowerBound, scope: scope))
            return
        }
        // The scratch array keeps its elements between calls: overwriting them costs less than emptying it.
        var records: [ScopeEntryRecord] = []
        swap(&records, &scratchRecords)
        var count = 0
        for pairIndex in pairs {
            let record = environmentRecord(pairIndex, scope: scope)
            if count < records.count { records[count] = record } else { records.append(record) }
            count += 1
        }
        for index in 0..<count { declare(records[index]) }
        swap(&records, &scratchRecords)
    }

    @inline(__always)
    private mutating func environmentRecord(_ pairIndex: Int, scope: Range<Int>) -> ScopeEntryRecord {
        let pair = syntax.pairs[pairIndex]
        return ScopeEntryRecord(name: pair.key, value: pair.rawValue.isNone ? .none : expandedValue(pair.rawValue, scope: scope), range: pair.range,
                                nameKey: ScopeEntryRecord.key(of: syntaxReader.bytes(pair.key)), isEnvironment: true)
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
        let written = syntaxReader.bytes(image.value)
        let hash = ImageMemo.hash(written)
        let slot = memos.references.slot(of: written, hash: hash, reader: syntaxReader)
        var reference: ImageRecord
        let known: Int
        if let index = memos.references.index(at: slot) {
            known = index
            reference = images[memos.references.known[index].image]
            reference.range = image.range
        } else {
            reference = imageRecord(image.value, range: image.range, scope: global, memos: &memos)
            let key = StageNameTable.Key(isASCII: UTF8Bytes.isASCII(reader.bytes(reference.resolved)))
            known = memos.references.insert(images.count, written: image.value, hash: hash, stageKey: key, at: slot)
        }
        images.append(reference)
        var name = Span.none
        var nameRange = OffsetRange.none
        if count >= 3, Self.isAs(syntaxReader.bytes(syntax.values[first + 1].value)) {
            name = lowercased(syntax.values[first + 2].value)
            nameRange = syntax.values[first + 2].range
        }
        let reader = self.reader
        var stageKey = memos.references.known[known].stageKey
        let base = names.stage(named: reader.bytes(reference.resolved), key: &stageKey)
        if stageKey.hash != memos.references.known[known].stageKey.hash { memos.references.setStageKey(stageKey, of: known) }
        let stageIndex = stages.count
        if !name.isNone { names.insert(reader.bytes(name), stage: stageIndex) }
        stages.append(StageRecord(name: name, nameRange: nameRange, fromIndex: index, endIndex: index + 1, baseStageIndex: base ?? -1,
                                  scope: .empty))
        // A stage built on an earlier one inherits its environment (not its ARGs).
        if let base { inheritEnvironment(of: stages[base].scope) }
    }

    /// `AS` in any case.
    private static func isAs(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 2 && bytes[0] | 0x20 == UInt8(ascii: "a") && bytes[1] | 0x20 == UInt8(ascii: "s")
    }

    /// `span`'s text (of the syntax store) lower-cased as `String.lowercased()` does: the span itself
    /// when it has no upper-case letter, else a copy.
    private mutating func lowercased(_ span: Span) -> Span {
        guard !span.isNone else { return Span(start: 0, end: 0) }
        let bytes = syntaxReader.bytes(span)
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
        // One pass in two parts: before the first `@`, and from it on (see `resolvedByPrefix`).
        let bytes = syntaxReader.bytes(written)
        let at = ByteSearch.firstIndex(in: bytes, from: 0, of: UInt8(ascii: "@"))
        let digest = ByteScan(UnsafeBufferPointer(rebasing: bytes[at...]), escape: escape)
        let kind = ByteScan(UnsafeBufferPointer(rebasing: bytes[..<at]), escape: escape).merged(with: digest)
        let raw = validated(written, isASCII: kind.isASCII)
        var resolved = (text: raw, variables: RecordSlice.empty, unresolved: RecordSlice.empty, parts: ImageReferenceParts?.none)
        // Only `$` and `"` make a reference worth expanding (a lone quote or escape is kept as written).
        if kind.hasDollarOrDoubleQuote {
            let scope = Int(scope.start)..<Int(scope.start + scope.count)
            // A digest that expands to itself: expanding the text before it and appending it as
            // written is expanding the whole, provided that expansion ends outside any construct.
            if raw.start < textBase, at > 0 && at < bytes.count && !digest.needsExpansion,
               let known = resolvedByPrefix(raw, digestAt: at, isASCII: kind.isASCII, scope: scope, memos: &memos) {
                resolved = known
            } else {
                expand(raw, scope: scope, tracksNames: true)
                let records = resolvedRecords(of: raw, isASCII: kind.isASCII)
                resolved = (records.text, records.variables, records.unresolved, nil)
            }
        }
        let parts = resolved.parts ?? ImageReferenceParts(reader.bytes(resolved.text))
        let base = resolved.text.isNone ? 0 : resolved.text.start
        func span(_ range: Range<Int>?) -> Span { range.map { Span(start: base + $0.lowerBound, end: base + $0.upperBound) } ?? .none }
        return ImageRecord(raw: raw, resolved: resolved.text, range: range, registry: span(parts.registry), repository: span(parts.repository),
                           tag: span(parts.tag), digest: span(parts.digest), variables: resolved.variables,
                           unresolvedVariables: resolved.unresolved)
    }

    /// `raw` (a span of the syntax store) resolved by expanding the text before its plain digest at
    /// `at` once per distinct text (see `ImageMemos`); nil when that expansion ends inside a construct.
    private mutating func resolvedByPrefix(_ raw: Span, digestAt at: Int, isASCII: Bool, scope: Range<Int>, memos: inout ImageMemos)
        -> (text: Span, variables: RecordSlice, unresolved: RecordSlice, parts: ImageReferenceParts?)? {
        let prefix = Span(start: raw.start, end: raw.start + at)
        let digest = Span(start: prefix.end, end: raw.end)
        let bytes = syntaxReader.bytes(prefix)
        let hash = ImageMemo.hash(bytes)
        let slot = memos.prefixes.slot(of: bytes, hash: hash, reader: syntaxReader)
        if let known = memos.prefixes.index(at: slot) {
            let result = memos.prefixResults[memos.prefixes.known[known].image]
            let start = textBase + text.count
            text.appendCopy(of: (result.resolved.start - textBase)..<(result.resolved.end - textBase))
            text.append(syntaxReader.bytes(digest))
            let resolved = Span(start: start, end: textBase + text.count)
            var parts = result.parts
            parts?.digest = (result.resolved.end - result.resolved.start + 1)..<(resolved.end - resolved.start)
            return (resolved, result.variables, result.unresolved, parts)
        }
        expand(prefix, scope: scope, tracksNames: true)
        if lastExpansionEndedInside { return nil }
        let prefixCount = scratch.count
        scratch.append(syntaxReader.bytes(digest))
        let records = resolvedRecords(of: raw, isASCII: isASCII)
        let parts = ImageReferenceParts(reader.bytes(records.text))
        // The prefix's parts are the reference's without the digest when its text holds no `@`
        // (the first `@` is then the digest's).
        var prefixParts: ImageReferenceParts?
        if parts.digest?.lowerBound == prefixCount + 1 {
            prefixParts = parts
            prefixParts?.digest = nil
        }
        memos.prefixes.insert(memos.prefixResults.count, written: prefix, hash: hash, at: slot)
        memos.prefixResults.append((Span(start: records.text.start, end: records.text.start + prefixCount), records.variables,
                                    records.unresolved, prefixParts))
        return (records.text, records.variables, records.unresolved, parts)
    }

    /// The expansion of `raw` in `scratch` and the names it used (in `scratchNames`, as offsets of
    /// `raw`), recorded.
    private mutating func resolvedRecords(of raw: Span, isASCII: Bool) -> (text: Span, variables: RecordSlice, unresolved: RecordSlice) {
        // From ASCII input and valid values, the expansion is valid UTF-8.
        let resolved = isASCII ? intern(scratch.bytes) : internValid(scratch.bytes)
        let variables = RecordSlice(start: names.count, count: scratchNames.used.count)
        for name in scratchNames.used { names.append(Span(start: raw.start + name.lowerBound, end: raw.start + name.upperBound)) }
        let unresolved = RecordSlice(start: names.count, count: scratchNames.unresolved.count)
        for name in scratchNames.unresolved { names.append(Span(start: raw.start + name.lowerBound, end: raw.start + name.upperBound)) }
        return (resolved, variables, unresolved)
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
