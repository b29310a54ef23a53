import ArgumentParser
import Handoff

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff worktrees`: the repository's worktrees and the session in each, at a glance.
    struct Worktrees: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "worktrees",
            abstract: "Show every worktree of the repository and the session in each.",
            discussion: """
                One row per worktree (the main one first, then the linked ones, as `git \
                worktree list` orders them): path, branch, upstream with commits ahead (+) and \
                behind (-), uncommitted changes (S staged, M modified, ? untracked, U unmerged), \
                operation in progress, locked or prunable, how long ago the session started, \
                the notes in its journal (in-progress ones listed under the table), and the \
                latest handoff with whether it still matches (`handoff verify`). The worktrees \
                are read in parallel, in this one process, and nothing is written.

                Examples:
                  handoff worktrees
                  handoff worktrees --json | jq '.[] | select(.latest_handoff.current == false) | .path'
                  handoff worktrees -C path/to/repo
                """)

        @Flag(help: "Print one JSON array, one object per worktree.")
        var json = false

        @Option var repository: RepositoryOption = .currentDirectory

        func execute() throws {
            let overview = try WorktreeOverview(repository: repository.open())
            let table = WorktreeTable(sessions: overview.sessions, now: Int64(time(nil)))
            if json {
                print(table.json.formatted, terminator: table.json.formatted.hasSuffix("\n") ? "" : "\n")
            } else {
                for line in table.lines { print(line) }
            }
        }
    }
}
