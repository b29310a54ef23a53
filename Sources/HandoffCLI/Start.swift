import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff start`: record where this worktree's session begins.
    struct Start: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Record the start of a session in this worktree.",
            discussion: """
                Records HEAD, the branch and the time in the worktree's git directory \
                (<git dir>/handoff/session.json — never in the work tree, so it is never \
                an uncommitted change; each linked worktree has its own session).

                The next handoff lists as "commits this session" the commits reachable from \
                HEAD and not from the recorded start, plus those made on other branches of \
                this worktree since (read from its HEAD reflog), each once. Saving that \
                handoff ends the session.

                Starting again replaces the recorded start; notes already in the journal are \
                kept for the next handoff.

                Examples:
                  handoff start
                  handoff note --wip "Parser: tabs @ Sources/Parser.swift:40"
                  handoff --next "finish the parser"        # folds the notes, ends the session
                  handoff start -C ../my-worktree
                """)

        @Option var repository: RepositoryOption = .currentDirectory

        func execute() throws {
            let workspace = try repository.workspace()
            let snapshot = try workspace.snapshot()
            let store = workspace.store
            let start = SessionStart(
                head: snapshot.head?.hex, branch: snapshot.branch, startedAt: HandoffClock().timestamp,
                reflogOffset: Reflog.offset(gitDirectory: workspace.repository.gitDirectory))
            let previous = try store.record(start)
            print("Session started on \(start.description) (\(start.startedAt)).")
            if let previous {
                print("It replaces the session started \(previous.startedAt) on \(previous.description).")
            }
            let notes = store.journalLineCount()
            if notes > 0 {
                print(
                    "The journal keeps its \(notes) \(notes == 1 ? "note" : "notes"); the next handoff includes them."
                )
            }
        }
    }
}
