import ArgumentParser
import GitState
import Handoff

/// `-C <path>`: where a command runs, declared the same way by every command
/// (`@Option var repository: RepositoryOption = .currentDirectory`), so `-C` reads the same
/// everywhere.
///
/// An option of its own type rather than an `@OptionGroup`: reflecting over a nested group on
/// every parse makes the Swift runtime scan the binary's protocol conformances, ~1 million
/// instructions of each start (callgrind, `handoff status --json`: 16.5M with the group).
struct RepositoryOption: ExpressibleByArgument {
    /// `-C` as typed.
    let path: String

    static let currentDirectory = RepositoryOption(path: ".")

    init(path: String) {
        self.path = path
    }

    init?(argument: String) {
        path = argument
    }

    /// Shown in `--help` as `(default: .)`; written here so ArgumentParser does not describe the
    /// value through reflection.
    var defaultValueDescription: String { path }

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

    /// `--path` arguments as a scope, resolved from `-C` as git resolves a pathspec from the
    /// current directory; `nil` when none is given.
    func scope(_ paths: [String], in repository: Repository) throws(HandoffError) -> PathScope? {
        guard !paths.isEmpty else { return nil }
        guard let workTree = repository.workTree else {
            throw HandoffError("\(repository.gitDirectory) is a bare repository: --path needs a work tree")
        }
        do {
            return try PathScope(resolving: paths, from: base, workTree: workTree)
        } catch {
            throw HandoffError(error.description)
        }
    }

    /// The repository's work tree and git folder.
    func project() throws(HandoffError) -> ProjectLocation {
        try ProjectLocation(open())
    }
}

extension Option where Value == RepositoryOption {
    /// `-C <path>`, with the name and help every command shares.
    init(wrappedValue: RepositoryOption) {
        self.init(
            wrappedValue: wrappedValue, name: .customShort("C"),
            help: ArgumentHelp("Run as if started in <path>.", valueName: "path"))
    }
}
