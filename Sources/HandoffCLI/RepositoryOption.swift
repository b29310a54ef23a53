import ArgumentParser
import GitState
import Handoff

/// `-C <path>`: where a command runs. One option group shared by every command
/// (`@OptionGroup var repository: RepositoryOption`), so `-C` reads the same everywhere.
struct RepositoryOption: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <path>.", valueName: "path"))
    var path = "."

    /// `-C` made absolute: relative paths the user types are taken from here.
    var base: String { Paths.absolute(path, from: Paths.currentDirectory()) }

    /// The repository around `-C`, found upward. Opening it is cheap: no status is read.
    func open() throws(HandoffError) -> Repository {
        do {
            return try Repository(discoveringFrom: base)
        } catch {
            throw HandoffError(error.description)
        }
    }

    /// The repository with its work tree and handoff folder (`dir`, else `.claude/handoffs`).
    func workspace(dir: String? = nil) throws(HandoffError) -> Workspace {
        try Workspace(base: base, repository: open(), dir: dir)
    }

    /// The repository's work tree and git folder.
    func project() throws(HandoffError) -> ProjectLocation {
        try ProjectLocation(open())
    }
}
