import SourceSupport

/// Typed detail computed after parsing: shell models, stages, variable scopes, image references.
enum SemanticAnalysis {
    static func run(on dockerfile: inout Dockerfile, bytes: [UInt8]) {
    }
}
