import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff verify`: is a handoff still current?
    struct Verify: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check whether a handoff still matches the repository.",
            discussion: """
                Compares what the handoff recorded (branch, HEAD, uncommitted files) with \
                the repository now, and prints each difference on its own line: \
                "2 commits since", "branch changed: main → topic", "3 files no longer \
                dirty: …", "1 new dirty file: …", "1 dirty file changed since: …".

                Exit status: 0 when the handoff is current, 1 when it is stale, 2 on error \
                (no handoff, unreadable file, not a repository).

                Examples:
                  handoff verify
                  handoff verify && echo "pick up where it left off"
                  handoff verify .claude/handoffs/handoff-2026-03-14.md
                  handoff verify 2 --dir docs/handoffs
                """)

        @Argument(help: ArgumentHelp("latest, N (from `handoff list`) or a file.", valueName: "latest|path"))
        var handoff: String?

        @OptionGroup var location: HandoffLocation

        /// `handoff verify` promises exit status 2 for every error, usage errors included.
        var failureMode: FailureMode { .exitStatus(2) }

        static func failureMode(unparsed arguments: [String]) -> FailureMode { .exitStatus(2) }

        func execute() throws {
            let workspace = try location.workspace()
            let selected = try workspace.select(handoff)
            let verification = try HandoffVerification(
                path: selected.path, text: selected.text,
                live: { () throws(HandoffError) in
                    RecordedState(snapshot: try workspace.snapshot(), filter: workspace.filter)
                }, history: GitStateHistory(repository: workspace.repository))
            for warning in verification.warnings { StandardError.warn(warning) }
            for line in verification.lines { print(line) }
            if !verification.isCurrent { throw ExitCode(1) }
        }
    }
}
