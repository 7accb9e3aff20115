import SourceSupport
import DockerfileParser

/// Image-level facts of a Dockerfile that several rules read: its stages, what each is built from,
/// and what the image a stage produces inherits (USER, HEALTHCHECK, EXPOSE) along its chain of stages.
/// Stages and image references are the front end's (`Dockerfile.stages`); this adds what they imply.
public struct DockerfileFacts: Sendable {
    public struct BaseImage: Sendable {
        /// As split by the front end, global ARG defaults applied.
        public var reference: ImageReference
        /// The earlier stage this stage builds on (`FROM build`), else nil.
        public var stageIndex: Int?
        /// As written after FROM.
        public var written: String { reference.raw }
        /// nil when a variable has no value (nothing to judge) or nothing is written.
        public var resolved: String? {
            reference.unresolvedVariables.isEmpty && !reference.resolved.isEmpty ? reference.resolved : nil
        }
        public var range: SourceRange { reference.range }
        public var isScratch: Bool { reference.isScratch }
    }

    public struct StageFacts: Sendable {
        public var index: Int
        public var name: String?
        /// The FROM instruction.
        public var fromRange: SourceRange
        public var base: BaseImage
        public var instructions: [Instruction]
        /// ARG and ENV values at the end of the stage.
        public var scope: VariableScope

        /// An instruction argument with the stage's variables expanded; as written when one has no value.
        public func expanded(_ text: String) -> String {
            guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
            let expansion = VariableExpansion.expand(text, in: scope)
            return expansion.unresolvedVariables.isEmpty ? expansion.value : text
        }
    }

    public enum UserState: Sendable {
        /// The last `USER` of the chain, and where it is written.
        case explicit(String, SourceRange)
        /// No `USER` in the chain: the base image's user applies; the range is the final stage's FROM.
        case inheritedFromBase(ImageReference, SourceRange)
        /// The base cannot be resolved statically.
        case unknown
    }

    public struct Healthcheck: Sendable {
        public var isEnabled: Bool
        public var range: SourceRange
    }

    /// What the image a stage produces inherits from its chain.
    public struct FinalImage: Sendable {
        public var stage: StageFacts
        public var user: UserState
        public var healthcheck: Healthcheck?
        public var exposesPorts: Bool
        /// The final stage's FROM instruction, where image-wide findings point.
        public var stageRange: SourceRange { stage.fromRange }
    }

    public var stages: [StageFacts]

    public init(_ dockerfile: Dockerfile) {
        let instructions = dockerfile.instructions
        stages = dockerfile.stages.map { stage in
            StageFacts(index: stage.index, name: stage.name,
                       fromRange: stage.fromIndex < instructions.count ? instructions[stage.fromIndex].range : stage.baseImage.range,
                       base: BaseImage(reference: stage.baseImage, stageIndex: stage.baseStageIndex),
                       instructions: stage.instructionIndices.compactMap { $0 < instructions.count ? instructions[$0] : nil },
                       scope: stage.scope)
        }
    }

    /// The stage called `target` (case-insensitive), or the last stage.
    public func stage(target: String?) -> StageFacts? {
        if let target, let named = stages.last(where: { $0.name == target.lowercased() }) { return named }
        return stages.last
    }

    /// The stage and the stages it builds on, nearest first (cycles and bad indices stop the walk).
    public func chain(of stage: StageFacts) -> [StageFacts] {
        var chain = [stage]
        var current = stage
        while let parent = current.base.stageIndex, parent < current.index, parent < stages.count {
            current = stages[parent]
            chain.append(current)
        }
        return chain
    }

    /// The image produced when building `target` (the last stage when nil).
    public func finalImage(target: String? = nil) -> FinalImage? {
        guard let stage = stage(target: target) else { return nil }
        let chain = chain(of: stage)
        var user: UserState?
        var healthcheck: Healthcheck?
        var exposes = false
        for member in chain {
            if user == nil, let instruction = member.instructions.last(where: { $0.kind == .user }), let view = instruction.user {
                user = .explicit(member.expanded(view.argument.value), instruction.range)
            }
            if healthcheck == nil, let instruction = member.instructions.last(where: { $0.kind == .healthcheck }), let view = instruction.healthcheck {
                healthcheck = Healthcheck(isEnabled: !view.isNone, range: instruction.range)
            }
            if member.instructions.contains(where: { $0.kind == .expose }) { exposes = true }
        }
        if user == nil, let root = chain.last {
            user = root.base.resolved == nil ? .unknown : .inheritedFromBase(root.base.reference, stage.fromRange)
        }
        return FinalImage(stage: stage, user: user ?? .unknown, healthcheck: healthcheck, exposesPorts: exposes)
    }
}

/// An ARG or ENV declaration.
public struct DeclaredVariable: Sendable {
    public var keyword: String
    public var name: String
    public var nameRange: SourceRange
    public var value: String?
    public var valueRange: SourceRange?
    public var isArg: Bool
}

extension DockerfileContext {
    /// The images this file produces: the targets compose builds, else the last stage.
    public var finalImages: [DockerfileFacts.FinalImage] {
        let facts = facts
        var targets: [String?] = composeBuilds.map(\.target)
        if targets.isEmpty { targets = [nil] }
        var images: [DockerfileFacts.FinalImage] = []
        for target in targets {
            guard let image = facts.finalImage(target: target), !images.contains(where: { $0.stage.index == image.stage.index }) else { continue }
            images.append(image)
        }
        return images
    }

    /// Base images pulled from a registry: not `scratch`, not an earlier stage, statically resolved.
    public var externalBaseImages: [DockerfileFacts.BaseImage] {
        facts.stages.map(\.base).filter { $0.stageIndex == nil && $0.resolved != nil && !$0.isScratch }
    }

    /// Every ARG and ENV key, in file order (global ARGs included).
    public var declaredVariables: [DeclaredVariable] {
        dockerfile.instructions.flatMap { instruction -> [DeclaredVariable] in
            guard instruction.kind == .arg || instruction.kind == .env else { return [] }
            return instruction.keyValuePairs.map {
                DeclaredVariable(keyword: instruction.keyword, name: $0.key, nameRange: $0.keyRange, value: $0.value,
                                 valueRange: $0.valueRange, isArg: instruction.kind == .arg)
            }
        }
    }
}
