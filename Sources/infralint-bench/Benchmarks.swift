import SourceSupport
import DockerfileParser
import ComposeParser

/// Every benchmark mode. Each front end adds its entry here.
let benchmarks: [Benchmark] = [
    Benchmark(name: "dockerfile", summary: "Dockerfile front end: syntax tree, stages, variable scopes, shell model") { bytes in
        // `parse` builds every node of the tree (with its byte offsets), the shell model of every
        // RUN/CMD/ENTRYPOINT/HEALTHCHECK and heredoc script, the stages and their scopes; the sum
        // touches each so none can be optimized away. Strings and line/column positions of nodes
        // are made when read: `dockerfile-walk` reads all of them.
        let dockerfile = DockerfileParser.parse(bytes)
        var sum = dockerfile.diagnostics.count &+ dockerfile.comments.count
        for instruction in dockerfile.instructions {
            sum &+= instruction.arguments.count &+ instruction.flags.count &+ instruction.keyValuePairs.count
            if let script = instruction.shellScript { sum &+= script.commands.count }
            if !instruction.heredocs.isEmpty {
                for script in instruction.allShellScripts { sum &+= script.commands.count }
            }
        }
        for stage in dockerfile.stages {
            sum &+= stage.scope.entries.count &+ stage.baseImage.variables.count
        }
        return sum
    },
    Benchmark(name: "dockerfile-walk", summary: "Dockerfile front end, then every node's strings and ranges read") { bytes in
        let dockerfile = DockerfileParser.parse(bytes)
        var sum = dockerfile.diagnostics.count
        func add(_ range: SourceRange) { sum &+= range.start.line &+ range.end.column }
        func add(_ text: String) { sum &+= text.utf8.count }
        func walk(_ script: ShellScript) {
            add(script.range)
            for command in script.commands {
                add(command.range)
                for word in command.assignments { add(word.value); add(word.raw); add(word.range) }
                for word in command.words { add(word.value); add(word.raw); add(word.range) }
                for redirection in command.redirections { add(redirection.operatorText); add(redirection.range); if let target = redirection.target { add(target.value) } }
            }
        }
        func walk(_ instruction: Instruction) {
            add(instruction.keyword); add(instruction.range); add(instruction.keywordRange)
            add(instruction.argumentText); add(instruction.argumentRange)
            for flag in instruction.flags { add(flag.raw); add(flag.name); add(flag.value ?? ""); add(flag.range) }
            for argument in instruction.arguments { add(argument.value); add(argument.range) }
            for pair in instruction.keyValuePairs { add(pair.key); add(pair.value ?? ""); add(pair.rawKey); add(pair.range) }
            for heredoc in instruction.heredocs { add(heredoc.name); add(heredoc.content); add(heredoc.contentRange); if let script = heredoc.script { walk(script) } }
            for comment in instruction.leadingComments { add(comment.text) }
            if let script = instruction.shellScript { walk(script) }
            if let trigger = instruction.trigger { walk(trigger) }
        }
        for instruction in dockerfile.instructions { walk(instruction) }
        for comment in dockerfile.comments { add(comment.text); add(comment.range) }
        for stage in dockerfile.stages {
            sum &+= stage.scope.entries.count &+ stage.baseImage.variables.count
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
