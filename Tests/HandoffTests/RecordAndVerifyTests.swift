import Foundation
import GitState
import Testing

@testable import Handoff

/// What a handoff records for `handoff verify`, `list`, `show` and `resume`, and how it reads back.
@Suite struct RecordAndVerifyTests {
    func document(status: [StatusEntry] = [], unstaged: [LineCounts] = [], branch: String? = "main") throws
        -> HandoffDocument
    {
        try DocumentBuilder(
            snapshot: Fixtures.snapshot(branch: branch, detached: branch == nil, status: status, unstaged: unstaged),
            notes: SessionNotes(), clock: Fixtures.clock, history: FixtureHistory()
        ).build()
    }

    @Test func markdownAndJSONRecordTheSameState() throws {
        let doc = try document(
            status: [StatusEntry(path: "odd --> name.txt", xy: ".M"), StatusEntry(path: "new.txt", xy: "??")],
            unstaged: [LineCounts(path: "odd --> name.txt", add: 3, del: 1)])
        let markdown = MarkdownRenderer(document: doc).render()
        let stateLine = try #require(markdown.split(separator: "\n").last)
        #expect(stateLine.hasPrefix("<!-- handoff:state ") && stateLine.contains("odd --\\u003e name.txt"))
        #expect(stateLine.ranges(of: "-->").count == 1, "the comment is not closed early")
        let fromMarkdown = try #require(RecordedState.read(from: markdown))
        let fromJSON = try #require(RecordedState.read(from: JSONRenderer(document: doc).render()))
        let expected = RecordedState(
            time: Fixtures.clock.timestamp, branch: "main", detached: false, head: Fixtures.head,
            dirty: [
                DirtyFile(path: "odd --> name.txt", xy: ".M", added: 3, deleted: 1),
                DirtyFile(path: "new.txt", xy: "??"),
            ],
            resume: doc.resumeCommand)
        #expect(fromMarkdown == expected)
        #expect(fromJSON == expected)
    }

    @Test func anEditedResumeCommandIsReadAsShown() throws {
        let markdown = MarkdownRenderer(document: try document()).render()
            .replacing("> Continue on main.", with: "> Edited by hand.\n> Second line.\n\nContinue on main.")
        #expect(RecordedState.read(from: markdown)?.resume?.hasPrefix("Edited by hand.\nSecond line.") == true)
    }

    @Test func aHandoffSavedWithWindowsLineEndingsReadsTheSame() throws {
        let doc = try document(status: [StatusEntry(path: "new.txt", xy: "??")])
        let markdown = MarkdownRenderer(document: doc).render()
            .replacing(
                "> Continue on main.", with: "> Edited by hand,\r in one line.\n> Second line.\n\nContinue on main.")
        let crlf = markdown.replacing("\n", with: "\r\n")
        let state = try #require(RecordedState.read(from: crlf))
        #expect(state == RecordedState.read(from: markdown))
        #expect(state.resume?.hasPrefix("Edited by hand,\r in one line.\nSecond line.") == true)
        #expect(state.head == Fixtures.head && state.dirty == [DirtyFile(path: "new.txt", xy: "??")])
    }

