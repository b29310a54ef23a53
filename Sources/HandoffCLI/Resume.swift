import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff resume`: print the latest handoff's resume command alone.
    struct Resume: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Print the latest handoff's resume command, alone.",
            discussion: """
                Prints only the resume command (no quote marks, no heading), ready to paste \
                into the next session or to pipe into it. Fails with a clear message when \
                there is no handoff yet.

                Examples:
                  handoff resume
                  handoff resume | pbcopy
                  claude "$(handoff resume)"
                  handoff resume 2                # the one before
                """)

        @Argument(help: ArgumentHelp("latest, N (from `handoff list`) or a file.", valueName: "latest|N|path"))
        var handoff: String?

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            let selected = try location.workspace().select(handoff)
            guard let resume = RecordedState.read(from: selected.text)?.resume, !resume.isEmpty else {
                throw HandoffError("\(Paths.display(selected.path)) has no resume command")
            }
            print(resume)
        }
    }
}
