import XCTest
import SourceSupport
@testable import DockerfileParser

/// Stages, variable scopes and expansion, image references, directives, comments and typed views.
final class DockerfileSemanticsTests: XCTestCase {
    func testExpansionForms() {
        let scope = VariableScope(entries: [
            .init(name: "SET", value: "v", isEnvironment: false, range: nil),
            .init(name: "EMPTY", value: "", isEnvironment: false, range: nil),
            .init(name: "DECLARED", value: nil, isEnvironment: false, range: nil),
        ])
        func expand(_ text: String) -> String { VariableExpansion.expand(text, in: scope).value }
        XCTAssertEqual(expand("$SET/${SET}"), "v/v")
        XCTAssertEqual(expand("${SET:-x} ${EMPTY:-x} ${EMPTY-x} ${UNSET-x}"), "v x  x")
        XCTAssertEqual(expand("${SET:+y} ${EMPTY:+y} ${EMPTY+y} ${UNSET+y}"), "y  y ")
        XCTAssertEqual(expand("'$SET' \"$SET\" \\$SET"), "$SET v $SET")
        XCTAssertEqual(expand("${UNSET:-${SET}}"), "v")
        let result = VariableExpansion.expand("$SET $UNSET ${DECLARED} ${OTHER:-d}", in: scope)
        XCTAssertEqual(result.usedVariables, ["SET", "UNSET", "DECLARED", "OTHER"])
        XCTAssertEqual(result.unresolvedVariables, ["UNSET", "DECLARED"])
    }

