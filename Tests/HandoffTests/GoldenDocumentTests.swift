import Foundation
import GitState
import Testing

@testable import Handoff

/// The rendered document for representative sessions, against files in `Golden/`.
@Suite struct GoldenDocumentTests {
    func document(
        _ snapshot: RepositorySnapshot, notes: SessionNotes = SessionNotes(), base: SessionBase = .none,
        full: Bool = false, committed: [LineCounts]? = nil, changes: [FileChange]? = nil
    ) throws -> HandoffDocument {
        var history = FixtureHistory(log: snapshot.log, committed: committed)
        history.changes = changes
        return try DocumentBuilder(
            snapshot: snapshot, notes: notes, clock: Fixtures.clock, base: base,
            history: history,
            filter: OwnOutputFilter(excluded: [".claude/handoffs"], workTree: nil), includeDiff: full
        ).build()
    }

    func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected = Golden.expected(name, actual: actual) else {
            Issue.record(
                "missing golden file \(Golden.path(name)); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "rendered document differs from \(name)", sourceLocation: sourceLocation)
    }

    static var midFeatureNotes: SessionNotes {
        var notes = SessionNotes()
        notes.done = ["Markdown notes reader with the document's headings", "Redactor for tokens and keys"]
        notes.inProgress = [
            WorkItem(text: "Budget fitting for --max-chars", location: "Sources/Handoff/Render/BudgetFitter.swift:42")
        ]
        notes.todo = ["Document the JSON schema in the README"]
        notes.blocked = [BlockedItem(item: "Diff text for --full", reason: "GitState exposes no patch API yet")]
        notes.decisions = [
            Decision(
                title: "Exclusive create with link()", why: "never overwrite a handoff",
                tradeOff: "a temporary file per write")
        ]
        notes.learnings = [Learning(category: "Testing", rule: "inject the clock so goldens stay stable")]
        notes.files = [
            FileNote(path: "Sources/Handoff/Render/BudgetFitter.swift", description: "cut order for --max-chars")
        ]
        notes.gotchas = ["`swift test` needs --scratch-path .build-doc here"]
        notes.context = "The writer works end to end; budget fitting is half done"
        notes.next = "make BudgetFitter keep Decisions before Done"
        notes.tests = TestResults(passed: 41, failed: 2, skipped: 1)
        return notes
    }

    @Test func cleanSession() throws {
        var notes = SessionNotes()
        notes.done = ["Released 0.1.0"]
        notes.tests = TestResults(passed: 120, failed: 0)
        let snapshot = Fixtures.snapshot(ahead: 0, log: Fixtures.sessionLog)
        let text = MarkdownRenderer(document: try document(snapshot, notes: notes)).render()
        #expect(!text.contains("Incomplete work"))
        #expect(text.contains("- **Uncommitted changes**: none"))
        expectGolden("clean.md", text)
    }

    @Test func midFeatureWithFailingTests() throws {
        let snapshot = Fixtures.snapshot(
            status: [
                StatusEntry(path: "Sources/Handoff/Render/BudgetFitter.swift", xy: ".M"),
                StatusEntry(path: "Sources/Handoff/Document/HandoffWriter.swift", xy: "M."),
                StatusEntry(path: "Tests/HandoffTests/BudgetTests.swift", xy: "??"),
                StatusEntry(path: ".claude/handoffs/handoff-2026-03-13.md", xy: "??"),
            ],
            staged: [LineCounts(path: "Sources/Handoff/Document/HandoffWriter.swift", add: 12, del: 3)],
            unstaged: [LineCounts(path: "Sources/Handoff/Render/BudgetFitter.swift", add: 30, del: 8)],
            log: Fixtures.sessionLog)
        let doc = try document(
            snapshot, notes: Self.midFeatureNotes,
            base: .lastHandoff(oid: Fixtures.base, file: "handoff-2026-03-13.md"),
            committed: [
                LineCounts(path: "Sources/Handoff/Render/BudgetFitter.swift", add: 40, del: 0),
                LineCounts(path: "Sources/Handoff/Notes/MarkdownNotesReader.swift", add: 120, del: 4),
                LineCounts(path: ".claude/handoffs/handoff-2026-03-13.md", add: 30, del: 0),
            ])
        let text = MarkdownRenderer(document: doc).render()
        #expect(
            text.contains(
                "| `Sources/Handoff/Render/BudgetFitter.swift` | +70 −8 | committed, unstaged | cut order for --max-chars |"
            ))
        #expect(!text.contains("are not listed"))
        #expect(text.contains("⚠️ **Incomplete work — do not merge yet**"))
        #expect(text.contains("- 2 of 44 tests failing"))
        #expect(!text.contains(".claude/handoffs"), "the tool's own folder is not the user's work")
        #expect(doc.session.commits.count == 3)
        expectGolden("mid-feature.md", text)
    }

