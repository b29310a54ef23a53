import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff list`: the saved handoffs, newest first.
    struct List: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the saved handoffs, newest first.",
            discussion: """
                One line per handoff in this worktree's handoff folder: its number (for \
                `handoff show N`), when it was written, the branch, the file, and the first \
                line of its resume command.

                Examples:
                  handoff list
                  handoff list | head -3
                  handoff show 2
                  handoff list --dir docs/handoffs
                """)

        @OptionGroup var location: HandoffLocation

        func run() throws {
            for line in HandoffList(folder: try location.workspace().folder).lines { print(line) }
        }
    }
}
