import ArgumentParser
import FoundationEssentials
import GitState
import Handoff

/// The repository a command runs in (found from `-C`, or the current directory, upward), its
/// work tree, its handoff folder, and this worktree's session store.
struct Workspace {
    /// `-C` made absolute: relative paths the user types are taken from here.
    let base: String
    let repository: Repository
    let workTree: String
    /// The handoff folder: `--dir`, else `.claude/handoffs` at the work tree's root.
    let folder: String
    /// True when `--dir` chose the folder.
    let customFolder: Bool

    init(base: String, repository: Repository, dir: String?) throws(HandoffError) {
        self.base = base
        self.repository = repository
        guard let workTree = repository.workTree else {
            throw HandoffError("\(repository.gitDirectory) is a bare repository: handoffs need a work tree")
        }
        self.workTree = workTree
        customFolder = dir != nil
        folder = dir.map { Paths.absolute($0, from: base) } ?? workTree + "/" + HandoffFolder.defaultRelativePath
    }

    var store: SessionStore { SessionStore(gitDirectory: repository.gitDirectory) }

    /// The handoff folder's handoffs and the state they are checked against; a handoff named
    /// by its path (relative to the current directory), as the user typed it.
    var selection: HandoffSelection {
        HandoffSelection(
            repository: repository, workTree: workTree, folder: folder,
            names: .paths(relativeTo: Paths.currentDirectory()))
    }

    func snapshot() throws(HandoffError) -> RepositorySnapshot { try selection.snapshot() }

    /// The tool's own output folders, left out of the uncommitted files.
    var filter: OwnOutputFilter { selection.filter }

    /// `latest` (or nothing), `N` (its place in `handoff list`, 1 = newest), or a file's path.
    func select(_ selector: String?) throws(HandoffError) -> (path: String, text: String) {
        try selection.select(selector)
    }
}

/// The repository around a path: its work tree and (per-worktree) git folder.
struct ProjectLocation {
    let workTree: String
    let gitDirectory: String

    init(_ repository: Repository) throws(HandoffError) {
        guard let workTree = repository.workTree else {
            throw HandoffError("\(repository.gitDirectory) is a bare repository: this needs a work tree")
        }
        self.workTree = workTree
        gitDirectory = repository.gitDirectory
    }
}

/// Where the handoffs are: `--dir` (their folder) and `-C` (the repository), shared by the
/// commands that read saved handoffs.
struct HandoffLocation: ParsableArguments {
    @Option(help: ArgumentHelp("Read handoffs from this folder instead of .claude/handoffs.", valueName: "dir"))
    var dir: String?

    @Option var repository: RepositoryOption = .currentDirectory

    func workspace() throws(HandoffError) -> Workspace {
        try repository.workspace(dir: dir)
    }
}
