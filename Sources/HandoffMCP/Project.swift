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

    /// The handoffs of `.claude/handoffs` and the state they are checked against; a handoff
    /// is named only as a file of that folder, never by a path elsewhere: a client reads
    /// handoffs, not any file the server can open.
    var selection: HandoffSelection {
        HandoffSelection(repository: repository, workTree: workTree, folder: folder, names: .fileNamesInFolder)
    }

    func snapshot() throws(HandoffError) -> RepositorySnapshot { try selection.snapshot() }

    /// The tool's own output folders, left out of the uncommitted files.
    var filter: OwnOutputFilter { selection.filter }

    /// A saved handoff: `latest` (or nothing), `N` (its place in `list`, 1 = newest), or the
    /// name of a file in the handoff folder.
    func select(_ selector: String?) throws(HandoffError) -> (path: String, text: String) {
        try selection.select(selector)
    }
}
