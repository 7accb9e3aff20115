// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the product is the Swift standard library and nothing else
// (the CLI talks to the OS through Glibc; no Foundation in the binary).
// Release builds optimize across module boundaries: the views a parse returns (`Instruction`,
// `NodeList`, ...) are small accessors over the parser's records, and without this each read from
// another module (the rules, the CLI) was an outlined call with a retain and a release of the
// store. Measured on the `dockerfile` benchmark: reading each instruction's arguments, flags, pairs,
// scripts and each stage's scope cost 146 M instructions over 6 parses of 4 MB, 45 M with it.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "infralint",
    products: [
        .executable(name: "infralint", targets: ["infralint"]),
    ],
    targets: [
        // Positions in text, the JSON value type and parse diagnostics shared by both front ends.
        .target(name: "SourceSupport", swiftSettings: crossModule),
        .target(name: "DockerfileParser", dependencies: ["SourceSupport"], swiftSettings: crossModule),
        .target(name: "ComposeParser", dependencies: ["SourceSupport"], swiftSettings: crossModule),
        .target(name: "PolicyEngine", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser"], swiftSettings: crossModule),
        .executableTarget(name: "infralint", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser", "PolicyEngine"], swiftSettings: crossModule),
        // Throughput benchmarks of the front ends (scripts/bench.sh builds it in release mode).
        .executableTarget(name: "infralint-bench", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser", "PolicyEngine"], swiftSettings: crossModule),
        .testTarget(
            name: "ParserTests",
            dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser"],
            path: "Tests/ParserTests"
        ),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser", "PolicyEngine"],
            path: "Tests/PolicyTests"
        ),
    ]
)
