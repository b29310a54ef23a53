import GitState
import Handoff

/// The repository the server serves, opened afresh for each call (the agent commits, switches
/// branches and writes handoffs between calls): its work tree, handoff folder and session store.
struct Project {
    let repository: Repository
    let workTree: String
    /// Always `.claude/handoffs` at the work tree's root: the server takes no folder or output
    /// path, so it writes nowhere else.
    let folder: String

    init(base: String, bareMessage: String = "handoffs need a work tree") throws(HandoffError) {
        do {
            repository = try Repository(discoveringFrom: base)
        } catch {
            throw HandoffError(error.description)
        }
        guard let workTree = repository.workTree else {
            throw HandoffError("\(repository.gitDirectory) is a bare repository: \(bareMessage)")
        }
        self.workTree = workTree
        folder = workTree + "/" + HandoffFolder.defaultRelativePath
    }

    var gitDirectory: String { repository.gitDirectory }
    var store: SessionStore { SessionStore(gitDirectory: repository.gitDirectory) }

    func snapshot() throws(HandoffError) -> RepositorySnapshot {
        do {
            return try repository.snapshot(logLimit: 1)
        } catch {
            throw HandoffError(error.description)
        }
    }

    /// The tool's own output folders, left out of the uncommitted files.
    var filter: OwnOutputFilter {
        var request = HandoffRequest(destination: .folder(folder))
        request.handoffFolder = folder
        return OwnOutputFilter(
            excluded: HandoffWriter(request: request).ownFolders(workTree: workTree), workTree: workTree)
    }

    /// A saved handoff: `latest` (or nothing), `N` (its place in `list`, 1 = newest), or the
    /// name of a file in the handoff folder. Never a path elsewhere: a client reads handoffs,
    /// not any file the server can open.
    func select(_ selector: String?) throws(HandoffError) -> (path: String, text: String) {
        let text = selector ?? "latest"
        let number: Int? = text == "latest" ? 1 : text.allSatisfy { ("0"..."9").contains($0) } ? Int(text) : nil
        if let number {
            let saved = try HandoffFolder(path: folder).handoff(number: number)
            return (saved.path, try FileInput.readText(saved.path))
        }
        guard let saved = HandoffFolder(path: folder).handoffs().first(where: { $0.name == text }) else {
            throw HandoffError(
                "no handoff \(text) in \(folder): give latest, a number from `handoff list` or a file name there")
        }
        return (saved.path, try FileInput.readText(saved.path))
    }
}
