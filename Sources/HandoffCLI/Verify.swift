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
            let shown = Paths.display(selected.path)
            guard let recorded = RecordedState.read(from: selected.text), recorded.head != nil || recorded.dirty != nil
            else {
                throw HandoffError("\(shown) records no repository state (not a handoff written by this tool?)")
            }
            if recorded.dirty == nil {
                StandardError.warn(
                    "\(shown) does not record its uncommitted files (an older handoff); comparing branch and HEAD only")
            }
            let live = RecordedState(snapshot: try workspace.snapshot(), filter: workspace.filter)
            let differences: [String]
            do {
                differences = try HandoffVerifier(
                    recorded: recorded, live: live, history: GitStateHistory(repository: workspace.repository)
                ).differences()
            } catch {
                throw HandoffError("cannot compare \(shown) with the repository: \(error)")
            }
            let written = recorded.time.map { " (written \($0))" } ?? ""
            if differences.isEmpty {
                let dirty =
                    recorded.dirty.map { $0.count == 1 ? ", 1 uncommitted file" : ", \($0.count) uncommitted files" }
                    ?? ""
                let head = recorded.head.map { String($0.prefix(7)) } ?? "no commits"
                let place = recorded.branch.map { "\($0) at \(head)" } ?? "detached at \(head)"
                print("Current: \(shown)\(written) matches the repository (\(place)\(dirty)).")
                return
            }
            print("Stale: \(shown)\(written)")
            for line in differences { print(line) }
            throw ExitCode(1)
        }
    }
}
