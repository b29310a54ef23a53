import GitState

/// The saved handoffs of a work tree's handoff folder and the state they are checked against,
/// as `show`, `resume` and `verify` read them, in the CLI and in the MCP server alike: the
/// repository's snapshot, the tool's own folders left out of it, and a handoff picked by
/// `latest`, its number in `list`, or by name.
///
/// What a name may be is the one rule that differs, on purpose (`Names`): the CLI opens any
/// file path the user types, the server only a file of the handoff folder.
public struct HandoffSelection {
    /// What a selector that is neither `latest` nor a number names.
    public enum Names: Sendable {
        /// A file's path, relative to this folder (the CLI: whatever the user can open).
        case paths(relativeTo: String)
        /// A file name in the handoff folder and nothing else (the MCP server: a client reads
        /// handoffs, not any file the server can open).
        case fileNamesInFolder
    }

    public let repository: Repository
    public let workTree: String
    /// The handoff folder (absolute).
    public let folder: String
    public let names: Names

    public init(repository: Repository, workTree: String, folder: String, names: Names) {
        self.repository = repository
        self.workTree = workTree
        self.folder = folder
        self.names = names
    }

    /// The state a handoff records: status and HEAD, one commit of log.
    public func snapshot() throws(HandoffError) -> RepositorySnapshot {
        do {
            return try repository.snapshot(logLimit: 1)
        } catch {
            throw HandoffError(error.description)
        }
    }

    /// The tool's own output folders, left out of the uncommitted files.
    public var filter: OwnOutputFilter {
        var request = HandoffRequest(destination: .folder(folder))
        request.handoffFolder = folder
        return OwnOutputFilter(
            excluded: HandoffWriter(request: request).ownFolders(workTree: workTree), workTree: workTree)
    }

    /// `latest` (or nothing), `N` (its place in `list`, 1 = newest), or a name as `names` allows.
    public func select(_ selector: String?) throws(HandoffError) -> (path: String, text: String) {
        let text = selector ?? "latest"
        let number: Int? = text == "latest" ? 1 : text.allSatisfy { ("0"..."9").contains($0) } ? Int(text) : nil
        if let number {
            let saved = try HandoffFolder(path: folder).handoff(number: number)
            return (saved.path, try FileInput.readText(saved.path))
        }
        switch names {
        case .paths(let base):
            let path = Paths.absolute(text, from: base)
            return (path, try FileInput.readText(path))
        case .fileNamesInFolder:
            guard let saved = HandoffFolder(path: folder).handoffs().first(where: { $0.name == text }) else {
                throw HandoffError(
                    "no handoff \(text) in \(folder): give latest, a number from `handoff list` or a file name there")
            }
            return (saved.path, try FileInput.readText(saved.path))
        }
    }
}
