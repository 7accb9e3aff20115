import SourceSupport

/// Typed detail computed after parsing: stages, their variable scopes and base image references.
enum SemanticAnalysis {
    static func run(on dockerfile: inout Dockerfile, bytes: [UInt8], locator: SourceLocator? = nil) {
        let instructions = dockerfile.instructions
        let store = dockerfile.store
        // Ranges of declarations are found with the parse's locator (it starts each search at the
        // last line found), else with the line table.
        let range: (OffsetRange) -> SourceRange = { offsets in
            locator?.range(from: offsets.start, to: offsets.end) ?? store.range(offsets)
        }
        let escape = dockerfile.escapeCharacter
        var global = VariableScope()
        var stages: [Stage] = []
        // Stages are large values: growing the array re-copied (retained and released) each one.
        var fromCount = 0
        for index in instructions.indices where store.instructions[index].kind == .from { fromCount += 1 }
        stages.reserveCapacity(fromCount)
        var scope = VariableScope()
        var stageByName: [String: Int] = [:]
        // Indexing instead of iterating copies no instruction (each copy retains a dozen buffers).
        for index in instructions.indices {
            switch store.instructions[index].kind {
            case .from:
                if !stages.isEmpty {
                    stages[stages.count - 1].instructionIndices = stages[stages.count - 1].fromIndex..<index
                    stages[stages.count - 1].scope = scope
                }
                let stage = makeStage(instructions[index], index: index, stageIndex: stages.count, stageByName: stageByName, global: global,
                                      escape: escape, range: range)
                if let name = stage.name { stageByName[name] = stage.index }
                // A stage built on an earlier one inherits its environment (not its ARGs).
                scope = VariableScope(entries: stage.baseStageIndex.map { stages[$0].scope.entries.filter(\.isEnvironment) } ?? [])
                stages.append(stage)
            case .arg:
                if stages.isEmpty {
                    declareArguments(instructions[index], into: &global, global: nil, escape: escape, range: range)
                } else {
                    declareArguments(instructions[index], into: &scope, global: global, escape: escape, range: range)
                }
            case .env where !stages.isEmpty:
                declareEnvironment(instructions[index], into: &scope, escape: escape, range: range)
            default:
                break
            }
        }
        if !stages.isEmpty {
            stages[stages.count - 1].instructionIndices = stages[stages.count - 1].fromIndex..<instructions.count
            stages[stages.count - 1].scope = scope
        }
        dockerfile.globalScope = global
        dockerfile.stages = stages
    }

    /// The stage a FROM starts (`FROM [--platform=...] image [AS name]`, as `Instruction.from` reads
    /// it), read from the records.
    static func makeStage(_ instruction: Instruction, index: Int, stageIndex: Int, stageByName: [String: Int], global: VariableScope,
                         escape: UInt8, range: (OffsetRange) -> SourceRange) -> Stage {
        let store = instruction.store
        let record = store.instructions[instruction.index]
        let first = Int(record.arguments.start)
        let count = Int(record.arguments.count)
        let image = count > 0 ? store.values[first] : ValueRecord(value: .none, range: record.argumentRange)
        let reference = ImageReference.parse(store.string(image.value), range: range(image.range), scope: global, escape: escape)
        var name: String?
        var nameRange: SourceRange?
        if count >= 3, ByteClass.equalsIgnoringCase(store.bytes(store.values[first + 1].value), "as") {
            name = store.string(store.values[first + 2].value).lowercased()
            nameRange = range(store.values[first + 2].range)
        }
        let base = reference.resolved.lowercased()
        let baseStageIndex = stageByName[base]
        return Stage(index: stageIndex, name: name, nameRange: nameRange, fromIndex: index,
                     instructionIndices: index..<(index + 1), baseImage: reference, baseStageIndex: baseStageIndex,
                     platform: instruction.flag("platform"), scope: VariableScope())
    }

    /// The records of the instruction's key/value pairs (read directly: a rule-facing
    /// `KeyValuePair` would make four strings and three ranges where two strings and a range do).
    private static func pairRecords(_ instruction: Instruction) -> ArraySlice<PairRecord> {
        let slice = instruction.store.instructions[instruction.index].pairs
        return instruction.store.pairs[Int(slice.start)..<Int(slice.start + slice.count)]
    }

    /// `ARG NAME[=default]`: inside a stage a bare `ARG NAME` takes the global default, as BuildKit does.
    /// `range` locates a declaration (the parse's hinted locator, or the line table).
    static func declareArguments(_ instruction: Instruction, into scope: inout VariableScope, global: VariableScope?, escape: UInt8,
                                 range: (OffsetRange) -> SourceRange) {
        let store = instruction.store
        for pair in pairRecords(instruction) {
            let key = store.string(pair.key)
            var value: String?
            if !pair.rawValue.isNone {
                value = VariableExpansion.expandedValue(store.bytes(pair.rawValue), in: scope, escape: escape)
            } else if let global {
                value = global.value(of: key)
            }
            scope.declare(.init(name: key, value: value, isEnvironment: false, range: range(pair.range)))
        }
    }

    static func declareEnvironment(_ instruction: Instruction, into scope: inout VariableScope, escape: UInt8,
                                   range: (OffsetRange) -> SourceRange) {
        // All values of one ENV are expanded with the scope before it (BuildKit's rule).
        // Expand every value before declaring any (rather than keeping a copy of the scope, which
        // made the first declaration copy the whole entry array).
        let store = instruction.store
        let pairs = pairRecords(instruction)
        func expanded(_ pair: PairRecord) -> String? {
            pair.rawValue.isNone ? nil : VariableExpansion.expandedValue(store.bytes(pair.rawValue), in: scope, escape: escape)
        }
        if pairs.count == 1, let pair = pairs.first {
            let value = expanded(pair)
            scope.declare(.init(name: store.string(pair.key), value: value, isEnvironment: true, range: range(pair.range)))
            return
        }
        let values = pairs.map(expanded)
        for (pair, value) in zip(pairs, values) {
            scope.declare(.init(name: store.string(pair.key), value: value, isEnvironment: true, range: range(pair.range)))
        }
    }
}

extension Dockerfile {
    /// The ARG and ENV values in effect just before the instruction at `instructionIndex`
    /// (the global scope before the first FROM).
    public func scope(before instructionIndex: Int) -> VariableScope {
        guard let stage = stage(containing: instructionIndex) else {
            var global = VariableScope()
            for instruction in instructions.prefix(instructionIndex) where instruction.kind == .arg {
                SemanticAnalysis.declareArguments(instruction, into: &global, global: nil, escape: escapeCharacter, range: store.range)
            }
            return global
        }
        var scope = VariableScope(entries: stage.baseStageIndex.map { stages[$0].scope.entries.filter(\.isEnvironment) } ?? [])
        for index in (stage.fromIndex + 1)..<max(stage.fromIndex + 1, instructionIndex) {
            let instruction = instructions[index]
            if instruction.kind == .arg {
                SemanticAnalysis.declareArguments(instruction, into: &scope, global: globalScope, escape: escapeCharacter, range: store.range)
            } else if instruction.kind == .env {
                SemanticAnalysis.declareEnvironment(instruction, into: &scope, escape: escapeCharacter, range: store.range)
            }
        }
        return scope
    }

    /// Expands `text` with the variables in effect before the instruction at `instructionIndex`.
    public func expand(_ text: String, before instructionIndex: Int) -> ExpansionResult {
        VariableExpansion.expand(text, in: scope(before: instructionIndex), escape: escapeCharacter)
    }
}
