import PolicyEngine

/// Lints a rule example in memory: markers stripped, Dockerfile targets linted one by one and the
/// compose targets as one project in the order given.
enum ExampleRunner {
    struct Outcome {
        /// The rule's findings as "path@offset".
        var found: [String]
        var expected: [String]
        var diagnostics: [Diagnostic]
        /// Front-end findings (a parse error in an example is a broken example).
        var frontEnd: [Diagnostic]
        /// A front end reported that it is not written yet.
        var pendingFrontEnd: Bool
    }

    static func isCompose(_ path: String) -> Bool { path.hasSuffix(".yml") || path.hasSuffix(".yaml") }

    static func workspace(for files: [ExampleFile]) -> Workspace {
        var texts: [String: String] = [:]
        for file in files { texts[file.path] = file.text }
        var targets: [LintTarget] = []
        let composeTargets = files.filter { $0.isTarget && isCompose($0.path) }.map(\.path)
        if !composeTargets.isEmpty { targets.append(.composeProject(files: composeTargets)) }
        for file in files where file.isTarget && !isCompose(file.path) && !file.path.hasSuffix("dockerignore") {
            targets.append(.dockerfile(path: file.path))
        }
        return Workspace(targets: targets, source: InMemoryFileSource(texts: texts))
    }

    static func run(_ example: RuleExample, rule: RuleDescription) -> Outcome {
        let (files, markers) = example.strippedFiles()
        let frontEndCodes = Set(FrontEndFindings.all.map(\.code))
        let linter = Linter(options: LintOptions(enabledRules: frontEndCodes.union([rule.code])))
        let result = linter.lint(workspace(for: files))
        let own = result.diagnostics.filter { $0.code == rule.code }
        let frontEnd = result.diagnostics.filter { frontEndCodes.contains($0.code) }
        let expected = markers.flatMap { path, offsets in offsets.map { "\(path)@\($0)" } }.sorted()
        let found = own.map { "\($0.file)@\($0.range.start.offset)" }.sorted()
        let pending = frontEnd.contains { $0.message.contains("not written yet") }
        return Outcome(found: found, expected: expected, diagnostics: own, frontEnd: frontEnd, pendingFrontEnd: pending)
    }
}
