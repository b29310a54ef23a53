import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff wrap-up`: the checklist before stopping.
    struct WrapUp: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "wrap-up",
            abstract: "Check what is left before stopping: a checklist, a verdict, an exit status.",
            discussion: """
                Reads the repository (never changing it) and the session, and lists, each with \
                where to look: uncommitted changes (staged, unstaged, untracked), stashes made \
                this session, commits not pushed (or no upstream), commits behind the upstream, \
                an operation in progress, conflict markers added, TODO/FIXME/XXX lines added in \
                the session's diff (session start → work tree) as path:line, debug leftovers \
                (patterns you configure), secrets added, large files added, the session's last \
                test result (failing tests named), and what the handoff will miss (no Next Step, \
                in-progress items without path:line). Then a one-line verdict, and a suggested \
                conventional-commit message for what is uncommitted: printed, never committed.

                Configured in .claude/handoff.json: {"wrap_up": {"blocking": [checks], \
                "debug_patterns": {"swift": ["print("], "js": ["console.log(", "debugger"]}, \
                "large_file_bytes": 1048576, "junit": [".build/report.xml"]}}. By default \
                uncommitted, unpushed, operation, conflicts, secrets and tests block; the others \
                are shown for a look.

                Exit status: 0 ready (nothing blocking), 1 something to do, 2 error.

                Examples:
                  handoff wrap-up
                  handoff wrap-up && handoff --next "…"
                  handoff wrap-up --json | jq '.checks[] | select(.status == "block")'
                  handoff wrap-up --junit .build/report.xml
                """)

        @Flag(help: "Print one JSON object instead of the checklist.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "This test result instead of the session's: \"23 passed, 1 failed\".", valueName: "summary"))
        var tests: String?

        @Option(help: ArgumentHelp("Read the test result from this JUnit XML report.", valueName: "report.xml"))
        var junit: String?

        @Option(
            name: .customLong("path"),
            help: ArgumentHelp(
                "Check only this part of the tree, as git's `-- <path>` (repeatable).", valueName: "path"))
        var paths: [String] = []

        @OptionGroup var location: HandoffLocation

        /// 1 means "something to do": every error, usage errors included, is 2.
        var failureMode: FailureMode { .exitStatus(2) }

        static func failureMode(unparsed arguments: [String]) -> FailureMode { .exitStatus(2) }

        func execute() throws {
            let workspace = try location.workspace()
            var wrapUp = Handoff.WrapUp(
                settings: try WrapUpSettings.read(workTree: workspace.workTree),
                handoffFolder: workspace.customFolder ? workspace.folder : nil,
                givenTests: try TestEvidence.given(tests: tests, junit: junit, from: workspace.base))
            wrapUp.scope = try location.repository.scope(paths, in: workspace.repository)
            let report = try wrapUp.check(repository: workspace.repository)
            print(
                json ? WrapUpRenderer.json(report, settings: wrapUp.settings) : WrapUpRenderer.text(report),
                terminator: "")
            if !report.isReady { throw ExitCode(report.exitStatus) }
        }
    }
}
