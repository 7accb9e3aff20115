import DockerfileParser
import ComposeParser

/// Every benchmark mode. Each front end adds its entry here.
let benchmarks: [Benchmark] = [
    Benchmark(name: "dockerfile", summary: "Dockerfile front end: syntax tree, stages, variable scopes, shell model") { bytes in
        // `parse` builds the tree, the shell model of every RUN/CMD/ENTRYPOINT/HEALTHCHECK and heredoc
        // script, the stages and their scopes; the sum touches each so none can be optimized away.
        let dockerfile = DockerfileParser.parse(bytes)
        var sum = dockerfile.diagnostics.count &+ dockerfile.comments.count
        for instruction in dockerfile.instructions {
            sum &+= instruction.arguments.count &+ instruction.flags.count
            for script in instruction.allShellScripts { sum &+= script.commands.count }
        }
        for stage in dockerfile.stages { sum &+= stage.scope.entries.count &+ stage.baseImage.variables.count }
        return sum
    },
    Benchmark(name: "yaml", summary: "YAML parser: node tree with source marks") { bytes in
        YAMLParser.parse(bytes).documents.count
    },
]