    @Test func anOlderHandoffRecordsOnlyItsHead() {
        let text =
            "# old\n\n## Resume Command\n> Go on.\n\n"
            + HeadMarker.line(head: Fixtures.base, timestamp: "2026-03-13T10:00:00Z")
        let state = RecordedState.read(from: text)
        #expect(
            state
                == RecordedState(
                    time: "2026-03-13T10:00:00Z", branch: nil, detached: false, head: Fixtures.base, dirty: nil,
                    resume: "Go on."))
    }

    /// The time insights reads alone is the time of the whole recorded state, whatever the
    /// handoff records: a state and a head marker, only a head marker, nothing, two state lines,
    /// Windows line endings, JSON.
    @Test func theTimeReadAloneIsTheRecordedStatesTime() throws {
        let markdown = MarkdownRenderer(document: try document(status: [StatusEntry(path: "a.txt", xy: "??")]))
            .render()
        let stateLine = try #require(markdown.split(separator: "\n").last.map(String.init))
        let later = stateLine.replacing(Fixtures.clock.timestamp, with: "2027-01-01T00:00:00Z")
        let texts = [
            markdown,
            markdown.replacing("\n", with: "\r\n"),
            markdown.replacing(stateLine, with: ""),
            markdown + "\n" + later,
            markdown + "\n  " + later + "  ",
            markdown + "\n<!-- handoff:state {\"time\": \"2028-01-01T00:00:00Z\"} -->",
            "# nothing recorded\n\n## Resume Command\n> Go on.\n",
            JSONRenderer(document: try document()).render(),
        ]
        for text in texts {
            #expect(RecordedState.time(recordedIn: text) == RecordedState.read(from: text)?.time, "\(text)")
        }
        #expect(RecordedState.time(recordedIn: texts[3]) == "2027-01-01T00:00:00Z")
        #expect(
            RecordedState.time(recordedIn: texts[5]) == Fixtures.clock.timestamp,
            "a state without `detached` is no state")
    }

    @Test func listIsNewestFirstAndNumbersAreChecked() throws {
        let folder = try TemporaryFolder()
        func state(_ time: String, _ branch: String) -> String {
            RecordedState(
                time: time, branch: branch, detached: false, head: Fixtures.head, dirty: [], resume: "Resume \(branch)"
            ).stateLine
        }
        try folder.write("handoff-2026-03-13.md", state("2026-03-13T23:00:00Z", "old") + "\n")
        try folder.write("handoff-2026-03-14.md", state("2026-03-14T09:00:00+01:00", "b") + "\n")
        try folder.write("handoff-2026-03-14-2.md", state("2026-03-14T08:00:00+01:00", "a") + "\n")
        try folder.write(
            "handoff-2026-03-14.json",
            #"{"git": {"branch": "c", "head": "\#(Fixtures.base)"}, "generated_at": "2026-03-14T11:00:00+01:00", "resume_command": "Resume c"}"#
        )
        try folder.write("notes.md", "not a handoff")
        let handoffs = HandoffFolder(path: folder.path)
        #expect(
            handoffs.handoffs().map(\.name) == [
                "handoff-2026-03-14.json", "handoff-2026-03-14.md", "handoff-2026-03-14-2.md", "handoff-2026-03-13.md",
            ])
        #expect(try handoffs.handoff(number: 2).record?.resume == "Resume b")
        let error = #expect(throws: HandoffError.self) { try handoffs.handoff(number: 99) }
        #expect(
            error?.description == "no handoff number 99: `handoff list` shows 4 (1 is the newest) in \(folder.path)")
        let empty = #expect(throws: HandoffError.self) {
            try HandoffFolder(path: folder.path + "/none").handoff(number: 1)
        }
        #expect(empty?.description.hasPrefix("no handoff in ") == true)
    }

    func verify(_ recorded: RecordedState, _ live: RecordedState, history: FixtureHistory = FixtureHistory()) throws
        -> [String]
    {
        try HandoffVerifier(recorded: recorded, live: live, history: history).differences()
    }

    @Test func sameStateIsCurrent() throws {
        let state = RecordedState(
            time: nil, branch: "main", detached: false, head: Fixtures.head,
            dirty: [DirtyFile(path: "a", xy: ".M", added: 1, deleted: 0)], resume: nil)
        #expect(try verify(state, state).isEmpty)
    }

    @Test func eachDifferenceIsOneLine() throws {
        let log = Fixtures.sessionLog
        let recorded = RecordedState(
            time: nil, branch: "main", detached: false, head: log[2].oid.hex,
            dirty: ["a", "b", "c", "d"].map { DirtyFile(path: $0, xy: ".M", added: 1, deleted: 0) }, resume: nil)
        let live = RecordedState(
            time: nil, branch: "topic", detached: false, head: log[0].oid.hex,
            dirty: [DirtyFile(path: "d", xy: "M.", added: 1, deleted: 0), DirtyFile(path: "e", xy: "??")], resume: nil)
        var history = FixtureHistory()
        history.branches = [log[2].oid.hex: Array(log[2...])]
        #expect(
            try verify(recorded, live, history: history) == [
                "branch changed: main → topic",
                "2 commits since",
                "3 files no longer dirty: a, b, c",
                "1 new dirty file: e",
                "1 dirty file changed since: d",
            ])
    }

    @Test func headMovedBackOrDetached() throws {
        let log = Fixtures.sessionLog
        var history = FixtureHistory(log: Array(log[1...]))
        history.branches = [log[0].oid.hex: log]
        let recorded = RecordedState(
            time: nil, branch: "main", detached: false, head: log[0].oid.hex, dirty: [], resume: nil)
        let live = RecordedState(time: nil, branch: nil, detached: true, head: log[1].oid.hex, dirty: [], resume: nil)
        #expect(
            try verify(recorded, live, history: history) == [
                "branch changed: main → detached HEAD",
                "1 commit of the handoff no longer on HEAD (reset, rebased or amended)",
            ])
        var unknown = recorded
        unknown.head = String(repeating: "e", count: 40)
        #expect(
            try verify(unknown, live, history: history) == [
                "branch changed: main → detached HEAD",
                "HEAD changed: eeeeeee is no longer in the repository; HEAD is now \(log[1].oid.hex.prefix(7))",
            ])
    }

    @Test func olderHandoffsCompareBranchAndHeadOnly() throws {
        let recorded = RecordedState(
            time: nil, branch: nil, detached: false, head: Fixtures.head, dirty: nil, resume: nil)
        let live = RecordedState(
            time: nil, branch: nil, detached: true, head: Fixtures.head, dirty: [DirtyFile(path: "x", xy: "??")],
            resume: nil)
        #expect(try verify(recorded, live).isEmpty)
    }
}
