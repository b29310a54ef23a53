import Handoff
import MCP

/// `note`: appends notes of any kind to the session journal, as `handoff note` does.
enum NoteTool: HandoffTool {
    /// Each argument and the journal kind it is noted as (the JSON notes file's names).
    static let kinds: KeyValuePairs<String, JournalEntry.Kind> = [
        "done": .done, "in_progress": .wip, "todo": .todo, "blocked": .blocked, "decisions": .decision,
        "learnings": .learned, "files": .file, "gotchas": .gotcha, "next": .next, "context": .context,
        "tests": .tests,
    ]

    static let definition = Tool(
        name: "note",
        description: """
            Jot notes into this worktree's session journal (<git dir>/handoff/journal.jsonl, never the \
            work tree) as you go; the next handoff written (the create tool or `handoff`) folds them in. \
            Without a session, the first note starts one.
            """,
        inputSchema: NotesSchema.object(extra: [:]),
        annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let time = HandoffClock().timestamp
        var entries: [JournalEntry] = []
        for (name, kind) in kinds {
            let texts =
                NotesSchema.singles.contains(name)
                ? try arguments.string(name).map { [$0] } ?? [] : try arguments.strings(name)
            entries += texts.map { JournalEntry(kind: kind, text: $0, time: time) }
        }
        if entries.isEmpty {
            throw HandoffError(
                "nothing to note: give done, in_progress, todo, blocked, decisions, learnings, files, gotchas, next, context or tests"
            )
        }
        let note = try SessionNote(entries)
        var lines: [String] = []
        if let start = try note.append(to: context.project().repository, time: time) {
            lines.append("No session was started in this worktree; started one now on \(start.description).")
        }
        lines.append("Noted \(entries.count) \(entries.count == 1 ? "item" : "items") in the session journal.")
        return ToolOutput(
            text: lines.joined(separator: "\n"), structured: .object(["noted": .int(entries.count)]))
    }
}

/// The notes a tool takes, named as in a JSON notes file, each in the one-line form of its
/// `handoff` flag.
enum NotesSchema {
    static let singles: Set<String> = ["next", "context", "tests"]

    static func object(extra: [String: Value]) -> Value {
        var properties: [(String, Value)] = [
            ("done", Schema.strings("Things finished this session.")),
            ("in_progress", Schema.strings("Work in progress, with where to resume: \"item @ path:line\".")),
            ("todo", Schema.strings("Things still to do.")),
            ("blocked", Schema.strings("Blocked items and why: \"item: reason\".")),
            ("decisions", Schema.strings("Decisions: \"title: why\", optionally \"; trade-off: cost\".")),
            ("learnings", Schema.strings("Rules learned: \"[Category] rule\".")),
            ("files", Schema.strings("What changed in a file: \"path: what changed\".")),
            ("gotchas", Schema.strings("Traps the next session should know about.")),
            ("next", Schema.string("The next step, for the resume command.")),
            ("context", Schema.string("The key context, for the resume command.")),
            ("tests", Schema.string("Test results: \"23 passed, 1 failed\" or \"not run\".")),
        ]
        properties += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return .object([
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: properties)),
            "additionalProperties": false,
        ])
    }
}
