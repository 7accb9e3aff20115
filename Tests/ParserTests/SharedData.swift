import Foundation

/// Locates `../shared` beside the package checkout (conformance suites, schemas). A fresh clone has
/// none: tests that need it call `SharedData.require()` which skips with a clear message.
enum SharedData {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var root: URL? {
        let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return candidate
    }

    static func path(_ relative: String) -> URL? { root?.appendingPathComponent(relative) }
}
