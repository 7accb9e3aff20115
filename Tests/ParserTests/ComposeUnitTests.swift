import Foundation
import XCTest
import SourceSupport
@testable import ComposeParser

final class ComposeInterpolationTests: XCTestCase {
    private func run(_ template: String, _ environment: [String: String] = [:]) -> Result<Interpolation.Output, Interpolation.Failure> {
        Interpolation.substitute(template) { environment[$0] }
    }

    private func text(_ template: String, _ environment: [String: String] = [:]) -> String? {
        if case .success(let output) = run(template, environment) { return output.text }
        return nil
    }

    func testForms() {
        let env = ["SET": "value", "EMPTY": ""]
        XCTAssertEqual(text("$SET and ${SET}", env), "value and value")
        XCTAssertEqual(text("${UNSET:-default}", env), "default")
        XCTAssertEqual(text("${EMPTY:-default}", env), "default")
        XCTAssertEqual(text("${EMPTY-default}", env), "")
        XCTAssertEqual(text("${UNSET-default}", env), "default")
        XCTAssertEqual(text("${SET:+replacement}", env), "replacement")
        XCTAssertEqual(text("${EMPTY:+replacement}", env), "")
        XCTAssertEqual(text("${EMPTY+replacement}", env), "replacement")
        XCTAssertEqual(text("${UNSET+replacement}", env), "")
        XCTAssertEqual(text("${OUTER:-${INNER:-deep}}", env), "deep")
        XCTAssertEqual(text("${UNSET:-{a}}", env), "{a}")
        XCTAssertEqual(text("${UNSET:-a}}", env), "a}")
    }

    func testDollarsStayLiteralUnlessAVariable() {
        XCTAssertEqual(text("cost $$5"), "cost $5")
        XCTAssertEqual(text("echo $1 and $ and $(pwd) tail$"), "echo $1 and $ and $(pwd) tail$")
        XCTAssertEqual(text("$X.y"), ".y")
    }

    func testErrors() {
        XCTAssertEqual(run("${UNSET:?must be set}"), .failure(.requiredVariableMissing(name: "UNSET", message: "must be set")))
        XCTAssertEqual(run("${EMPTY?x}", ["EMPTY": ""]).map(\.text), .success(""))
        for invalid in ["${}", "${X", "${X Y}", "${1X}", "${X:=d}", "${X:-${Y}"] {
            XCTAssertEqual(run(invalid), .failure(.invalidFormat), invalid)
        }
    }

    func testRecordsVariables() {
        XCTAssertEqual(try run("${DB_PASSWORD}").get().variables, ["DB_PASSWORD"])
        XCTAssertEqual(try run("plain").get().variables, [])
        XCTAssertEqual(try run("$$NOT_A_VARIABLE").get().variables, [])
    }
}

final class ComposeShortSyntaxTests: XCTestCase {
    func testPorts() throws {
        let simple = try PortSyntax.parse("80:8080").get()
        XCTAssertEqual(simple, [.init(hostIP: nil, published: "80", target: 8080, proto: "tcp")])
        XCTAssertEqual(try PortSyntax.parse("127.0.0.1:8443:443/tcp").get(), [.init(hostIP: "127.0.0.1", published: "8443", target: 443, proto: "tcp")])
        XCTAssertEqual(try PortSyntax.parse("9000-9001:9000-9001").get().map(\.published), ["9000", "9001"])
        XCTAssertEqual(try PortSyntax.parse("8000-8002:80").get(), [.init(hostIP: nil, published: "8000-8002", target: 80, proto: "tcp")])
        XCTAssertEqual(try PortSyntax.parse("[::1]:81:81").get().first?.hostIP, "::1")
        XCTAssertEqual(try PortSyntax.parse("127.0.0.1::82").get().first?.published, nil)
        XCTAssertEqual(try PortSyntax.parse("53:53/udp").get().first?.proto, "udp")
        XCTAssertEqual(try PortSyntax.parse("3000").get().first?.target, 3000)
        XCTAssertThrowsError(try PortSyntax.parse("abc").get())
        XCTAssertThrowsError(try PortSyntax.parse("1-3:1-2").get())
        XCTAssertThrowsError(try PortSyntax.parse("70000").get())
    }

    func testVolumes() throws {
        let bind = try VolumeSyntax.parse("./site:/usr/share/nginx/html:ro").get()
        XCTAssertEqual(bind.type, "bind")
        XCTAssertEqual(bind.source, "./site")
        XCTAssertTrue(bind.readOnly)
        let named = try VolumeSyntax.parse("cache:/var/cache:nocopy").get()
        XCTAssertEqual(named.type, "volume")
        XCTAssertTrue(named.noCopy)
        let anonymous = try VolumeSyntax.parse("/data").get()
        XCTAssertEqual(anonymous.type, "volume")
        XCTAssertNil(anonymous.source)
        XCTAssertEqual(try VolumeSyntax.parse("~/x:/y:rw,z").get().selinux, "z")
        // Compose ignores an option it does not know (checked against `docker compose config`).
        XCTAssertEqual(try VolumeSyntax.parse("vol:/b:bogus").get().type, "volume")
    }

