import Handoff
import MCP

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
        var handoff = SessionHandoff()
        handoff.notes = try notes(arguments)
        handoff.output = preview ? .standardOutput : .handoffFolder
        handoff.variant = compact ? .compact : full ? .full : .standard
        let project = try context.project(bareMessage: "a handoff needs a work tree")
        let outcome = try handoff.write(repository: project.repository)
        let result = outcome.result

        let resume = result.document.resumeCommand
        var structured: [String: Value] = [
            "resume_command": .string(resume), "warnings": .array(result.warnings.map { .string($0) }),
        ]
        guard let saved = result.path else {
            structured["document"] = .string(result.text)
            return ToolOutput(text: result.text, structured: .object(structured))
        }
        let folded = outcome.journalNotes
        let journalPhrase =
            folded == 0 ? "" : " (with \(folded) \(folded == 1 ? "note" : "notes") from the session journal)"
        var lines = ["Handoff saved to \(Paths.display(saved))\(journalPhrase)"]
        lines += result.warnings.map { "handoff: warning: \($0)" }
        lines += ["", "Resume command:", resume]
        structured["path"] = .string(saved)
        structured["notes_from_journal"] = .int(folded)
        return ToolOutput(text: lines.joined(separator: "\n"), structured: .object(structured))
    }

    /// The arguments as `handoff --notes - --done …` reads its flags: the `notes` text first,
    /// then the lists (which win for context, next and tests).
    static func notes(_ arguments: ToolArguments) throws(HandoffError) -> GivenNotes {
        var notes = GivenNotes()
        notes.naming = .keys
        notes.notesText = try arguments.string("notes")
        notes.done = try arguments.strings("done")
        notes.inProgress = try arguments.strings("in_progress")
        notes.todo = try arguments.strings("todo")
        notes.blocked = try arguments.strings("blocked")
        notes.decisions = try arguments.strings("decisions")
        notes.learnings = try arguments.strings("learnings")
        notes.files = try arguments.strings("files")
        notes.gotchas = try arguments.strings("gotchas")
        notes.context = try arguments.string("context")
        notes.next = try arguments.string("next")
        notes.tests = try arguments.string("tests")
        return notes
    }
}
