import ArgumentParser
import FoundationEssentials
import GitState
import Handoff

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff create` (the default command): write the session handoff document.
    struct Create: ParsableCommand {
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

        @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <path>.", valueName: "path"))
        var path = "."

        @Flag(
            name: [.customLong("auto"), .customLong("hook")],
            help: ArgumentHelp(
                "Hook mode: mark the handoff as automatic; never fail (errors on stderr, exit status 0)."))
        var automatic = false

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

        func run() throws {
            do throws(HandoffError) {
                try checkOptions()
                let (result, request, folded) = try write()
                for warning in result.warnings { StandardError.write("handoff: warning: \(warning)") }
                if let saved = result.path {
                    let journal =
                        folded == 0
                        ? "" : " (with \(folded) \(folded == 1 ? "note" : "notes") from the session journal)"
                    print("Handoff saved to \(Paths.display(saved))\(journal)")
                } else {
                    print(result.text, terminator: "")
                }
                let published = try ciOptions.publish(
                    result, request: request, base: Paths.absolute(path, from: Paths.currentDirectory()))
                if result.path != nil { published.forEach { print($0) } }
            } catch {
                if automatic { return StandardError.write("handoff: \(error.description)") }
                throw Failure(error.description)
            }
        }

        /// Writes the handoff; returns it, the request it was written from, and how many
        /// journal notes it folded in.
        private func write() throws(HandoffError) -> (HandoffResult, HandoffRequest, Int) {
            let base = Paths.absolute(path, from: Paths.currentDirectory())
            let repository: Repository
            let snapshot: RepositorySnapshot
            do {
                repository = try Repository(discoveringFrom: base)
                snapshot = try repository.snapshot()
            } catch {
                throw HandoffError(error.description)
            }
            guard let workTree = snapshot.workTree else {
                throw HandoffError("\(snapshot.gitDirectory) is a bare repository: a handoff needs a work tree")
            }

            let destination: HandoffRequest.Destination
            if output == "-" {
                destination = .standardOutput
            } else if let output {
                destination = .file(Paths.absolute(output, from: base))
            } else if let dir {
                destination = .folder(Paths.absolute(dir, from: base))
            } else {
                destination = .folder(workTree + "/" + HandoffFolder.defaultRelativePath)
            }

            var request = HandoffRequest(destination: destination)
            request.handoffFolder = dir.map { Paths.absolute($0, from: base) }
            let store = SessionStore(gitDirectory: repository.gitDirectory)
            var warnings: [String] = []
            let start: SessionStart?
            do {
                start = try store.readStart()
            } catch {
                warnings.append("\(error.description); counting commits as if no session was started")
                start = nil
            }
            request.sessionStart = start
            request.sessionReflog = start.map { Reflog.entries(since: $0, gitDirectory: repository.gitDirectory) } ?? []
            let flagNotes = try notes.collect(relativeTo: base)
            request.format = format == .json ? .json : .markdown
            request.variant = compact ? .compact : full ? .full : .standard
            request.maxCharacters = maxChars
            request.failOnSecret = failOnSecret
            request.since = since
            request.automatic = automatic
            ciOptions.apply(to: &request)
            if format == .markdown {
                if let template {
                    let file = template == "-" ? "-" : Paths.absolute(template, from: base)
                    request.template = (try FileInput.readText(file), template)
                } else {
                    let standard = workTree + "/.claude/templates/handoff.md"
                    if access(standard, F_OK) == 0 {
                        request.template = (try FileInput.readText(standard), ".claude/templates/handoff.md")
                    }
                }
            }
            // Printing only previews: the journal stays for the handoff that is saved.
            let journal = destination == .standardOutput ? try store.peekJournal() : try store.claimJournal()
            for problem in journal?.problems ?? [] { warnings.append(problem) }
            if let copy = journal?.corruptCopy {
                warnings.append("the journal has unreadable lines; it is kept as \(copy) (its readable notes are used)")
            }
            var combined = journal?.notes ?? SessionNotes()
            combined.merge(flagNotes)
            request.notes = combined
            // Learnings recorded by `handoff learn` since the last handoff; taken only when saved.
            let pending = PendingLearnings(gitDirectory: snapshot.gitDirectory)
            let claim = output == "-" || compact ? nil : pending.claim()
            request.notes.learnings += (claim?.learnings ?? pending.peek()).filter {
                !request.notes.learnings.contains($0)
            }
            var result: HandoffResult
            do {
                result = try HandoffWriter(request: request).write(
                    snapshot: snapshot, history: GitStateHistory(repository: repository))
            } catch {
                journal?.restore()
                claim?.settle(saved: false)
                throw error
            }
            claim?.settle(saved: true)
            journal?.finish()
            if result.path != nil, let start { store.end(start) }
            result.warnings = warnings + result.warnings
            return (result, request, journal?.entries.count ?? 0)
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
            help: ArgumentHelp("Read notes from a JSON or Markdown file, or - for standard input.", valueName: "file"))
        var notes: String?

        /// The notes file's notes, then the flags' (which win for context, next step and tests).
        func collect(relativeTo base: String) throws(HandoffError) -> SessionNotes {
            var result = SessionNotes()
            if let notes {
                result = try NotesFileReader.read(path: notes == "-" ? "-" : Paths.absolute(notes, from: base))
            }
            var flags = SessionNotes()
            flags.done = done
            flags.inProgress = wip.map(NoteSyntax.workItem)
            flags.todo = todo
            flags.blocked = try blocked.map { text throws(HandoffError) in try NoteSyntax.blocked(text) }
            flags.decisions = try decision.map { text throws(HandoffError) in try NoteSyntax.decision(text) }
            flags.learnings = learned.map(NoteSyntax.learning)
            flags.files = try file.map { text throws(HandoffError) in try NoteSyntax.file(text) }
            flags.gotchas = gotcha
            flags.context = context
            flags.next = next
            if let tests {
                result.tests = try TestResults.parse(tests)
            }
            if let junit {
                flags.tests = try JUnitReport.read(path: Paths.absolute(junit, from: base))
            }
            result.merge(flags)
            return result
        }
    }
}

/// Paths as the user typed them, made absolute against `-C`, and shown back short.
enum Paths {
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func absolute(_ path: String, from base: String) -> String {
        if path.hasPrefix("/") { return path }
        let root = base.hasPrefix("/") ? base : currentDirectory() + "/" + base
        return normalised(root + "/" + path)
    }

    /// `a/./b//c/../d` → `a/b/d`, without touching the file system.
    static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty, parts.last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Relative to the current directory when inside it, else absolute.
    static func display(_ path: String) -> String {
        let current = currentDirectory()
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}
