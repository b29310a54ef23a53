import Foundation
import GitState
import Testing

@testable import Handoff

@Suite struct OwnOutputFilterTests {
    @Test func entriesUnderTheOutputFolderAreDropped() {
        let filter = OwnOutputFilter(excluded: [".claude/handoffs", "docs/handoffs/"], workTree: nil)
        let entries = [
            StatusEntry(path: ".claude/handoffs/handoff-2026-03-14.md", xy: "??"),
            StatusEntry(path: ".claude/handoffs/", xy: "??"),
            StatusEntry(path: "docs/handoffs/handoff-2026-03-14.md", xy: ".M"),
            StatusEntry(path: ".claude/settings.json", xy: "??"),
            StatusEntry(path: ".claude/handoffs-old.md", xy: "??"),
            StatusEntry(path: "Sources/A.swift", xy: ".M"),
        ]
        #expect(
            filter.status(entries).map(\.path) == [
                ".claude/settings.json", ".claude/handoffs-old.md", "Sources/A.swift",
            ])
        #expect(filter.lineCounts([LineCounts(path: "docs/handoffs/x.md", add: 1, del: 0)]) == [])
    }

    @Test func collapsedUntrackedFolderHoldingOnlyHandoffsIsDropped() throws {
        let tree = try TemporaryFolder()
        try tree.write(".claude/handoffs/handoff-2026-03-14.md", "x")
        try FileManager.default.createDirectory(atPath: tree.path + "/.claude/empty", withIntermediateDirectories: true)
        let filter = OwnOutputFilter(excluded: [".claude/handoffs"], workTree: tree.path)
        #expect(filter.status([StatusEntry(path: ".claude/", xy: "??")]) == [])
    }

    @Test func collapsedUntrackedFolderWithUserFilesIsKept() throws {
        let tree = try TemporaryFolder()
        try tree.write(".claude/handoffs/handoff-2026-03-14.md", "x")
        try tree.write(".claude/commands/review.md", "the user's own")
        let filter = OwnOutputFilter(excluded: [".claude/handoffs"], workTree: tree.path)
        let entry = StatusEntry(path: ".claude/", xy: "??")
        #expect(filter.status([entry]) == [entry])
    }

    @Test func customDirectoryInsideTheWorkTree() throws {
        let tree = try TemporaryFolder()
        try tree.write("notes/handoffs/handoff-2026-03-14.md", "x")
        var request = HandoffRequest(destination: .folder(tree.path + "/notes/handoffs"))
        request.clock = Fixtures.clock
        let writer = HandoffWriter(request: request)
        #expect(writer.ownFolders(workTree: tree.path) == [".claude/handoffs", "notes/handoffs"])
        let snapshot = Fixtures.snapshot(
            status: [StatusEntry(path: "notes/", xy: "??"), StatusEntry(path: "a.txt", xy: "??")], workTree: tree.path)
        let result = try writer.write(snapshot: snapshot, history: FixtureHistory())
        #expect(result.document.changes.untracked == 1)
        #expect(result.document.filesTouched.map(\.path) == ["a.txt"])
    }

    @Test func relativePaths() {
        #expect(OwnOutputFilter.relative("/w/p/.claude/handoffs", to: "/w/p") == ".claude/handoffs")
        #expect(OwnOutputFilter.relative("/w/p/a/../b", to: "/w/p") == "b")
        #expect(OwnOutputFilter.relative("/w/other", to: "/w/p") == nil)
    }
}

@Suite struct SessionBaseTests {
    let history = FixtureHistory()

    @Test func explicitSinceRevisionWins() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "handoff-2026-03-13.md", HeadMarker.line(head: Fixtures.head, timestamp: Fixtures.clock.timestamp))
        let base = try SessionBaseFinder(
            handoffFolder: folder.path, since: "1a2b3c4", timeZone: Fixtures.clock.timeZone
        )
        .find(history: history)
        #expect(base == .revision(name: "1a2b3c4", oid: Fixtures.base))
        #expect(try history.commits(after: Fixtures.base).commits.count == 3)
    }

    @Test func sinceHeadTilde() throws {
        let base = try SessionBaseFinder(handoffFolder: nil, since: "HEAD~2", timeZone: Fixtures.clock.timeZone)
            .find(history: history)
        #expect(base.oid == Fixtures.sessionLog[2].oid.hex)
    }

    @Test func sinceDate() throws {
        let base = try SessionBaseFinder(handoffFolder: nil, since: "2026-03-14T11:30:00+01:00", timeZone: .gmt)
            .find(history: history)
        guard case .date(_, let date) = base else {
            Issue.record("expected a date base, got \(base)")
            return
        }
        let range = try history.commits(since: date)
        #expect(range.commits.map(\.summary) == ["Wire the budget fitter into create", "Add Markdown notes reader"])
    }

    @Test func unknownRevisionIsAnError() {
        let error = #expect(throws: HandoffError.self) {
            try SessionBaseFinder(handoffFolder: nil, since: "feature/x", timeZone: .gmt).find(history: history)
        }
        #expect(error?.description.hasPrefix("--since feature/x: not a date") == true)
    }

    @Test func sessionStartBeatsTheLastHandoff() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "handoff-2026-03-13.md", HeadMarker.line(head: Fixtures.head, timestamp: Fixtures.clock.timestamp))
        let start = SessionStart(head: Fixtures.base, branch: "main", startedAt: "2026-03-14T09:00:00+01:00")
        let base = try SessionBaseFinder(handoffFolder: folder.path, since: nil, timeZone: .gmt, sessionStart: start)
            .find(history: history)
        #expect(base == .sessionStart(start))
        #expect(base.phrase == "since the session start at `1a2b3c4` (2026-03-14T09:00:00+01:00)")
        let since = try SessionBaseFinder(
            handoffFolder: folder.path, since: "HEAD~1", timeZone: .gmt, sessionStart: start
        )
        .find(history: history)
        #expect(since.kind == "revision", "an explicit --since wins over the session start")
    }

    @Test func lastHandoffInTheFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "handoff-2026-03-13.md",
            "# old\n" + HeadMarker.line(head: Fixtures.base, timestamp: Fixtures.clock.timestamp) + "\n")
        let base = try SessionBaseFinder(handoffFolder: folder.path, since: nil, timeZone: .gmt).find(history: history)
        #expect(base == .lastHandoff(oid: Fixtures.base, file: "handoff-2026-03-13.md"))
        #expect(base.phrase == "since the last handoff (handoff-2026-03-13.md at `1a2b3c4`)")
    }

    @Test func noBaseAttributesNoCommits() throws {
        let folder = try TemporaryFolder()
        let base = try SessionBaseFinder(handoffFolder: folder.path, since: nil, timeZone: .gmt).find(history: history)
        #expect(base == .none)
    }

    @Test func aCutListIsFlaggedIncomplete() throws {
        let doc = try DocumentBuilder(
            snapshot: Fixtures.snapshot(log: Fixtures.sessionLog), notes: SessionNotes(), clock: Fixtures.clock,
            base: .revision(name: "old", oid: String(repeating: "f", count: 40)), history: history
        ).build()
        #expect(doc.session.complete == false)
        #expect(
            MarkdownRenderer(document: doc).render().contains("only the newest 5 are listed, this list is incomplete"))
    }
}