    @Test func midRebaseWithConflicts() throws {
        let snapshot = Fixtures.snapshot(
            branch: nil, detached: true, upstream: nil, ahead: nil, behind: nil, state: .rebase,
            status: [
                StatusEntry(path: "Sources/Handoff/Notes/NoteSyntax.swift", xy: "UU"),
                StatusEntry(path: "README.md", xy: "M."),
            ],
            staged: [LineCounts(path: "README.md", add: 4, del: 1)],
            log: Fixtures.sessionLog)
        var notes = SessionNotes()
        notes.context = "Rebasing the notes work onto the lead's GitState changes"
        let doc = try document(
            snapshot, notes: notes, base: .revision(name: "1a2b3c4", oid: Fixtures.base),
            committed: [LineCounts(path: "Sources/Handoff/Notes/NoteSyntax.swift", add: 10, del: 2)])
        let text = MarkdownRenderer(document: doc).render()
        #expect(doc.incompleteReasons == ["1 conflicted file", "rebase in progress"])
        #expect(doc.resumeCommand.hasSuffix("Next step: resolve the conflicts and finish the rebase."))
        #expect(text.contains("| `Sources/Handoff/Notes/NoteSyntax.swift` | +10 −2 | committed, conflicted |  |"))
        expectGolden("mid-rebase.md", text)
    }

    @Test func detachedHead() throws {
        let snapshot = Fixtures.snapshot(
            branch: nil, detached: true, upstream: nil, ahead: nil, behind: nil, log: Fixtures.sessionLog, stash: 2)
        var notes = SessionNotes()
        notes.gotchas = ["HEAD is detached: create a branch before committing"]
        let text = MarkdownRenderer(document: try document(snapshot, notes: notes)).render()
        #expect(text.contains("- **Branch**: detached at `9fceb02`"))
        #expect(text.contains("> Continue on detached at 9fceb02."))
        expectGolden("detached.md", text)
    }

