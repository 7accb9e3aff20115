import SourceSupport
import DockerfileParser

/// Image-level facts of a Dockerfile that several rules read: its stages, what each is built from,
/// and what the image a stage produces inherits (USER, HEALTHCHECK, EXPOSE) along its chain of stages.
/// Stages and image references come from the front end (`Dockerfile.stages`); while a parse has no
/// stages (a file whose semantic pass did not run), they are derived from the FROM instructions.
public struct DockerfileFacts: Sendable {
    public struct BaseImage: Sendable {
        /// As written after FROM.
        public var written: String
        /// With global ARG defaults applied; nil when a variable has no value.
        public var resolved: String?
        public var reference: ImageReferenceParts
        /// Where the reference is written.
        public var range: SourceRange
        /// The earlier stage this stage builds on (`FROM build`), else nil.
        public var stageIndex: Int?
        public var isScratch: Bool { resolved?.lowercased() == "scratch" }
    }

    public struct StageFacts: Sendable {
        public var index: Int
        public var name: String?
        /// The FROM instruction.
        public var fromRange: SourceRange
        public var base: BaseImage
        public var instructions: [Instruction]
    }

    public enum UserState: Sendable {
        /// The last `USER` of the chain, and where it is written.
        case explicit(String, SourceRange)
        /// No `USER` in the chain: the base image's user applies; the range is the final stage's FROM.
        case inheritedFromBase(ImageReferenceParts, SourceRange)
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
        stages = dockerfile.stages.isEmpty ? DockerfileFacts.deriveStages(dockerfile) : DockerfileFacts.frontEndStages(dockerfile)
    }

    private static func frontEndStages(_ dockerfile: Dockerfile) -> [StageFacts] {
        dockerfile.stages.map { stage in
            let image = stage.baseImage
            let resolved: String? = image.unresolvedVariables.isEmpty && !image.resolved.isEmpty ? image.resolved : nil
            let name = image.registry.map { $0 + "/" + image.repository } ?? image.repository
            let instructions = stage.instructionIndices.compactMap { $0 < dockerfile.instructions.count ? dockerfile.instructions[$0] : nil }
            let fromRange = stage.fromIndex < dockerfile.instructions.count ? dockerfile.instructions[stage.fromIndex].range : image.range
            return StageFacts(index: stage.index, name: stage.name, fromRange: fromRange,
                              base: BaseImage(written: image.raw, resolved: resolved,
                                              reference: ImageReferenceParts(name: name, tag: image.tag, digest: image.digest),
                                              range: image.range, stageIndex: stage.baseStageIndex),
                              instructions: instructions)
        }
    }

    /// Stages from the FROM instructions, with global ARG defaults expanded.
    private static func deriveStages(_ dockerfile: Dockerfile) -> [StageFacts] {
        var globals: [String: String] = [:]
        var stages: [StageFacts] = []
        for instruction in dockerfile.instructions {
            if instruction.kind == .arg && stages.isEmpty {
                for pair in instruction.keyValuePairs { if let value = pair.value { globals[pair.key] = value } }
                continue
            }
            if let from = instruction.from {
                let written = from.image.value
                let resolved = StaticExpansion.expand(written, values: globals).flatMap { $0.isEmpty ? nil : $0 }
                let stageIndex = resolved.flatMap { text in stages.lastIndex { $0.name == text.lowercased() } }
                stages.append(StageFacts(index: stages.count, name: from.stageName?.value.lowercased(), fromRange: instruction.range,
                                         base: BaseImage(written: written, resolved: resolved,
                                                         reference: ImageReferenceParts.parse(resolved ?? written),
                                                         range: from.image.range, stageIndex: stageIndex),
                                         instructions: [instruction]))
                continue
            }
            if !stages.isEmpty { stages[stages.count - 1].instructions.append(instruction) }
        }
        return stages
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
                user = .explicit(view.argument.value, instruction.range)
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

    public func finalImages(target: String?) -> [FinalImage] { finalImage(target: target).map { [$0] } ?? [] }
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

/// A base image pulled from a registry (not `scratch`, not an earlier stage), resolved.
public struct BaseImageUse: Sendable {
    public var written: String
    public var reference: ImageReferenceParts
    public var range: SourceRange
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

    public var externalBaseImages: [BaseImageUse] {
        facts.stages.compactMap { stage in
            guard stage.base.stageIndex == nil, let resolved = stage.base.resolved, !stage.base.isScratch, !resolved.isEmpty else { return nil }
            return BaseImageUse(written: stage.base.written, reference: stage.base.reference, range: stage.base.range)
        }
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
