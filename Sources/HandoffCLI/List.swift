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

                With --notes: the handoffs published as git notes (`handoff publish`) in \
                refs/notes/handoff instead, newest first: the commit (for `handoff show --note \
                REV`), when the handoff was written, the branch and the resume command's first \
                line. A fresh clone reads them once it fetched the ref; this works in a bare \
                repository too.

                Examples:
                  handoff list
                  handoff list --notes
                  git fetch origin refs/notes/handoff:refs/notes/handoff && handoff list --notes
                  handoff list | head -3
                  handoff show 2
                  handoff list --dir docs/handoffs
                """)

        @Flag(help: "List the handoffs published as git notes (refs/notes/handoff) instead.")
        var notes = false

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            if notes { return try listNotes() }
            for line in HandoffList(folder: try location.workspace().folder).lines { print(line) }
        }

        func listNotes() throws {
            for line in try PublishedHandoffList(repository: location.repository.open()).lines { print(line) }
        }
    }
}
