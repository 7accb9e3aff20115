import XCTest
import PolicyEngine

final class PolicyEngineTests: XCTestCase {
    func testVersionIsSemantic() {
        XCTAssertEqual(PolicyEngine.version.split(separator: ".").count, 3)
    }
}
