import SourceSupport

// Typed views of instructions, computed from the arguments on demand so the tree stays one shape.

/// `FROM [--platform=...] image [AS name]`.
public struct FromView: Sendable {
    public var image: Argument
    /// The argument after `AS` (any case), if present.
    public var stageName: Argument?
    public var platform: Flag?
}

/// `COPY`/`ADD` sources and destination (shell or exec form; heredoc sources are `<<NAME` words).
public struct CopyView: Sendable {
    public var sources: [Argument]
    public var destination: Argument?
    /// `--from=stage|image|index` (COPY only).
    public var from: Flag?
    public var chown: Flag?
    public var chmod: Flag?
    public var link: Flag?
}

/// `USER name[:group]`.
public struct UserView: Sendable {
    public var user: String
    public var group: String?
    public var argument: Argument
}

/// One `EXPOSE` item: `80`, `8080/tcp`, `3000-3005/udp`, `$PORT`.
public struct ExposedPort: Hashable, Sendable {
    public var text: String
    /// The port or range part before `/`.
    public var port: String
    /// `tcp` when absent.
    public var proto: String
    public var range: SourceRange
}

/// `HEALTHCHECK NONE` or `HEALTHCHECK [flags] CMD command`.
public struct HealthcheckView: Sendable {
    public var isNone: Bool
    /// The command after `CMD` (one shell string or the exec-form strings).
    public var command: [Argument]
    public var isExecForm: Bool
}

/// One `--mount=type=...,key=value` of RUN.
public struct MountView: Hashable, Sendable {
    /// `bind` when absent, as BuildKit defaults.
    public var type: String
    /// Every `key=value` (a bare key has an empty value), in order.
    public var options: [(String, String)]
    public var flag: Flag

    public static func == (lhs: MountView, rhs: MountView) -> Bool { lhs.flag == rhs.flag }
    public func hash(into hasher: inout Hasher) { hasher.combine(flag) }

    /// The value of `key` (`target`, `id`, ...), also accepting its aliases (`dst`, `destination`).
    public func option(_ key: String) -> String? {
        let aliases: [String: [String]] = ["target": ["target", "dst", "destination"], "source": ["source", "src"]]
        let names = aliases[key] ?? [key]
        return options.last { names.contains($0.0) }?.1
    }
}

extension Instruction {
    public var from: FromView? {
        guard kind == .from, let image = arguments.first else { return nil }
        var stageName: Argument?
        if arguments.count >= 3, arguments[1].value.lowercased() == "as" { stageName = arguments[2] }
        return FromView(image: image, stageName: stageName, platform: flag("platform"))
    }

    public var copy: CopyView? {
        guard kind == .copy || kind == .add else { return nil }
        let destination = arguments.last
        let sources = arguments.count > 1 ? Array(arguments.dropLast()) : []
        return CopyView(sources: sources, destination: destination, from: flag("from"), chown: flag("chown"),
                        chmod: flag("chmod"), link: flag("link"))
    }

    public var user: UserView? {
        guard kind == .user, let argument = arguments.first else { return nil }
        let value = argument.value
        if let colon = value.firstIndex(of: ":") {
            return UserView(user: String(value[..<colon]), group: String(value[value.index(after: colon)...]), argument: argument)
        }
        return UserView(user: value, group: nil, argument: argument)
    }

    public var exposedPorts: [ExposedPort] {
        guard kind == .expose else { return [] }
        return arguments.map { argument in
            let text = argument.value
            if let slash = text.firstIndex(of: "/") {
                return ExposedPort(text: text, port: String(text[..<slash]), proto: String(text[text.index(after: slash)...]).lowercased(), range: argument.range)
            }
            return ExposedPort(text: text, port: text, proto: "tcp", range: argument.range)
        }
    }

    public var healthcheck: HealthcheckView? {
        guard kind == .healthcheck, let first = arguments.first else { return nil }
        let isNone = first.value.uppercased() == "NONE"
        return HealthcheckView(isNone: isNone, command: Array(arguments.dropFirst()), isExecForm: isExecForm)
    }

    public var mounts: [MountView] {
        flags(named: "mount").compactMap { flag in
            guard let value = flag.value else { return nil }
            var options: [(String, String)] = []
            for field in value.split(separator: ",", omittingEmptySubsequences: true) {
                if let equals = field.firstIndex(of: "=") {
                    options.append((String(field[..<equals]).lowercased(), String(field[field.index(after: equals)...])))
                } else {
                    options.append((String(field).lowercased(), ""))
                }
            }
            let type = options.last { $0.0 == "type" }?.1 ?? "bind"
            return MountView(type: type, options: options, flag: flag)
        }
    }

    /// The executable words of CMD/ENTRYPOINT/RUN/SHELL exec form (empty for shell form).
    public var execArguments: [String] { isExecForm ? arguments.map(\.value) : [] }
}
