/// The notes given for one handoff: a notes file, a JUnit report, and items in the one-line
/// forms of `handoff`'s flags (`"item @ path:line"`, `"item: reason"`, `"title: why; trade-off: cost"`,
/// `"[Category] rule"`, `"path: what changed"`).
public struct GivenNotes: Sendable, Equatable {
    public var done: [String] = []
    public var inProgress: [String] = []
    public var todo: [String] = []
    public var blocked: [String] = []
    public var decisions: [String] = []
    public var learnings: [String] = []
    public var files: [String] = []
    public var gotchas: [String] = []
    public var context: String?
    public var next: String?
    /// `"23 passed, 0 failed"` or `"not run"`.
    public var tests: String?
    /// A JUnit XML report's path (absolute) to read the test results from.
    public var junitReport: String?
    /// A JSON or Markdown notes file's path (absolute), or `-` for standard input.
    public var notesFile: String?
    /// Notes given as text instead of a file (the MCP server's `notes` argument), JSON or
    /// Markdown, named `notes` in errors.
    public var notesText: String?
    /// How errors name the items: as `handoff`'s flags or as the keys of a JSON notes file.
    public var naming = ItemNaming.flags

    public enum ItemNaming: Sendable, Equatable {
        /// `--blocked`, `--decision`, `--file`.
        case flags
        /// `blocked`, `decisions`, `files` (the MCP server's arguments).
        case keys
    }

    public init() {}

    func name(_ flag: String, key: String) -> String { naming == .flags ? "--" + flag : key }

    /// The notes file's notes, then the items' (which win for context, next step and tests).
    public func read() throws(HandoffError) -> SessionNotes {
        var result = SessionNotes()
        if let notesText {
            result = try NotesFileReader.parse(notesText, name: "notes")
        } else if let notesFile {
            result = try NotesFileReader.read(path: notesFile)
        }
        var items = SessionNotes()
        items.done = done
        items.inProgress = inProgress.map(NoteSyntax.workItem)
        items.todo = todo
        items.blocked = try blocked.map { text throws(HandoffError) in
            try NoteSyntax.blocked(text, field: name("blocked", key: "blocked"))
        }
        items.decisions = try decisions.map { text throws(HandoffError) in
            try NoteSyntax.decision(text, field: name("decision", key: "decisions"))
        }
        items.learnings = learnings.map(NoteSyntax.learning)
        items.files = try files.map { text throws(HandoffError) in
            try NoteSyntax.file(text, field: name("file", key: "files"))
        }
        items.gotchas = gotchas
        items.context = context
        items.next = next
        // "not run" clears the notes file's results too.
        if let tests {
            result.tests = try TestResults.parse(tests)
        }
        if let junitReport {
            items.tests = try JUnitReport.read(path: junitReport)
        }
        result.merge(items)
        return result
    }
}
