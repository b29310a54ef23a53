import Foundation
import GitState
import TestSupport
import Testing

@testable import Handoff

/// `handoff insights` over handoffs written by the real session flow (a recorded session start,
/// commits made with the git CLI, `SessionHandoff.write`), each figure checked against git's
/// own answer (`git rev-list --count`, `git diff --name-only`) or the times the sessions were given.
@Suite struct InsightsTests {
    /// One session: what it commits and the notes its handoff is written with.
    struct Session {
        var started: String
        var minutes: Int
        var commits: [String]
        var notes = GivenNotes()
    }

    /// Runs `sessions` in `repo` and returns, per session, git's commit count and changed files.
    static func run(_ sessions: [Session], in repo: GitFixture) throws -> [(commits: Int, files: Set<String>)] {
        let repository = try Repository(discoveringFrom: repo.path)
        var facts: [(commits: Int, files: Set<String>)] = []
        for (number, session) in sessions.enumerated() {
            let start = try repo.head()
            try SessionStore(gitDirectory: repository.gitDirectory).record(
                SessionStart(head: start, branch: "main", startedAt: session.started))
            for (index, path) in session.commits.enumerated() {
                try repo.commit(path, "session \(number) change \(index)\n", message: "Session \(number) #\(index)")
            }
            var handoff = SessionHandoff()
            handoff.notes = session.notes
            let began = try Date(session.started, strategy: .iso8601)
            handoff.clock = HandoffClock(
                now: began.addingTimeInterval(Double(session.minutes * 60)), timeZone: TimeZone(identifier: "UTC")!)
            _ = try handoff.write(repository: repository)
            let count = try repo.git("rev-list", "--count", "\(start)..HEAD").trimmingCharacters(
                in: .whitespacesAndNewlines)
            let files = try repo.git("diff", "--name-only", start, "HEAD").split(separator: "\n").map(String.init)
            facts.append((Int(count)!, Set(files)))
        }
        return facts
    }

    static func notes(gotchas: [String] = [], blocked: [String] = [], learnings: [String] = [], tests: String? = nil)
        -> GivenNotes
    {
        var notes = GivenNotes()
        notes.done = ["some work"]
        notes.gotchas = gotchas
        notes.blocked = blocked
        notes.learnings = learnings
        notes.tests = tests
        return notes
    }

    @Test func figuresAreGitsAndTheSessionsOwn() throws {
        let repo = try GitFixture()
        try repo.commit("README.md", "base\n", message: "Base")
        let sessions = [
            // Tuesday 2026-03-10 and Thursday 2026-03-12: one week; Monday 2026-03-23: two weeks on.
            Session(
                started: "2026-03-10T09:00:00Z", minutes: 45, commits: ["Sources/A.swift", "Sources/B.swift"],
                notes: Self.notes(
                    gotchas: ["`swift test` needs the scratch path here"],
                    blocked: ["Publish: remote has no notes ref"],
                    learnings: ["[Testing] inject the clock"], tests: "10 passed, 2 failed")),
            Session(
                started: "2026-03-12T14:00:00Z", minutes: 90, commits: ["Sources/A.swift"],
                notes: Self.notes(
                    gotchas: ["swift test needs the scratch path"],
                    learnings: ["[Testing] seed the fuzzers", "[Build] libgit2-dev first"],
                    tests: "12 passed")),
            Session(
                started: "2026-03-23T08:30:00Z", minutes: 20,
                commits: ["Docs/guide.md", "Sources/A.swift", "Docs/faq.md"],
                notes: Self.notes(
                    gotchas: ["watchman needs its own socket"], blocked: ["Publish: the remote has no notes ref yet"],
                    tests: "12 passed")),
        ]
        let git = try Self.run(sessions, in: repo)
        let insights = SessionInsights(
            try HandoffCollection(folder: repo.path + "/.claude/handoffs", archive: nil))

        #expect(insights.sessions == 3)
        #expect(insights.timeline.map(\.commits) == git.map(\.commits), "commits per session: git rev-list --count")
        #expect(insights.commits.total == git.map(\.commits).reduce(0, +))
        #expect(insights.timeline.map(\.durationMinutes) == sessions.map(\.minutes))
        #expect(insights.durationMinutes.median == 45)
        #expect(insights.firstDay == "2026-03-10" && insights.lastDay == "2026-03-23")
        #expect(
            insights.weeks.map(\.week) == ["2026-03-09", "2026-03-16", "2026-03-23"], "Mondays, the empty week kept")
        #expect(insights.weeks.map(\.sessions) == [2, 0, 1])
        #expect(insights.weeks.map(\.commits) == [git[0].commits + git[1].commits, 0, git[2].commits])
        #expect(insights.incomplete == 1, "the failing tests flag the first")
        #expect(insights.timeline.map(\.incomplete) == [true, false, false])
        #expect(insights.tests == SessionInsights.TestTally(sessions: 3, passing: 2, failing: 1))
        #expect(insights.timeline.map(\.testsFailed) == [2, 0, 0])

