import ArgumentParser

/// The `handoff` command: subcommands live one per file.
struct HandoffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff",
        abstract: "Write a session handoff for a git repository.",
        discussion: """
            A handoff is a Markdown document that lets whoever picks the work up next \
            resume in a minute: branch, commits, uncommitted changes, what is done, \
            what is in progress, and a resume command to paste into the next session.

            Git state is read in-process; handoff never runs git and never writes \
            to the repository it inspects: only the handoff file and its folder are written.

            The session loop: `handoff start` when a session begins, `handoff note` as             you go, `handoff` at the end (it folds the notes in); the next session reads             `handoff resume` and checks `handoff verify` first.

            Examples:
              handoff start
              handoff note --done "Parser handles tabs"
              handoff --next "wire up --full"
              handoff verify && handoff resume
              handoff list
              handoff show 2
              handoff status --json | jq .branch

            Run `handoff help create` for every option.
            """,
        version: "0.1.0",
        subcommands: [
            Create.self, Start.self, Note.self, List.self, Show.self, Resume.self, Verify.self, Status.self,
            Init.self, Learn.self, Replay.self, Hook.self,
        ],
        defaultSubcommand: Create.self
    )
}
