// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the product is the Swift standard library and nothing else
// (the CLI talks to the OS through Glibc; no Foundation in the binary).
let package = Package(
    name: "infralint",
    products: [
        .executable(name: "infralint", targets: ["infralint"]),
    ],
    targets: [
        // Positions in text, the JSON value type and parse diagnostics shared by both front ends.
        .target(name: "SourceSupport"),
        .target(name: "DockerfileParser", dependencies: ["SourceSupport"]),
        .target(name: "ComposeParser", dependencies: ["SourceSupport"]),
        .target(name: "PolicyEngine", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser"]),
        .executableTarget(name: "infralint", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser", "PolicyEngine"]),
        // Throughput benchmarks of the front ends (scripts/bench.sh builds it in release mode).
        .executableTarget(name: "infralint-bench", dependencies: ["SourceSupport", "DockerfileParser", "ComposeParser", "PolicyEngine"]),
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
