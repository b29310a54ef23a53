import GitState
import Handoff
import MCP

#if canImport(Glibc)
import Glibc
#endif

/// `create`: writes the session handoff from notes given as arguments, as `handoff` does with
/// the same notes as flags, into `.claude/handoffs` (never anywhere else).
enum CreateTool: HandoffTool {
    static let definition = Tool(
        name: "create",
        description: """
            Write the session handoff to .claude/handoffs/handoff-YYYY-MM-DD.md (never overwriting one): \
            the git state read by handoff itself, the notes given here, those jotted with the note tool, \
            and a resume command. Returns the file's path and the resume command. Saving ends the session \
            and empties the journal; preview returns the document without saving anything.
            """,
        inputSchema: NotesSchema.object(extra: [
            "notes": Schema.string(
                "Notes as Markdown with the document's headings (## What's Done, ...) or as JSON; the other arguments add to them."
            ),
            "compact": Schema.boolean("Write only the resume command and the key context."),
            "full": Schema.boolean("Add the full diff of uncommitted changes (redacted)."),
            "preview": Schema.boolean("Return the document instead of saving it (journal and session are kept)."),
        ]),
        annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let compact = try arguments.bool("compact")
        let full = try arguments.bool("full")
        let preview = try arguments.bool("preview")
        if compact && full { throw HandoffError("compact and full cannot be combined") }
        let flagNotes = try notes(arguments)

        let project = try context.project(bareMessage: "a handoff needs a work tree")
        let snapshot: RepositorySnapshot
        do {
            snapshot = try project.repository.snapshot()
        } catch {
            throw HandoffError(error.description)
        }
        var request = HandoffRequest(destination: preview ? .standardOutput : .folder(project.folder))
        let store = project.store
        var warnings: [String] = []
        let start: SessionStart?
        do {
            start = try store.readStart()
        } catch {
            warnings.append("\(error.description); counting commits as if no session was started")
            start = nil
        }
        request.sessionStart = start
        request.sessionReflog = start.map { Reflog.entries(since: $0, gitDirectory: project.gitDirectory) } ?? []
        request.variant = compact ? .compact : full ? .full : .standard
        let template = project.workTree + "/.claude/templates/handoff.md"
        if access(template, F_OK) == 0 {
            request.template = (try FileInput.readText(template), ".claude/templates/handoff.md")
        }
        // A preview keeps the journal for the handoff that is saved.
        let journal = preview ? try store.peekJournal() : try store.claimJournal()
        for problem in journal?.problems ?? [] { warnings.append(problem) }
        if let copy = journal?.corruptCopy {
            warnings.append("the journal has unreadable lines; it is kept as \(copy) (its readable notes are used)")
        }
        var combined = journal?.notes ?? SessionNotes()
        combined.merge(flagNotes)
        request.notes = combined
        // Learnings recorded by `handoff learn` since the last handoff; taken only when saved.
        let pending = PendingLearnings(gitDirectory: project.gitDirectory)
        let claim = preview || compact ? nil : pending.claim()
        request.notes.learnings += (claim?.learnings ?? pending.peek()).filter { !request.notes.learnings.contains($0) }
        var result: HandoffResult
        do {
            result = try HandoffWriter(request: request).write(
                snapshot: snapshot, history: GitStateHistory(repository: project.repository))
        } catch {
            journal?.restore()
            claim?.settle(saved: false)
            throw error
        }
        claim?.settle(saved: true)
        journal?.finish()
        if result.path != nil, let start { store.end(start) }
        warnings += result.warnings

        let resume = result.document.resumeCommand
        var structured: [String: Value] = [
            "resume_command": .string(resume), "warnings": .array(warnings.map { .string($0) }),
        ]
        guard let saved = result.path else {
            structured["document"] = .string(result.text)
            return ToolOutput(text: result.text, structured: .object(structured))
        }
        let folded = journal?.entries.count ?? 0
        let journalPhrase =
            folded == 0 ? "" : " (with \(folded) \(folded == 1 ? "note" : "notes") from the session journal)"
        var lines = ["Handoff saved to \(Paths.display(saved))\(journalPhrase)"]
        lines += warnings.map { "handoff: warning: \($0)" }
        lines += ["", "Resume command:", resume]
        structured["path"] = .string(saved)
        structured["notes_from_journal"] = .int(folded)
        return ToolOutput(text: lines.joined(separator: "\n"), structured: .object(structured))
    }

    /// The `notes` text first, then the list arguments (which win for context, next and tests),
    /// as `handoff --notes - --done …` reads them.
    static func notes(_ arguments: ToolArguments) throws(HandoffError) -> SessionNotes {
        var result = SessionNotes()
        if let text = try arguments.string("notes") {
            result = try NotesFileReader.parse(text, name: "notes")
        }
        var given = SessionNotes()
        given.done = try arguments.strings("done")
        given.inProgress = try arguments.strings("in_progress").map(NoteSyntax.workItem)
        given.todo = try arguments.strings("todo")
        given.blocked = try arguments.strings("blocked").map { text throws(HandoffError) in
            try NoteSyntax.blocked(text, field: "blocked")
        }
        given.decisions = try arguments.strings("decisions").map { text throws(HandoffError) in
            try NoteSyntax.decision(text, field: "decisions")
        }
        given.learnings = try arguments.strings("learnings").map(NoteSyntax.learning)
        given.files = try arguments.strings("files").map { text throws(HandoffError) in
            try NoteSyntax.file(text, field: "files")
        }
        given.gotchas = try arguments.strings("gotchas")
        given.context = try arguments.string("context")
        given.next = try arguments.string("next")
        if let tests = try arguments.string("tests") { given.tests = try TestResults.parse(tests) }
        result.merge(given)
        return result
    }
}
