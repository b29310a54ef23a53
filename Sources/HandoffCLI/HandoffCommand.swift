import ArgumentParser

/// The `handoff` command: subcommands live one per file.
struct HandoffCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CompletionScriptCheck.isSkipped ? configurationSkippingCompletionCheck : fullConfiguration
    }

    private static let configurationSkippingCompletionCheck = {
        var configuration = fullConfiguration
        configuration._superCommandName = CompletionScriptCheck.placeholderName
        return configuration
    }()

    private static let fullConfiguration = CommandConfiguration(
        commandName: "handoff",
        abstract: "Write a session handoff for a git repository.",
        discussion: """
            A handoff is a Markdown document that lets whoever picks the work up next \
            resume in a minute: branch, commits, uncommitted changes, what is done, \
            what is in progress, and a resume command to paste into the next session.

            Git state is read in-process; handoff never runs git and never writes \
            to the repository it inspects: only the handoff file and its folder are written \
            (`handoff publish`, when you run it, adds the handoff as a git note).

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
              handoff publish && git push origin refs/notes/handoff
              handoff status --json | jq .branch

            Without a subcommand, handoff runs `create`: `handoff --done x` is \
            `handoff create --done x`. Run `handoff help create` for every option.
            """,
        version: BuildStamp.versionLine,
        subcommands: [
            Create.self, Start.self, Note.self, List.self, Show.self, Resume.self, Verify.self, Status.self,
            WrapUp.self, Insights.self, Init.self, Learn.self, Replay.self, Hook.self, Publish.self, Worktrees.self,
            MCP.self,
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
        let rootFlags: Set<String> = [
            "-h", "--help", "--version", "--experimental-dump-help", "--generate-completion-script",
        ]
        guard let first = given.first else { return ["create"] }
        if names.contains(first) || rootFlags.contains(first) { return Array(given) }
        return ["create"] + given
    }
}

/// Spares a parse ArgumentParser's check for `--generate-completion-script`.
///
/// On every parse, ArgumentParser 1.8 builds and reflects over two pseudo-commands to look for
/// that flag: ~7 million instructions, a sixth of a whole `handoff status` in git's own
/// repository. It skips the check for a root command that has a "super-command name", so while
/// arguments that cannot hold the flag are parsed, the root command reports one. Help and error
/// messages, which print that name, are made after the parse, when the root is itself again.
enum CompletionScriptCheck {
    static let placeholderName = "handoff-parsing"
    nonisolated(unsafe) private(set) static var isSkipped = false

    /// Parses `arguments`, skipping the check when none of them can be the flag.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        isSkipped = !arguments.contains { mayBeTheFlag($0) }
        defer { isSkipped = false }
        return try HandoffCommand.parseAsRoot(arguments)
    }

    /// True when `argument` holds `generate-completion-script`, compared byte by byte:
    /// `String.contains(_:)` goes through the string-processing library's generic search,
    /// ~0.3 million instructions of every start (callgrind).
    static func mayBeTheFlag(_ argument: String) -> Bool {
        let needle: StaticString = "generate-completion-script"
        return needle.withUTF8Buffer { needle in
            var argument = argument
            return argument.withUTF8 { bytes in
                guard bytes.count >= needle.count else { return false }
                return (0...(bytes.count - needle.count)).contains { start in
                    (0..<needle.count).allSatisfy { bytes[start + $0] == needle[$0] }
                }
            }
        }
    }
}
