import SourceSupport

/// The compose files as written (aliases and merge keys expanded, nothing else applied), each value
/// with its range: what `infralint parse --language compose FILE` prints without `--resolved`.
public enum ComposeWrittenJSON {
    public static func files(_ files: [(file: String, node: ComposeNode)]) -> JSONValue {
        .object([("files", .array(files.map { file in
            .object([("file", .string(file.file)), ("root", node(file.node))])
        }))])
    }

    public static func node(_ node: ComposeNode) -> JSONValue {
        var members: [(String, JSONValue)] = [("range", range(node.range))]
        if let tag = node.tag { members.append(("tag", .string(tag))) }
        switch node.content {
        case .mapping(let entries):
            members.append(("mapping", .array(entries.map { entry in
                .object([("key", .string(entry.key)), ("keyRange", range(entry.keyRange)), ("value", self.node(entry.value))])
            })))
        case .sequence(let items):
            members.append(("sequence", .array(items.map(self.node))))
        default:
            members.append(("value", JSONOutput.json(node)))
            if case .string(let text) = node.content { members[members.count - 1].1 = .string(text) }
        }
        return .object(members)
    }

    static func range(_ range: SourceRange) -> JSONValue {
        .string("\(range.start.line):\(range.start.column)-\(range.end.line):\(range.end.column)")
    }
}
