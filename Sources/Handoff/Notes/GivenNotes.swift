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

    public init() {}

    /// The notes file's notes, then the items' (which win for context, next step and tests).
    public func read() throws(HandoffError) -> SessionNotes {
        var result = SessionNotes()
        if let notesFile {
            result = try NotesFileReader.read(path: notesFile)
        }
        var items = SessionNotes()
        items.done = done
        items.inProgress = inProgress.map(NoteSyntax.workItem)
        items.todo = todo
        items.blocked = try blocked.map { text throws(HandoffError) in try NoteSyntax.blocked(text) }
        items.decisions = try decisions.map { text throws(HandoffError) in try NoteSyntax.decision(text) }
        items.learnings = learnings.map(NoteSyntax.learning)
        items.files = try files.map { text throws(HandoffError) in try NoteSyntax.file(text) }
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
