import XCTest
import SourceSupport
import ComposeParser

/// Docker Compose reads YAML with go-yaml, which accepts flow continuation lines at or left of the
/// block key holding the collection; strict YAML 1.2 does not. The Compose loader follows Compose.
final class ComposeLeniencyTests: XCTestCase {
    let text = """
    services:
      daprd:
        image: daprio/daprd:1.14.4
        command: [ "./daprd",
        "-app-id", "nodeapp" ]
    """

    func testUnderIndentedFlowContinuationLoadsAsComposeDoes() throws {
        let bytes = Array(text.utf8)
        let result = ComposeLoader.load(files: ["compose.yaml"], environment: [:], readFile: { path in path.hasSuffix("compose.yaml") ? bytes : nil })
        XCTAssertNil(result.diagnostics.first { $0.diagnostic.severity == .error }?.diagnostic.message)
        let command = try XCTUnwrap(result.project?.service(named: "daprd")?.command)
        XCTAssertEqual(command.value, ["./daprd", "-app-id", "nodeapp"])
    }

    func testPlainYAMLStaysStrict() {
        XCTAssertNotNil(YAMLParser.parse(Array(text.utf8)).error)
    }
}