    @Test func manyFilesAreSummarisedByFolder() throws {
        var unstaged: [LineCounts] = []
        var status: [StatusEntry] = []
        for index in 1...14 {
            let folder = index <= 9 ? "Sources/Parser" : "Tests/ParserTests"
            let path = "\(folder)/File\(index).swift"
            unstaged.append(LineCounts(path: path, add: index, del: 1))
            status.append(StatusEntry(path: path, xy: ".M"))
        }
        status.append(StatusEntry(path: "Assets/logo.png", xy: ".M"))
        unstaged.append(LineCounts(path: "Assets/logo.png", add: nil, del: nil))
        var notes = SessionNotes()
        notes.files = [FileNote(path: "Sources/Parser/File3.swift", description: "new | pipe-separated `tokens`")]
        // What git says changed, for the rows without a note (a note wins for File3).
        let changes = [
            FileChange(
                path: "Tests/ParserTests/File14.swift", kind: .modified, oldMode: 0o100644, newMode: 0o100644,
                hunks: [
                    DiffHunk(oldStart: 1, oldCount: 4, newStart: 1, newCount: 17, functionContext: "struct Lexer {"),
                    DiffHunk(
                        oldStart: 30, oldCount: 3, newStart: 43, newCount: 3, functionContext: "func next() -> Token? {"
                    ),
                ]),
            FileChange(
                path: "Tests/ParserTests/File13.swift", oldPath: "Tests/ParserTests/Old13.swift", kind: .renamed,
                oldMode: 0o100644, newMode: 0o100755),
            FileChange(
                path: "Sources/Parser/File3.swift", kind: .modified,
                hunks: [
                    DiffHunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 3, functionContext: "func hidden()")
                ]),
        ]
        let doc = try document(
            Fixtures.snapshot(status: status, unstaged: unstaged, log: Fixtures.sessionLog), notes: notes,
            changes: changes)
        let text = MarkdownRenderer(document: doc).render()
        #expect(doc.filesTouched.count == 15)
        // The noted file and the nine most changed get rows; the rest are counted per folder.
        #expect(text.contains("| + 4 more in `Sources/Parser/` | +12 −4 | | |"))
        #expect(text.contains("| + 1 more in `Assets/` | 1 binary | | |"))
        #expect(text.contains("| `Sources/Parser/File3.swift` | +3 −1 | unstaged | new \\| pipe-separated `tokens` |"))
        #expect(
            text.contains(
                "| `Tests/ParserTests/File14.swift` | +14 −1 | unstaged | `struct Lexer {`, `func next() -> Token? {` |"
            ))
        #expect(
            text.contains(
                "| `Tests/ParserTests/File13.swift` | +13 −1 | unstaged | renamed from `Tests/ParserTests/Old13.swift`; mode changed 100644 → 100755 |"
            ))
        expectGolden("many-files.md", text)
    }

    @Test func compactVariant() throws {
        let snapshot = Fixtures.snapshot(log: Fixtures.sessionLog)
        let doc = try document(
            snapshot, notes: Self.midFeatureNotes,
            base: .sessionStart(
                SessionStart(head: Fixtures.base, branch: "main", startedAt: "2026-03-14T09:00:00+01:00")))
        let text = MarkdownRenderer(document: doc).render(variant: .compact)
        #expect(!text.contains("## What's Done"))
        #expect(text.contains("> " + doc.resumeCommand))
        expectGolden("compact.md", text)
    }

    @Test func fullVariantSaysWhenNoPatchIsAvailable() throws {
        let doc = try document(Fixtures.snapshot(log: Fixtures.sessionLog), full: true)
        let text = MarkdownRenderer(document: doc).render(variant: .full)
        #expect(text.contains("## Uncommitted Diff\n_Not included: the repository has no work tree to diff._"))
    }

    @Test func fullVariantIncludesTheRedactedPatch() throws {
        let history = FixtureHistory(patch: "diff --git a/.env b/.env\n+API_KEY=sk_live_abcdef123456\n ```\n")
        let doc = try DocumentBuilder(
            snapshot: Fixtures.snapshot(), notes: SessionNotes(), clock: Fixtures.clock, history: history,
            includeDiff: true
        ).build()
        let text = MarkdownRenderer(document: doc).render(variant: .full)
        #expect(text.contains("+API_KEY=[redacted:password]"))
        #expect(!text.contains("sk_live"))
        #expect(text.contains("````diff\n"), "the fence is longer than the backticks inside the patch")
        #expect(doc.redactions.total == 1)
    }

    @Test func jsonCarriesTheSameResumeCommandAsMarkdown() throws {
        let doc = try document(
            Fixtures.snapshot(log: Fixtures.sessionLog), notes: Self.midFeatureNotes,
            base: .lastHandoff(oid: Fixtures.base, file: "handoff-2026-03-13.md"))
        let markdown = MarkdownRenderer(document: doc).render()
        let json = JSONRenderer(document: doc).render()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let resume = try #require(object?["resume_command"] as? String)
        #expect(markdown.contains("## Resume Command\n> \(resume)\n"))
        #expect(object?["schema"] as? String == "handoff/1")
        expectGolden("mid-feature.json", json)
    }
}