        // Files: how many sessions' git diff names each one.
        var touched: [String: Int] = [:]
        for session in git { for file in session.files { touched[file, default: 0] += 1 } }
        #expect(Dictionary(uniqueKeysWithValues: insights.files.map { ($0.path, $0.sessions) }) == touched)
        #expect(insights.files.first == SessionInsights.Count(path: "Sources/A.swift", sessions: 3))
        #expect(
            insights.directories == [
                SessionInsights.Count(path: "Sources", sessions: 3), SessionInsights.Count(path: "Docs", sessions: 1),
            ])

        // Recurring: said in two sessions in other words; said once is left out.
        #expect(insights.gotchas.map(\.text) == ["`swift test` needs the scratch path here"])
        #expect(insights.gotchas.first?.sessions == 2)
        #expect(insights.blockers.map(\.sessions) == [2])
        #expect(insights.blockers.first?.variants.count == 2)
        #expect(insights.learnings.map(\.category) == ["Testing", "Build"])
        #expect(insights.learnings.first?.rules == ["inject the clock", "seed the fuzzers"])
    }

    @Test func similarityIsHalfTheWordsShared() {
        #expect(
            SimilarItems.words("The `swift test` needs --scratch-path!") == [
                "swift", "test", "needs", "scratch", "path",
            ])
        #expect(SimilarItems.similar("swift test needs the scratch path here", "swift test needs scratch path"))
        // 2 shared of 4 words: exactly half.
        #expect(SimilarItems.similar("watchman socket", "watchman socket private folder"))
        // 2 shared of 5: under half.
        #expect(!SimilarItems.similar("watchman socket", "watchman socket private state folder"))
        #expect(!SimilarItems.similar("a b", "a b"), "no word long enough: never similar")
        let groups = SimilarItems.groups([
            ["flaky network test", "flaky network test"], ["network test is flaky"], ["other"],
        ])
        #expect(
            groups.first
                == SimilarItems.Group(
                    text: "flaky network test", handoffs: 2, variants: ["flaky network test", "network test is flaky"]))
        #expect(groups.map(\.handoffs) == [2, 1], "a handoff saying it twice counts once")
    }

    @Test func anArchiveIsReadThroughItsIndex() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "a\n", message: "Base")
        let repository = try Repository(discoveringFrom: repo.path)
        let archive = repo.root + "/archive"
        for minute in 0..<3 {
            var handoff = SessionHandoff()
            handoff.output = .standardOutput
            handoff.notes = Self.notes(gotchas: ["the CI cache is cold on Mondays"])
            handoff.clock = HandoffClock(
                now: Date(timeIntervalSince1970: 1_773_500_000 + Double(minute * 60)),
                timeZone: TimeZone(identifier: "UTC")!)
            let result = try handoff.write(repository: repository).result
            _ = try HandoffArchive(folder: archive).save(markdown: result.text, json: "{}", document: result.document)
        }
        // A stray file the index does not name is not a session.
        try Data("# Session Handoff\n".utf8).write(to: URL(fileURLWithPath: archive + "/handoff-stray.md"))
        let index = try String(contentsOfFile: archive + "/index.jsonl", encoding: .utf8)
        #expect(index.split(separator: "\n").count == 3)
        let insights = SessionInsights(try HandoffCollection(folder: nil, archive: archive))
        #expect(insights.sessions == 3)
        #expect(insights.gotchas.first?.sessions == 3)
        #expect(throws: HandoffError.self) { try HandoffCollection(folder: nil, archive: repo.root + "/none") }
    }

    @Test func thePageHoldsTheJSONsFiguresAndIsNeverWrittenOverAFile() throws {
        let records = [
            SessionRecord(
                name: "handoff-2026-03-10.md", text: Self.markdown(day: "2026-03-10", commits: 2, failing: 1)),
            SessionRecord(
                name: "handoff-2026-03-11.md", text: Self.markdown(day: "2026-03-11", commits: 3, failing: 0)),
        ]
        let insights = SessionInsights(HandoffCollection(records: records))
        let page = InsightsPage(insights, title: "<Insights> & co")
        #expect(page.html.contains("<title>&lt;Insights&gt; &amp; co</title>"))
        #expect(page.html.contains("<span data-key=\"commits.total\">5</span>"))
        #expect(page.html.contains("data-key=\"timeline.1.commits\" data-value=\"3\""))
        #expect(!page.html.contains("<script"), "no script")
        #expect(!page.html.contains("http"), "nothing fetched")
        let folder = FileManager.default.temporaryDirectory.path + "/insights-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/taken.html"))
        #expect(throws: HandoffError.self) { try page.write(to: folder + "/taken.html") }
        #expect(try String(contentsOfFile: folder + "/taken.html", encoding: .utf8) == "mine")
        try page.write(to: folder + "/new.html")
        #expect(try String(contentsOfFile: folder + "/new.html", encoding: .utf8) == page.html)
    }

    @Test func sparklinesScaleToTheLargest() {
        #expect(Sparkline(unicode: true).line([0, 1, 2, 4, 8, nil]) == "▁▂▃▅█ ")
        #expect(Sparkline(unicode: false).line([0, 2, 4]) == "_-#")
        #expect(Sparkline(unicode: true).line([0, 0]) == "▁▁")
    }

    static func markdown(day: String, commits: Int, failing: Int) -> String {
        """
        # Session Handoff — \(day) 10:00

        ## Status
        - **Branch**: `main`
        - **Commits this session**: \(commits) since the session start at `abc1234` (\(day)T09:00:00Z)
        - **Uncommitted changes**: none
        - **Tests**: \(failing > 0 ? "❌ \(failing) failing, 3 passing" : "✅ 3 passing")

        <!-- handoff:state {"branch":"main","detached":false,"dirty":[],"head":null,"resume":"x","time":"\(day)T10:00:00Z"} -->

        """
    }
}

