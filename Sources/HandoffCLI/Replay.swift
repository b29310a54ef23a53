import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff replay [KEYWORDS]`: the lessons and open items of past handoffs, best first.
    struct Replay: HookModeCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Print past handoffs' learnings and open items most relevant to keywords.",
            discussion: """
                Searches the learnings, in-progress and pending items, gotchas and decisions of \
                the handoffs in .claude/handoffs (Markdown and JSON), the rules in \
                .claude/LEARNED.md and learnings recorded since the last handoff; prints the best \
                matches first (BM25 full-text ranking; a keyword ending in * matches words it \
                begins). Without keywords, prints the most recent items.

                --session-start prints what a new session needs: the latest handoff's resume \
                command, its open items (in progress, pending) and learnings recorded since. \
                It is the SessionStart hook `handoff init` installs: it never fails the agent \
                (problems go to stderr, exit status 0) and prints nothing when there is no handoff.

                Examples:
                  handoff replay clock tests
                  handoff replay "libgit2" --limit 5
                  handoff replay pars*
                  handoff replay --session-start
                """)

        @Argument(help: ArgumentHelp("Words to look for.", valueName: "keywords"))
        var keywords: [String] = []

        @OptionGroup var hookMode: SessionStartFlag

        @Option(help: ArgumentHelp("Print at most N items.", valueName: "n"))
        var limit = 10

        @Option(help: ArgumentHelp("Read handoffs from this folder instead of .claude/handoffs.", valueName: "dir"))
        var dir: String?

        @Option var repository: RepositoryOption = .currentDirectory

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be more than zero, not \(limit)") }
        }

        func execute() throws {
            let project = try repository.project()
            let folder =
                dir.map { Paths.absolute($0, from: repository.base) }
                ?? project.workTree + "/" + HandoffFolder.defaultRelativePath
            let report = ReplayReport(folder: folder, workTree: project.workTree, gitDirectory: project.gitDirectory)
            print(hookMode.isOn ? report.sessionStart() : report.search(keywords, limit: limit), terminator: "")
        }
    }
}
