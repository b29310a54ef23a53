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

                Examples:
                  handoff show
                  handoff show 2
                  handoff show .claude/handoffs/handoff-2026-03-14.md
                  handoff show latest | less
                """)

        @Argument(help: ArgumentHelp("latest, N (from `handoff list`) or a file.", valueName: "latest|N|path"))
        var handoff: String?

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            let selected = try location.workspace().select(handoff)
            print(selected.text, terminator: selected.text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
