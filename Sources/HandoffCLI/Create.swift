import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff create` (the default command): write the session handoff document.
    struct Create: HookModeCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Write the session handoff document (the default command).",
            discussion: """
                Reads the repository's state (without writing to it), adds your notes, and \
                saves .claude/handoffs/handoff-YYYY-MM-DD.md at the work tree's root (then \
                -2, -3, … the same day). An existing file is never overwritten. Prints \
                "Handoff saved to <path>".

                Notes come from flags (each list flag repeats) and/or a notes file in JSON or \
                Markdown with the document's own headings (--notes FILE, or - for stdin); \
                flags add to the file's lists and override its context, next step and tests.

                Commits this session are counted from --since when given, else from the \
                session start (`handoff start`), else from the HEAD the last handoff here \
                was written at; the document says which. Notes jotted with `handoff note` \
                come first, then the flags'. Saving the handoff empties the journal and \
                ends the session; --output - only prints (journal and session are kept).

                Secrets in notes and commit summaries (cloud keys, GitHub/GitLab tokens, \
                private keys, JWTs, password= values) become [redacted:<kind>].

                A JSON notes file takes the keys done, in_progress, todo, blocked, \
                decisions, learnings, files, gotchas, context, next and tests, each in \
                the same one-line form as its flag (or as an object). A template \
                (.claude/templates/handoff.md, or --template) uses $DATE, $TIME, \
                $BRANCH, $RESUME_COMMAND and one placeholder per section ($STATUS, \
                $DONE, $IN_PROGRESS, $PENDING, $DECISIONS, $LEARNINGS, \
                $FILES_TOUCHED, $GOTCHAS, $DIFF), or Mustache: {{#DONE}}…{{/DONE}}.

                Examples:
                  handoff --done "Parser handles tabs" --tests "23 passed, 1 failed"
                  handoff --wip "Budget fitting @ Sources/Fit.swift:40" --next "finish it"
                  handoff --blocked "Release: waiting for review"
                  handoff --decision "Mustache: well kept; trade-off: start-up time"
                  handoff --learned "[Testing] fix the clock" --file "README.md: usage"
                  agent-notes | handoff --notes - --junit .build/report.xml
                  handoff --compact --output -         # print the short form
                  handoff --format json -o - | jq .resume_command
                  handoff --since HEAD~3 --max-chars 2000
                  handoff --dir docs/handoffs --fail-on-secret
                  handoff --path services/api --next "…"   # a monorepo's one service
                """)

        @OptionGroup(title: "Notes") var notes: NotesOptions

        @OptionGroup(title: "CI") var ciOptions: CIOptions

        @Option(
            name: .customLong("since"),
            help: ArgumentHelp(
                "Count commits this session from a revision or a date (YYYY-MM-DD, ISO 8601).",
                valueName: "rev|date"))
        var since: String?

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Write to exactly this file (never overwritten), or - for standard output.", valueName: "path"))
        var output: String?

        @Option(
            help: ArgumentHelp(
                "Save in this folder instead of .claude/handoffs (with --output: only where earlier handoffs are).",
                valueName: "dir"))
        var dir: String?

        @Option(help: "Output format: markdown or json.")
        var format: FormatOption = .markdown

        @Option(
            help: ArgumentHelp(
                "Use this template instead of the default layout (default: .claude/templates/handoff.md when present).",
                valueName: "file"))
        var template: String?

        @Flag(help: "Write only the resume command and the key context.")
        var compact = false

        @Flag(help: "Add the full diff of uncommitted changes (redacted).")
        var full = false

        @Option(
            name: .customLong("max-chars"),
            help: ArgumentHelp(
                "Fit the Markdown within N characters, keeping Resume Command, In Progress, Pending, Decisions.",
                valueName: "n"))
        var maxChars: Int?

        @Flag(name: .customLong("fail-on-secret"), help: "Exit with an error, writing nothing, when a secret is found.")
        var failOnSecret = false

        @Option(
            name: .customLong("path"),
            help: ArgumentHelp(
                "Limit changes, Files Touched and commits this session to this path, as git's `-- <path>` (repeatable).",
                valueName: "path"))
        var paths: [String] = []

        @Option var repository: RepositoryOption = .currentDirectory

        @OptionGroup var hookMode: AutomaticFlag

        enum FormatOption: String, ExpressibleByArgument, CaseIterable {
            case markdown, json
        }

        /// Option conflicts, reported as one `handoff: …` line like every other failure.
        func checkOptions() throws(HandoffError) {
            if compact && full { throw HandoffError("--compact and --full cannot be combined") }
            if let maxChars, maxChars <= 0 { throw HandoffError("--max-chars must be more than zero, not \(maxChars)") }
            if format == .json && template != nil {
                throw HandoffError("--template applies to Markdown, not --format json")
            }
            if format == .json && maxChars != nil {
                throw HandoffError("--max-chars applies to Markdown, not --format json")
            }
            if notes.notes == "-" && template == "-" {
                throw HandoffError("only one of --notes and --template can read stdin")
            }
            if notes.tests != nil && notes.junit != nil { throw HandoffError("--tests and --junit cannot be combined") }
        }

        func execute() throws {
            try checkOptions()
            let base = repository.base
            if hookMode.sessionEnd, !SessionStore(gitDirectory: try repository.open().gitDirectory).hasUnsavedSession {
                StandardError.write("handoff: nothing noted since the last handoff; none written (--session-end)")
                return
            }
            let opened = try repository.open()
            var session = handoff(base: base)
            session.scope = try repository.scope(paths, in: opened)
            let outcome = try session.write(repository: opened)
            let result = outcome.result
            for warning in result.warnings { StandardError.warn(warning) }
            if let saved = result.path {
                let folded = outcome.journalNotes
                let journal =
                    folded == 0 ? "" : " (with \(folded) \(folded == 1 ? "note" : "notes") from the session journal)"
                print("Handoff saved to \(Paths.display(saved))\(journal)")
            } else {
                print(result.text, terminator: "")
            }
            let published = try ciOptions.publish(result, request: outcome.request, base: base)
            if result.path != nil { published.forEach { print($0) } }
        }

        /// The options as the library's handoff, paths made absolute against `-C`.
        func handoff(base: String) -> SessionHandoff {
            var handoff = SessionHandoff()
            if output == "-" {
                handoff.output = .standardOutput
            } else if let output {
                handoff.output = .file(Paths.absolute(output, from: base))
            }
            handoff.folder = dir.map { Paths.absolute($0, from: base) }
            handoff.notes = notes.given(relativeTo: base)
            handoff.format = format == .json ? .json : .markdown
            handoff.variant = compact || hookMode.sessionEnd ? .compact : full ? .full : .standard
            handoff.template = template.map { ($0 == "-" ? "-" : Paths.absolute($0, from: base), $0) }
            handoff.maxCharacters = maxChars
            handoff.failOnSecret = failOnSecret
            handoff.since = since
            handoff.automatic = hookMode.isOn
            ciOptions.apply(to: &handoff)
            return handoff
        }
    }

    /// The note flags, shared by every command that takes notes.
    struct NotesOptions: ParsableArguments {
        @Option(help: ArgumentHelp("Something finished this session (repeatable).", valueName: "item"))
        var done: [String] = []

        @Option(
            help: ArgumentHelp(
                "Work in progress, optionally with where to resume: \"item @ path:line\" (repeatable).",
                valueName: "item"))
        var wip: [String] = []

        @Option(help: ArgumentHelp("Something still to do (repeatable).", valueName: "item"))
        var todo: [String] = []

        @Option(help: ArgumentHelp("A blocked item and why: \"item: reason\" (repeatable).", valueName: "item: reason"))
        var blocked: [String] = []

        @Option(
            help: ArgumentHelp(
                "A decision: \"title: why\", optionally \"; trade-off: cost\" (repeatable).", valueName: "title: why"))
        var decision: [String] = []

        @Option(help: ArgumentHelp("A rule learned: \"[Category] rule\" (repeatable).", valueName: "[category] rule"))
        var learned: [String] = []

        @Option(
            help: ArgumentHelp("What changed in a file: \"path: what changed\" (repeatable).", valueName: "path: what"))
        var file: [String] = []

        @Option(help: ArgumentHelp("A trap the next session should know about (repeatable).", valueName: "text"))
        var gotcha: [String] = []

        @Option(help: ArgumentHelp("The key context for the resume command.", valueName: "text"))
        var context: String?

        @Option(help: ArgumentHelp("The next step for the resume command.", valueName: "action"))
        var next: String?

        @Option(help: ArgumentHelp("Test results: \"23 passed, 0 failed\" or \"not run\".", valueName: "summary"))
        var tests: String?

        @Option(help: ArgumentHelp("Read test results from a JUnit XML report.", valueName: "report.xml"))
        var junit: String?

        @Option(
            help: ArgumentHelp(
                "Read notes from a JSON or Markdown file (at most 16 MiB), or - for standard input.", valueName: "file")
        )
        var notes: String?

        /// The flags as the library's notes, paths made absolute against `base`.
        func given(relativeTo base: String) -> GivenNotes {
            var given = GivenNotes()
            given.done = done
            given.inProgress = wip
            given.todo = todo
            given.blocked = blocked
            given.decisions = decision
            given.learnings = learned
            given.files = file
            given.gotchas = gotcha
            given.context = context
            given.next = next
            given.tests = tests
            given.junitReport = junit.map { Paths.absolute($0, from: base) }
            given.notesFile = notes.map { $0 == "-" ? "-" : Paths.absolute($0, from: base) }
            return given
        }
    }
}
