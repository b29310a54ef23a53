import FoundationEssentials

/// One note in the session journal (`<git dir>/handoff/journal.jsonl`), one JSON object per line:
/// `{"kind": "done", "text": "Parser handles tabs", "time": "2026-03-14T09:05:00+01:00"}`.
///
/// `text` is in the same one-line form as the note's flag (`item: reason` for `blocked`, …).
public struct JournalEntry: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case done, wip, todo, blocked, decision, learned, file, gotcha, next, context, tests
    }

    public var kind: Kind
    public var text: String
    public var time: String

    public init(kind: Kind, text: String, time: String) {
        self.kind = kind
        self.text = text
        self.time = time
    }

    /// The entry as one line of JSON, ending in a newline (JSON escapes any newline in the text).
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Three strings: encoding cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Checks the text's form, so a bad note is refused when it is written, not when it is folded.
    public func validate() throws(HandoffError) {
        var notes = SessionNotes()
        try Self.add(self, to: &notes)
    }

    /// Parses one journal line; the error says what is wrong with it.
    public static func parse(_ line: Substring) throws(HandoffError) -> JournalEntry {
        let entry: JournalEntry
        do {
            entry = try JSONDecoder().decode(JournalEntry.self, from: Data(line.utf8))
        } catch {
            let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw HandoffError("not a journal entry (a JSON object with kind: \(kinds); text; time)")
        }
        try entry.validate()
        return entry
    }

    /// Adds the entry to `notes` as its flag would: lists append, context/next/tests replace.
    public static func add(_ entry: JournalEntry, to notes: inout SessionNotes) throws(HandoffError) {
        let field = "--" + entry.kind.rawValue
        switch entry.kind {
        case .done: notes.done.append(entry.text)
        case .wip: notes.inProgress.append(NoteSyntax.workItem(entry.text))
        case .todo: notes.todo.append(entry.text)
        case .blocked: notes.blocked.append(try NoteSyntax.blocked(entry.text, field: field))
        case .decision: notes.decisions.append(try NoteSyntax.decision(entry.text, field: field))
        case .learned: notes.learnings.append(NoteSyntax.learning(entry.text))
        case .file: notes.files.append(try NoteSyntax.file(entry.text, field: field))
        case .gotcha: notes.gotchas.append(entry.text)
        case .next: notes.next = entry.text
        case .context: notes.context = entry.text
        case .tests: notes.tests = try TestResults.parse(entry.text)
        }
    }

    /// The notes of several entries, in order.
    public static func notes(_ entries: [JournalEntry]) -> SessionNotes {
        var notes = SessionNotes()
        for entry in entries { try? add(entry, to: &notes) }
        return notes
    }
}
