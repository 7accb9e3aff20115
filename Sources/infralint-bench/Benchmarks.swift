import DockerfileParser
import ComposeParser

/// Every benchmark mode. Each front end adds its entry here.
let benchmarks: [Benchmark] = [
    Benchmark(name: "dockerfile", summary: "Dockerfile front end: syntax tree, stages, variable scopes, shell model") { bytes in
        DockerfileParser.parse(bytes).diagnostics.count
    },
    Benchmark(name: "yaml", summary: "YAML parser: node tree with source marks") { bytes in
        YAMLParser.parse(bytes).documents.count
    },
]
