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

            The session loop: `handoff start` when a session begins, `handoff note` as \
            you go, `handoff` at the end (it folds the notes in); the next session reads \
            `handoff resume` and checks `handoff verify` first. `handoff init` sets a \
            repository up for coding agents; `handoff hook install` writes a handoff on \
            every push.

            Examples:
              handoff start
              handoff note --done "Parser handles tabs"
              handoff --next "wire up --full"
              handoff verify && handoff resume
              handoff list
              handoff show 2
              handoff status --json | jq .branch

            Without a subcommand, handoff runs `create`: `handoff --done x` is \
            `handoff create --done x`. Run `handoff help create` for every option.
            """,
        version: "0.1.0",
        subcommands: [
            Create.self, Start.self, Note.self, List.self, Show.self, Resume.self, Verify.self, Status.self,
            Init.self, Learn.self, Replay.self, Hook.self,
        ],
        defaultSubcommand: nil
    )

    /// `handoff [options]` means `handoff create [options]`.
    ///
    /// Resolved here rather than with ArgumentParser's `defaultSubcommand`, which reflects
    /// over every option of `create` on each run, whatever the command: about 2 ms of the
    /// start-up budget of `status` and the hooks.
    static func arguments(_ given: ArraySlice<String>) -> [String] {
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        let rootFlags: Set<String> = ["-h", "--help", "--version", "--experimental-dump-help", "--generate-completion-script"]
        guard let first = given.first else { return ["create"] }
        if names.contains(first) || rootFlags.contains(first) { return Array(given) }
        return ["create"] + given
    }
}
