import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff note`: append to the session's journal.
    struct Note: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Jot a note into this worktree's session journal.",
            discussion: """
                Appends each note as one line to <git dir>/handoff/journal.jsonl (never in \
                the work tree). The next saved handoff folds the journal into the document \
                (flags given to `handoff` then are added after it) and starts a fresh one. \
                Many `handoff note` calls at once lose nothing.

                Without a session (`handoff start`), the first note starts one and says so.

                Each flag repeats and takes the same form as `handoff`'s: --wip "item @ \
                path:line", --blocked "item: reason", --decision "title: why; trade-off: \
                cost", --learned "[Category] rule", --file "path: what changed".

                Examples:
                  handoff note --done "Parser handles tabs"
                  handoff note --wip "Budget fitting @ Sources/Fit.swift:40"
                  handoff note --decision "SQLite: one file to ship; trade-off: no concurrency"
                  handoff note --blocked "Release: waiting for review" --next "ping the reviewer"
                  handoff note --learned "[Testing] fix the clock" --gotcha "CI caches .build"
                """)

        @Option(help: ArgumentHelp("Something finished (repeatable).", valueName: "item")) var done: [String] = []
        @Option(help: ArgumentHelp("Work in progress: \"item @ path:line\" (repeatable).", valueName: "item"))
        var wip: [String] = []
        @Option(help: ArgumentHelp("Something still to do (repeatable).", valueName: "item")) var todo: [String] = []
        @Option(help: ArgumentHelp("A blocked item and why (repeatable).", valueName: "item: reason"))
        var blocked: [String] = []
        @Option(
            help: ArgumentHelp("A decision, optionally \"; trade-off: cost\" (repeatable).", valueName: "title: why"))
        var decision: [String] = []
        @Option(help: ArgumentHelp("A rule learned (repeatable).", valueName: "[category] rule")) var learned:
            [String] = []
        @Option(help: ArgumentHelp("What changed in a file (repeatable).", valueName: "path: what")) var file:
            [String] = []
        @Option(help: ArgumentHelp("A trap for the next session (repeatable).", valueName: "text")) var gotcha:
            [String] = []
        @Option(help: ArgumentHelp("The next step for the resume command (the last one wins).", valueName: "action"))
        var next: String?
        @Option(help: ArgumentHelp("The key context for the resume command.", valueName: "text")) var context: String?
        @Option(help: ArgumentHelp("Test results: \"23 passed, 0 failed\".", valueName: "summary")) var tests: String?

        @Option var repository: RepositoryOption = .currentDirectory

        func entries(time: String) -> [JournalEntry] {
            var entries: [JournalEntry] = []
            let lists: [(JournalEntry.Kind, [String])] = [
                (.done, done), (.wip, wip), (.todo, todo), (.blocked, blocked), (.decision, decision),
                (.learned, learned), (.file, file), (.gotcha, gotcha),
                (.next, next.map { [$0] } ?? []), (.context, context.map { [$0] } ?? []),
                (.tests, tests.map { [$0] } ?? []),
            ]
            for (kind, texts) in lists {
                entries += texts.map { JournalEntry(kind: kind, text: $0, time: time) }
            }
            return entries
        }

        func execute() throws {
            let time = HandoffClock().timestamp
            let entries = entries(time: time)
            if entries.isEmpty {
                throw HandoffError(
                    "nothing to note: give --done, --wip, --todo, --blocked, --decision, --learned, --file, --gotcha or --next"
                )
            }
            let note = try SessionNote(entries)
            if let start = try note.append(to: repository.workspace().repository, time: time) {
                StandardError.write(
                    "handoff: no session was started in this worktree; started one now on \(start.description) (`handoff start` records one explicitly)"
                )
            }
            print("Noted \(entries.count) \(entries.count == 1 ? "item" : "items") in the session journal.")
        }
    }
}
