import PolicyEngine

/// The workspace's files, read from disk on demand. Standard input, when linted, is served under
/// the name given by `--stdin-filename`.
struct DiskFileSource: WorkspaceFileSource {
    var stdin: (path: String, bytes: [UInt8])?

    func read(_ path: String) -> Result<[UInt8], WorkspaceReadError> {
        if let stdin, WorkspacePath.normalize(stdin.path) == WorkspacePath.normalize(path) { return .success(stdin.bytes) }
        switch FileSystem.readFile(path) {
        case .success(let bytes): return .success(bytes)
        case .failure(let failure): return .failure(WorkspaceReadError(reason: failure.message))
        }
    }

    func exists(_ path: String) -> Bool {
        if let stdin, WorkspacePath.normalize(stdin.path) == WorkspacePath.normalize(path) { return true }
        return FileSystem.exists(path)
    }
}
