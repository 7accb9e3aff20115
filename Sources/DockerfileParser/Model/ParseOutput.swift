import SourceSupport

extension Dockerfile {
    /// `{"instructions": [...]}` as `infralint parse` prints it. Each instruction has the eight keys
    /// the conformance comparison reads (BuildKit's view), then typed detail beside them.
    public func parseOutputJSON() -> JSONValue {
        var top: [(String, JSONValue)] = [("instructions", .array(instructions.map { $0.outputJSON() }))]
        top.append(("directives", .array(directives.map { directive in
            .object([("name", .string(directive.name)), ("value", .string(directive.value)), ("range", directive.range.outputJSON())])
        })))
        top.append(("stages", .array(stages.map { $0.outputJSON() })))
        top.append(("comments", .array(comments.map { comment in
            .object([("text", .string(comment.text)), ("range", comment.range.outputJSON())])
        })))
        return .object(top)
    }
}

extension Instruction {
    /// BuildKit's view (ONBUILD reports its trigger's values, as BuildKit's node does) plus ranges.
    func outputJSON() -> JSONValue {
        let reported = kind == .onbuild ? (trigger ?? self) : self
        // An ONBUILD node's value list is one empty value holding its trigger (none without trigger).
        let reportedArguments = reported.kind == .onbuild ? (reported.trigger == nil ? [] : [Argument(value: "", range: reported.argumentRange)]) : Array(reported.arguments)
        var pairs: [(String, JSONValue)] = [
            ("keyword", .string(keyword)),
            ("subKeyword", trigger.map { .string($0.keyword) } ?? .null),
            ("line", .int(startLine)),
            ("endLine", .int(endLine)),
            ("flags", .array(flags.map { .cString($0.raw) })),
            ("json", .bool(reported.isExecForm)),
            ("arguments", .array(reportedArguments.map { .cString($0.value) })),
            // BuildKit attaches ONBUILD's heredocs to the trigger, which its node listing does not show.
            ("heredocs", .array(heredocs.map { .object([("name", .cString($0.name)), ("content", .cString($0.content))]) })),
            ("range", range.outputJSON()),
            ("keywordRange", keywordRange.outputJSON()),
        ]
        if !reported.flags.isEmpty || !flags.isEmpty {
            pairs.append(("flagDetails", .array((Array(flags) + (kind == .onbuild ? Array(reported.flags) : [])).map { flag in
                .object([("name", .string(flag.name)), ("value", flag.value.map { .string($0) } ?? .null), ("range", flag.range.outputJSON())])
            })))
        }
        pairs.append(("argumentRanges", .array(reportedArguments.map { $0.range.outputJSON() })))
        if let script = reported.shellScript {
            pairs.append(("shell", script.outputJSON()))
        }
        let heredocScripts = reported.heredocs.compactMap { heredoc in heredoc.script.map { (heredoc.name, $0) } }
        if !heredocScripts.isEmpty {
            pairs.append(("heredocShell", .object(heredocScripts.map { ($0.0, $0.1.outputJSON()) })))
        }
        return .object(pairs)
    }
}

extension Stage {
    func outputJSON() -> JSONValue {
        .object([
            ("index", .int(index)),
            ("name", name.map { .string($0) } ?? .null),
            ("fromInstruction", .int(fromIndex)),
            ("baseImage", baseImage.outputJSON()),
            ("baseStage", baseStageIndex.map { .int($0) } ?? .null),
        ])
    }
}

extension ImageReference {
    func outputJSON() -> JSONValue {
        .object([
            ("raw", .string(raw)), ("resolved", .string(resolved)),
            ("registry", registry.map { .string($0) } ?? .null), ("repository", .string(repository)),
            ("tag", tag.map { .string($0) } ?? .null), ("digest", digest.map { .string($0) } ?? .null),
            ("variables", .array(variables.map { .string($0) })),
            ("unresolvedVariables", .array(unresolvedVariables.map { .string($0) })),
        ])
    }
}

extension ShellScript {
    func outputJSON() -> JSONValue {
        .array(commands.map { command in
            .object([
                ("words", .array(command.words.map { .string($0.value) })),
                ("assignments", .array(command.assignments.map { .string($0.value) })),
                ("operator", command.followingOperator.map { .string($0.rawValue) } ?? .null),
                ("depth", .int(command.depth)),
                ("range", command.range.outputJSON()),
            ])
        })
    }
}

extension SourceRange {
    /// `[startLine, startColumn, endLine, endColumn]`, columns in bytes, 1-based.
    func outputJSON() -> JSONValue {
        .array([.int(start.line), .int(start.column), .int(end.line), .int(end.column)])
    }
}

extension JSONValue {
    /// The reference listing (BuildKit's parser behind a C interface) ends strings at a NUL
    /// character, so the conformance keys do too; the typed tree keeps the full values.
    static func cString(_ value: String) -> JSONValue {
        guard let nul = value.utf8.firstIndex(of: 0) else { return .string(value) }
        return .string(String(value[..<nul]))
    }
}
