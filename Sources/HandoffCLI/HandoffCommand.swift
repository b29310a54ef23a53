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

            Examples:
              handoff --done "Parser handles tabs" --next "wire up --full"
              handoff create --notes notes.md --tests "23 passed, 0 failed"
              handoff status --json | jq .branch

            Run `handoff help create` for every option.
            """,
        version: "0.1.0",
        subcommands: [Create.self, Status.self, Init.self, Learn.self, Replay.self, Hook.self],
        defaultSubcommand: Create.self
    )
}