    func testShellWords() {
        XCTAssertEqual(try ShellWords.split(#"nginx -g "daemon off;""#).get(), ["nginx", "-g", "daemon off;"])
        XCTAssertEqual(try ShellWords.split(#"a "b\"c" 'd\e' f\ g "" ''"#).get(), ["a", "b\"c", "d\\e", "f g", "", ""])
        XCTAssertEqual(try ShellWords.split("sh -c echo hi && ls").get(), ["sh", "-c", "echo", "hi"])
        XCTAssertEqual(try ShellWords.split("").get(), [])
        XCTAssertThrowsError(try ShellWords.split("'unterminated").get())
    }

    func testGoDurations() {
        XCTAssertEqual(GoDuration.parse("1m30s").map(GoDuration.format), "1m30s")
        XCTAssertEqual(GoDuration.parse("90s").map(GoDuration.format), "1m30s")
        XCTAssertEqual(GoDuration.parse("1h").map(GoDuration.format), "1h0m0s")
        XCTAssertEqual(GoDuration.parse("500ms").map(GoDuration.format), "500ms")
        XCTAssertEqual(GoDuration.parse("1.5s").map(GoDuration.format), "1.5s")
        XCTAssertNil(GoDuration.parse("10 parsecs"))
    }

    func testFloatsPrintAsCompose() {
        let cases: [(Double, String)] = [(1, "1"), (1.5, "1.5"), (0.5, "0.5"), (1e10, "1e+10"), (1000, "1000"),
                                         (123456, "123456"), (1234567, "1.234567e+06"), (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.25, "-2.25")]
        for (value, text) in cases { XCTAssertEqual(ComposeNode.formatFloat(value), text, "\(value)") }
    }

    func testEnvFile() throws {
        let text = "# comment\nexport A=1\nB = two words # comment\nC='single $A'\nD=\"double ${A}\\n\"\nE=$A-x\n"
        let entries = try EnvFile.parse(Array(text.utf8), lookup: { _ in nil }).get()
        XCTAssertEqual(entries.map(\.name), ["A", "B", "C", "D", "E"])
        XCTAssertEqual(entries.map(\.value), ["1", "two words", "single $A", "double 1\n", "1-x"])
    }
}

final class ComposeSchemaTests: XCTestCase {
    /// Walks ../shared/schemas/compose-spec.json: every key it defines, at every level, must be known here.
    func testModelKnowsEverySpecKey() throws {
        guard let url = SharedData.path("schemas/compose-spec.json") else { throw XCTSkip("../shared is absent") }
        let schema = try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
        let definitions = schema["definitions"]?.objectValue ?? []
        XCTAssertEqual(Set(ComposeSchema.topLevelKeys), Set((schema["properties"]?.objectValue ?? []).map(\.0)))
        XCTAssertFalse(definitions.isEmpty)
        for (name, definition) in definitions {
            let expected = propertyKeys(definition)
            guard !expected.isEmpty else { continue }
            let known = Set(allKnownKeys(ComposeSchema.definitions[name] ?? .any))
            XCTAssertTrue(expected.isSubset(of: known), "\(name): missing \(expected.subtracting(known).sorted())")
        }
        let serviceKeys = Set(ComposeSchema.keys(ofDefinition: "service"))
        for key in ["image", "build", "environment", "ports", "volumes", "depends_on", "healthcheck", "models", "use_api_socket"] {
            XCTAssertTrue(serviceKeys.contains(key), key)
        }
    }

    /// Property names of an object schema and of the object alternatives nested in it.
    private func propertyKeys(_ schema: JSONValue) -> Set<String> {
        var keys = Set((schema["properties"]?.objectValue ?? []).map(\.0))
        for combinator in ["oneOf", "anyOf"] {
            for alternative in schema[combinator]?.arrayValue ?? [] { keys.formUnion(propertyKeys(alternative)) }
        }
        if let items = schema["items"] { keys.formUnion(propertyKeys(items)) }
        return keys
    }

    private func allKnownKeys(_ shape: SchemaShape) -> [String] {
        switch shape {
        case .object(let object): return object.properties.map(\.0)
        case .nullable(let inner): return allKnownKeys(inner)
        case .array(let items): return allKnownKeys(items)
        case .oneOf(let alternatives): return alternatives.flatMap(allKnownKeys)
        default: return []
        }
    }

    func testUnknownKeySuggestion() {
        XCTAssertEqual(Suggestion.closest(to: "enviroment", among: ComposeSchema.keys(ofDefinition: "service")), "environment")
        XCTAssertNil(Suggestion.closest(to: "zzzzzzzz", among: ComposeSchema.keys(ofDefinition: "service")))
    }
}
