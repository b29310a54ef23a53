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

    /// `latest` (or nothing), `N` (its place in `handoff list`, 1 = newest), or a file's path.
    func select(_ selector: String?) throws(HandoffError) -> (path: String, text: String) {
        let text = selector ?? "latest"
        let number: Int? = text == "latest" ? 1 : text.allSatisfy(\.isASCIIDigitCharacter) ? Int(text) : nil
        if let number {
            let saved = try HandoffFolder(path: folder).handoff(number: number)
            return (saved.path, try FileInput.readText(saved.path))
        }
        let path = Paths.absolute(text, from: Paths.currentDirectory())
        return (path, try FileInput.readText(path))
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
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
