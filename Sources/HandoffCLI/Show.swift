import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff show`: print one saved handoff.
    struct Show: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a saved handoff.",
            discussion: """
                Prints the handoff as it was saved: the latest by default, the N-th of \
                `handoff list` (1 is the newest), or a file.

                With --note, the argument is a revision (HEAD by default) and the handoff is \
                the one published on it as a git note (`handoff publish`), printed byte for \
                byte as `git notes --ref=handoff show REV` prints it; handoffs published on \
                the same commit twice follow one another, the newest last.

                Examples:
                  handoff show
                  handoff show 2
                  handoff show .claude/handoffs/handoff-2026-03-14.md
                  handoff show latest | less
                  handoff show --note
                  handoff show --note v1.2~3
                """)

        @Argument(
            help: ArgumentHelp(
                "latest, N (from `handoff list`) or a file; with --note, a revision.", valueName: "latest|N|path|rev"))
        var handoff: String?

        @Flag(help: "Print the handoff published as a git note on the revision (HEAD by default).")
        var note = false

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            if note {
                let published = try PublishedHandoff.on(handoff ?? "HEAD", in: location.repository.open())
                print(published.note.text, terminator: "")
                return
            }
            let selected = try location.workspace().select(handoff)
            print(selected.text, terminator: selected.text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
