import SourceSupport
import DockerfileParser

/// `infralint-bench dump-dockerfile FILE`: every node of the Dockerfile front end's result as text,
/// one line a node (value nodes printed with all their fields). Used to compare two builds on
/// many inputs: a change to the parser's internals must leave this output unchanged.
func dumpDockerfile(_ bytes: [UInt8]) -> String {
    let dockerfile = DockerfileParser.parse(bytes)
    var out = ""
    func line(_ depth: Int, _ text: String) {
        out += String(repeating: "  ", count: depth) + text + "\n"
    }
    func script(_ script: ShellScript, _ depth: Int) {
        line(depth, "script \(script.range) problems=\(script.problems)")
        for command in script.commands {
            line(depth + 1, "command \(command.range) depth=\(command.depth) subshell=\(command.isInSubshell) substitution=\(command.isInCommandSubstitution) preceding=\(String(describing: command.precedingOperator)) following=\(String(describing: command.followingOperator)) name=\(String(describing: command.name))")
            for word in command.assignments { line(depth + 2, "assignment \(word)") }
            for word in command.words { line(depth + 2, "word \(word)") }
            for redirection in command.redirections { line(depth + 2, "redirection \(redirection)") }
        }
    }
    func dump(_ instruction: Instruction, _ depth: Int) {
        line(depth, "instruction \(instruction.keyword) kind=\(instruction.kind) lines=\(instruction.startLine)-\(instruction.endLine) range=\(instruction.range) keywordRange=\(instruction.keywordRange) exec=\(instruction.isExecForm)")
        line(depth + 1, "argumentText \(instruction.argumentText.debugDescription) \(instruction.argumentRange)")
        for flag in instruction.flags { line(depth + 1, "flag \(flag)") }
        for argument in instruction.arguments { line(depth + 1, "argument \(argument)") }
        for pair in instruction.keyValuePairs { line(depth + 1, "pair \(pair)") }
        for comment in instruction.leadingComments { line(depth + 1, "leadingComment \(comment)") }
        for heredoc in instruction.heredocs {
            line(depth + 1, "heredoc name=\(heredoc.name.debugDescription) content=\(heredoc.content.debugDescription) fd=\(heredoc.fileDescriptor) strips=\(heredoc.stripsLeadingTabs) expands=\(heredoc.expandsVariables) marker=\(heredoc.markerRange) content=\(heredoc.contentRange) terminator=\(String(describing: heredoc.terminatorRange))")
            if let heredocScript = heredoc.script { script(heredocScript, depth + 2) }
        }
        if let shell = instruction.shellScript { script(shell, depth + 1) }
        if let trigger = instruction.trigger { dump(trigger, depth + 1) }
    }
    line(0, "bom=\(dockerfile.hasByteOrderMark) escape=\(dockerfile.escapeCharacter) lines=\(dockerfile.lineTable.lineCount)")
    for directive in dockerfile.directives { line(0, "directive \(directive)") }
    for diagnostic in dockerfile.diagnostics { line(0, "diagnostic \(diagnostic)") }
    for item in dockerfile.instructions { dump(item, 0) }
    for comment in dockerfile.comments { line(0, "comment \(comment)") }
    for stage in dockerfile.stages {
        line(0, "stage \(stage.index) from=\(stage.fromIndex) instructions=\(stage.instructionIndices) baseStage=\(String(describing: stage.baseStageIndex)) name=\(String(describing: stage.name)) nameRange=\(String(describing: stage.nameRange)) platform=\(String(describing: stage.platform))")
        let image = stage.baseImage
        line(1, "image raw=\(image.raw.debugDescription) resolved=\(image.resolved.debugDescription) range=\(image.range) registry=\(String(describing: image.registry)) repository=\(image.repository) tag=\(String(describing: image.tag)) digest=\(String(describing: image.digest)) variables=\(image.variables) unresolved=\(image.unresolvedVariables)")
        for entry in stage.scope.entries { line(1, "scope \(entry)") }
    }
    for entry in dockerfile.globalScope.entries { line(0, "global \(entry)") }
    return out
}