    func testImageReferenceSplitting() {
        func parse(_ text: String) -> ImageReference {
            ImageReference.parse(text, range: SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), scope: VariableScope())
        }
        let full = parse("ghcr.io/org/app:1.2@sha256:abc")
        XCTAssertEqual([full.registry, full.repository, full.tag, full.digest], ["ghcr.io", "org/app", "1.2", "sha256:abc"])
        let hub = parse("library/alpine")
        XCTAssertNil(hub.registry)
        XCTAssertEqual(hub.repository, "library/alpine")
        XCTAssertTrue(hub.isImplicitLatest)
        let local = parse("localhost:5000/x:dev")
        XCTAssertEqual([local.registry, local.repository, local.tag], ["localhost:5000", "x", "dev"])
        XCTAssertTrue(parse("scratch").isScratch)
    }

    func testStagesScopesAndBaseImages() throws {
        let text = """
        # syntax=docker/dockerfile:1
        ARG BASE=alpine
        ARG TAG
        FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-3.20} AS Build
        ARG BASE
        ENV A=1 B=$A
        ENV C=${A}2
        FROM build
        RUN echo $A
        FROM $MISSING

        """
        let dockerfile = DockerfileParser.parse(text)
        XCTAssertFalse(dockerfile.hasErrors)
        XCTAssertEqual(dockerfile.directive("syntax")?.value, "docker/dockerfile:1")
        XCTAssertEqual(dockerfile.globalScope.value(of: "BASE"), "alpine")
        XCTAssertTrue(dockerfile.globalScope.isDeclared("TAG"))
        XCTAssertEqual(dockerfile.stages.count, 3)

        let build = dockerfile.stages[0]
        XCTAssertEqual(build.name, "build")
        XCTAssertEqual(build.baseImage.resolved, "alpine:3.20")
        XCTAssertEqual(build.baseImage.variables, ["BASE", "TAG"])
        XCTAssertEqual(build.baseImage.unresolvedVariables, [])
        XCTAssertEqual(build.platform?.value, "$BUILDPLATFORM")
        XCTAssertEqual(build.scope.value(of: "BASE"), "alpine", "a bare ARG in a stage takes the global default")
        // BuildKit expands all values of one ENV with the scope before it.
        XCTAssertEqual(build.scope.value(of: "B"), "")
        XCTAssertEqual(build.scope.value(of: "C"), "12")
        XCTAssertEqual(build.instructionIndices, 2..<6)

        let derived = dockerfile.stages[1]
        XCTAssertEqual(derived.baseStageIndex, 0)
        XCTAssertTrue(derived.isBasedOnStage)
        XCTAssertEqual(derived.scope.value(of: "A"), "1", "ENV is inherited from the base stage")
        XCTAssertNil(derived.scope.entry("BASE"), "ARG is not inherited")
        XCTAssertEqual(dockerfile.expand("$A-$C", before: 7).value, "1-12")
        XCTAssertEqual(dockerfile.stage(containing: 7)?.index, 1)

        XCTAssertEqual(dockerfile.stages[2].baseImage.unresolvedVariables, ["MISSING"])
    }

    func testRangesOfKeywordFlagsArgumentsAndPairs() throws {
        let text = "FROM alpine\nCOPY --from=build --chmod=755 /src \\\n  /dst\nENV KEY=\"a b\" OTHER=c\n"
        let dockerfile = DockerfileParser.parse(text)
        let bytes = Array(text.utf8)
        func slice(_ range: SourceRange) -> String {
            String(decoding: bytes[range.start.offset..<range.end.offset], as: UTF8.self)
        }
        let copy = dockerfile.instructions[1]
        XCTAssertEqual(slice(copy.keywordRange), "COPY")
        XCTAssertEqual(copy.flags.map(\.name), ["from", "chmod"])
        XCTAssertEqual(slice(copy.flags[0].range), "--from=build")
        XCTAssertEqual(slice(try XCTUnwrap(copy.flags[0].valueRange)), "build")
        XCTAssertEqual(slice(copy.arguments[1].range), "/dst")
        XCTAssertEqual(copy.arguments[1].range.start.line, 3)
        XCTAssertEqual(copy.copy?.from?.value, "build")
        XCTAssertEqual(copy.copy?.destination?.value, "/dst")
        XCTAssertEqual(copy.startLine, 2)
        XCTAssertEqual(copy.endLine, 3)

        let env = dockerfile.instructions[2]
        XCTAssertEqual(env.keyValuePairs.map(\.key), ["KEY", "OTHER"])
        XCTAssertEqual(env.keyValuePairs.map(\.value), ["a b", "c"])
        XCTAssertEqual(env.keyValuePairs[0].rawValue, "\"a b\"")
        XCTAssertEqual(slice(try XCTUnwrap(env.keyValuePairs[0].valueRange)), "\"a b\"")
        XCTAssertEqual(slice(env.keyValuePairs[1].keyRange), "OTHER")
    }

    func testTypedViews() {
        let text = """
        FROM node:20 AS deps
        USER app:staff
        EXPOSE 80 443/udp
        HEALTHCHECK NONE
        RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc npm ci
        ONBUILD COPY . /app

        """
        let dockerfile = DockerfileParser.parse(text)
        XCTAssertEqual(dockerfile.instructions[0].from?.stageName?.value, "deps")
        XCTAssertEqual(dockerfile.instructions[1].user?.user, "app")
        XCTAssertEqual(dockerfile.instructions[1].user?.group, "staff")
        XCTAssertEqual(dockerfile.instructions[2].exposedPorts.map(\.proto), ["tcp", "udp"])
        XCTAssertEqual(dockerfile.instructions[3].healthcheck?.isNone, true)
        let mounts = dockerfile.instructions[4].mounts
        XCTAssertEqual(mounts.map(\.type), ["cache", "secret"])
        XCTAssertEqual(mounts[0].option("target"), "/root/.npm")
        XCTAssertEqual(dockerfile.instructions[5].trigger?.kind, .copy)
        XCTAssertEqual(dockerfile.instructions[5].trigger?.arguments.map(\.value), [".", "/app"])
    }

    func testCommentsAndLeadingComments() {
        let text = "# hadolint ignore=DL3008\nRUN apt-get install -y curl \\\n  # inside\n  wget\n\n# infralint ignore=pin\nFROM x\n"
        let dockerfile = DockerfileParser.parse(text)
        XCTAssertEqual(dockerfile.comments.map(\.text), ["hadolint ignore=DL3008", "inside", "infralint ignore=pin"])
        XCTAssertEqual(dockerfile.comments.map(\.isInsideContinuation), [false, true, false])
        XCTAssertEqual(dockerfile.instructions[0].leadingComments.map(\.text), ["hadolint ignore=DL3008"])
        XCTAssertEqual(dockerfile.instructions[1].leadingComments.map(\.text), ["infralint ignore=pin"])
        XCTAssertEqual(dockerfile.comments[1].range.start.line, 3)
    }

    func testDirectivesAndEscapeRules() throws {
        let backtick = DockerfileParser.parse("# escape=`\nFROM a\nRUN echo `\n  done\n")
        XCTAssertEqual(backtick.escapeCharacter, UInt8(ascii: "`"))
        XCTAssertEqual(backtick.instructions[1].arguments.first?.value, "echo   done")
        // A blank line ends the directive block: the escape directive below it is a plain comment.
        let late = DockerfileParser.parse("\n# escape=`\nFROM a\n")
        XCTAssertEqual(late.escapeCharacter, UInt8(ascii: "\\"))
        XCTAssertTrue(late.directives.isEmpty)
        let twice = DockerfileParser.parse("# escape=`\n# escape=\\\nFROM a\n")
        let error = try XCTUnwrap(twice.diagnostics.first { $0.severity == .error })
        XCTAssertEqual(error.range.start.line, 2)
        XCTAssertTrue(DockerfileParser.parse("# escape=x\nFROM a\n").hasErrors)
    }
}
