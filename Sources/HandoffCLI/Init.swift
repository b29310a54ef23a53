import ArgumentParser
import GitState
import Handoff

extension HandoffCommand {
    /// `handoff init [--remove]`: plug handoff into coding agents (Claude Code, AGENTS.md readers).
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Set the project up for coding agents (or take that out again with --remove).",
            discussion: """
                Adds, at the work tree's root, without changing anything already there:
                  .claude/commands/handoff.md  the /handoff slash command: what to gather, piped \
                into `handoff --notes - $ARGUMENTS` (--compact, --full)
                  .claude/settings.json        two hooks, merged with the existing keys and hooks:
                                               SessionStart: \(AgentFiles.sessionStartCommand)
                                               PreCompact:   \(AgentFiles.preCompactCommand)
                  AGENTS.md                    a short section (between <!-- handoff:begin --> and \
                <!-- handoff:end -->) on writing and reading handoffs

                Running it again changes nothing. A malformed settings.json is reported and left \
                as it is; if any file cannot be written, none is. The original bytes of every \
                file it changes are kept in the git folder (handoff/init-backup), so \
                `handoff init --remove` puts them back exactly; a file edited since loses only \
                what init added.

                Examples:
                  handoff init
                  handoff init --remove
                  handoff init -C path/to/repo
                """)

        @Flag(help: "Take out everything init added, restoring the original files.")
        var remove = false

        @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <path>.", valueName: "path"))
        var path = "."

        func run() throws {
            do throws(HandoffError) {
                let project = try ProjectLocation(path)
                let setup = ProjectSetup(workTree: project.workTree, gitDirectory: project.gitDirectory)
                let outcome = remove ? try setup.remove() : try setup.install()
                for line in outcome.lines { print(line) }
                for warning in outcome.warnings { StandardError.write("handoff: warning: \(warning)") }
            } catch {
                throw Failure(error.description)
            }
        }
    }
}

/// The repository around a path: its work tree and (per-worktree) git folder. Opening it is
/// cheap: no status is read.
struct ProjectLocation {
    let workTree: String
    let gitDirectory: String

    init(_ path: String) throws(HandoffError) {
        let base = Paths.absolute(path, from: Paths.currentDirectory())
        let repository: Repository
        do {
            repository = try Repository(discoveringFrom: base)
        } catch {
            throw HandoffError(error.description)
        }
        guard let workTree = repository.workTree else {
            throw HandoffError("\(repository.gitDirectory) is a bare repository: this needs a work tree")
        }
        self.workTree = workTree
        gitDirectory = repository.gitDirectory
    }
}
