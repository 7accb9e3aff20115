import SourceSupport

/// Typed detail computed after parsing: stages, their variable scopes and base image references.
enum SemanticAnalysis {
    static func run(on dockerfile: inout Dockerfile, bytes: [UInt8]) {
        let instructions = dockerfile.instructions
        let escape = dockerfile.escapeCharacter
        var global = VariableScope()
        var stages: [Stage] = []
        // Stages are large values: growing the array re-copied (retained and released) each one.
        var fromCount = 0
        for index in instructions.indices where instructions[index].kind == .from { fromCount += 1 }
        stages.reserveCapacity(fromCount)
        var scope = VariableScope()
        var stageByName: [String: Int] = [:]
        // Indexing instead of iterating copies no instruction (each copy retains a dozen buffers).
        for index in instructions.indices {
            switch instructions[index].kind {
            case .from:
                if !stages.isEmpty {
                    stages[stages.count - 1].instructionIndices = stages[stages.count - 1].fromIndex..<index
                    stages[stages.count - 1].scope = scope
                }
                let stage = makeStage(instructions[index], index: index, stageIndex: stages.count, stageByName: stageByName, global: global, escape: escape)
                if let name = stage.name { stageByName[name] = stage.index }
                // A stage built on an earlier one inherits its environment (not its ARGs).
                scope = VariableScope(entries: stage.baseStageIndex.map { stages[$0].scope.entries.filter(\.isEnvironment) } ?? [])
                stages.append(stage)
            case .arg:
                if stages.isEmpty {
                    declareArguments(instructions[index], into: &global, global: nil, escape: escape)
                } else {
                    declareArguments(instructions[index], into: &scope, global: global, escape: escape)
                }
            case .env where !stages.isEmpty:
                declareEnvironment(instructions[index], into: &scope, escape: escape)
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

    static func makeStage(_ instruction: Instruction, index: Int, stageIndex: Int, stageByName: [String: Int], global: VariableScope, escape: UInt8) -> Stage {
        let view = instruction.from
        let image = view?.image ?? Argument(value: "", range: instruction.argumentRange)
        let reference = ImageReference.parse(image.value, range: image.range, scope: global, escape: escape)
        let name = view?.stageName.map { $0.value.lowercased() }
        let base = reference.resolved.lowercased()
        let baseStageIndex = stageByName[base]
        return Stage(index: stageIndex, name: name, nameRange: view?.stageName?.range, fromIndex: index,
                     instructionIndices: index..<(index + 1), baseImage: reference, baseStageIndex: baseStageIndex,
                     platform: instruction.flag("platform"), scope: VariableScope())
    }

    /// `ARG NAME[=default]`: inside a stage a bare `ARG NAME` takes the global default, as BuildKit does.
    static func declareArguments(_ instruction: Instruction, into scope: inout VariableScope, global: VariableScope?, escape: UInt8) {
        for pair in instruction.keyValuePairs {
            var value: String?
            if let raw = pair.rawValue {
                value = VariableExpansion.expand(raw, in: scope, escape: escape).value
            } else if let global {
                value = global.value(of: pair.key)
            }
            scope.declare(.init(name: pair.key, value: value, isEnvironment: false, range: pair.range))
        }
    }

    static func declareEnvironment(_ instruction: Instruction, into scope: inout VariableScope, escape: UInt8) {
        // All values of one ENV are expanded with the scope before it (BuildKit's rule).
        // Expand every value before declaring any (rather than keeping a copy of the scope, which
        // made the first declaration copy the whole entry array).
        let pairs = instruction.keyValuePairs
        if pairs.count == 1, let pair = pairs.first {
            let value = pair.rawValue.map { VariableExpansion.expand($0, in: scope, escape: escape).value }
            scope.declare(.init(name: pair.key, value: value, isEnvironment: true, range: pair.range))
            return
        }
        let values = pairs.map { pair in pair.rawValue.map { VariableExpansion.expand($0, in: scope, escape: escape).value } }
        for (pair, value) in zip(pairs, values) {
            scope.declare(.init(name: pair.key, value: value, isEnvironment: true, range: pair.range))
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
                SemanticAnalysis.declareArguments(instruction, into: &global, global: nil, escape: escapeCharacter)
            }
            return global
        }
        var scope = VariableScope(entries: stage.baseStageIndex.map { stages[$0].scope.entries.filter(\.isEnvironment) } ?? [])
        for index in (stage.fromIndex + 1)..<max(stage.fromIndex + 1, instructionIndex) {
            let instruction = instructions[index]
            if instruction.kind == .arg {
                SemanticAnalysis.declareArguments(instruction, into: &scope, global: globalScope, escape: escapeCharacter)
            } else if instruction.kind == .env {
                SemanticAnalysis.declareEnvironment(instruction, into: &scope, escape: escapeCharacter)
            }
        }
        return scope
    }

    /// Expands `text` with the variables in effect before the instruction at `instructionIndex`.
    public func expand(_ text: String, before instructionIndex: Int) -> ExpansionResult {
        VariableExpansion.expand(text, in: scope(before: instructionIndex), escape: escapeCharacter)
    }
}
