import DockerfileParser
import ComposeParser

/// Every benchmark mode. Each front end adds its entry here.
let benchmarks: [Benchmark] = [
    Benchmark(name: "dockerfile", summary: "Dockerfile front end: syntax tree, stages, variable scopes, shell model") { bytes in
        // `parse` builds the tree, the shell model of every RUN/CMD/ENTRYPOINT/HEALTHCHECK and heredoc
        // script, the stages and their scopes; the sum touches each so none can be optimized away.
        let dockerfile = DockerfileParser.parse(bytes)
        var sum = dockerfile.diagnostics.count &+ dockerfile.comments.count
        for index in dockerfile.instructions.indices {
            sum &+= dockerfile.instructions[index].arguments.count &+ dockerfile.instructions[index].flags.count
            sum &+= dockerfile.instructions[index].shellScript?.commands.count ?? 0
            for heredoc in dockerfile.instructions[index].heredocs { sum &+= heredoc.script?.commands.count ?? 0 }
        }
        for index in dockerfile.stages.indices {
            sum &+= dockerfile.stages[index].scope.entries.count &+ dockerfile.stages[index].baseImage.variables.count
        }
        return sum
    },
    Benchmark(name: "yaml", summary: "YAML parser: node tree with source marks") { bytes in
        YAMLParser.parse(bytes).documents.count
    },
]
