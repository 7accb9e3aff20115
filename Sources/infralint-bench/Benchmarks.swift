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
        // Every node is built with its structure, tag and range; a scalar written without escapes
        // or folding keeps its place in the input and becomes a String when read (`yaml-walk`).
        YAMLParser.parse(bytes).documents.count
    },
    Benchmark(name: "yaml-walk", summary: "YAML parser, then every node visited: each scalar's String and range read") { bytes in
        var sum = 0
        for document in YAMLParser.parse(bytes).documents {
            if let root = document.root { sum &+= walkYAML(root) }
        }
        return sum
    },
]

/// Visits every written node (aliases not followed) without recursion, reading each scalar's
/// value and every node's range and tag.
func walkYAML(_ root: YAMLNode) -> Int {
    var sum = 0
    var pending = [root]
    while let node = pending.popLast() {
        sum &+= node.range.end.column &+ (node.tag?.utf8.count ?? 0)
        switch node.content {
        case .scalar(let text, _): sum &+= text.utf8.count
        case .sequence(let items, _): pending.append(contentsOf: items)
        case .mapping(let pairs, _):
            for pair in pairs {
                pending.append(pair.key)
                pending.append(pair.value)
            }
        case .alias(let name, _): sum &+= name.utf8.count
        }
    }
    return sum
}