/// The fast paths of `SimilarItems` (words read from ASCII bytes, groups found through shared
/// words and remembered by word set) against the plain definitions they stand for.
@Suite struct SimilarItemsReferenceTests {
    /// A text of words from a small vocabulary (so texts share words), with upper case, digits,
    /// punctuation, CR LF, short words, fillers and, when `unicode`, letters outside ASCII.
    static func text(_ random: inout SeededRandom, unicode: Bool) -> String {
        let vocabulary = [
            "Cache", "socket", "WATCHMAN", "index", "parser", "v2", "fixture", "the", "and", "x", "clock", "timeout",
            "remote", "notes", "123", "hook", "lock",
        ]
        let foreign = [
            "café", "naïve", "Straße", "日本語", "e\u{301}t\u{e9}", "-\u{301}", "\u{301}", "ÀB", "—", "Σσ", "\u{600}",
        ]
        let separators = ["", " ", "  ", ", ", "-", "`", "\r\n", "!", " — "]
        var parts: [String] = []
        for _ in 0..<Int.random(in: 0..<7, using: &random) {
            let words = unicode && Int.random(in: 0..<4, using: &random) == 0 ? foreign : vocabulary
            parts.append(words.randomElement(using: &random)!)
            parts.append(separators.randomElement(using: &random)!)
        }
        return parts.joined()
    }

    @Test func wordsFromBytesAreTheCharacterReadingsWords() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2_000 {
            let text = Self.text(&random, unicode: false)
            #expect(SimilarItems.asciiWords(text) == SimilarItems.characterWords(text), "\(text.debugDescription)")
        }
        for _ in 0..<2_000 {
            let text = Self.text(&random, unicode: true)
            #expect(SimilarItems.words(text) == SimilarItems.characterWords(text), "\(text.debugDescription)")
        }
        #expect(SimilarItems.words("Straße café") == ["straße", "café"])
    }

    @Test func aListItemsPlainTextIsTheCharacterReadingsText() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<2_000 {
            let pieces = (0..<Int.random(in: 0..<8, using: &random)).map { _ in
                ["**", "*", " ", "  ", "café", "fix", "— blocked:", "`x`"].randomElement(using: &random)!
            }
            let text = Substring(pieces.joined())
            #expect(
                SessionRecord.plain(text)
                    == text.replacing("**", with: "").split(separator: " ").joined(separator: " "),
                "\(text.debugDescription)")
        }
    }

    /// Groups as the definition says: each text (first seen first) joins the first group whose
    /// leader it is similar to, else leads a new one; every pair compared.
    static func referenceGroups(_ items: [[String]]) -> [SimilarItems.Group] {
        var groups: [SimilarItems.Group] = []
        var lastHandoff: [Int] = []
        for (handoff, texts) in items.enumerated() {
            for text in texts {
                var index = groups.firstIndex { $0.variants.contains(text) }
                if index == nil {
                    index = groups.firstIndex { SimilarItems.similar($0.text, text) }
                    if let index {
                        groups[index].variants.append(text)
                    } else {
                        groups.append(SimilarItems.Group(text: text, handoffs: 0, variants: [text]))
                        lastHandoff.append(-1)
                    }
                }
                let found = index ?? groups.count - 1
                if lastHandoff[found] != handoff {
                    lastHandoff[found] = handoff
                    groups[found].handoffs += 1
                }
            }
        }
        return groups.enumerated().sorted { ($0.element.handoffs, -$0.offset) > ($1.element.handoffs, -$1.offset) }
            .map(\.element)
    }

    @Test func groupsAreTheDefinitionsGroups() {
        var random = SeededRandom(seed: 11)
        for round in 0..<60 {
            let items = (0..<Int.random(in: 0..<40, using: &random)).map { _ in
                (0..<Int.random(in: 0..<4, using: &random)).map { _ in Self.text(&random, unicode: round % 3 == 0) }
            }
            #expect(SimilarItems.groups(items) == Self.referenceGroups(items), "round \(round)")
        }
    }
}
