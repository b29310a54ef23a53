import Foundation
import GitState
import Testing

@testable import Handoff

/// The document built over a real repository through `GitStateHistory`, compared with git's answers.
@Suite struct GitStateHistoryTests {
    /// main: A - B - M(merge of topic: T1, T2) - C
    func mergedHistory() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.commit("a.txt", "a\n", message: "A")
        try repo.commit("b.txt", "b\n", message: "B")
        try repo.git("tag", "v1")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.commit("t.txt", "t1\n", message: "T1")
        try repo.commit("t.txt", "t1\nt2\n", message: "T2")
        try repo.git("checkout", "-q", "main")
        try repo.commit("m.txt", "m\n", message: "M0")
        try repo.git("merge", "-q", "--no-ff", "-m", "Merge topic", "topic")
        try repo.commit("c.txt", "c\n", message: "C")
        return repo
    }

    func rev(_ repo: GitFixture, _ name: String) throws -> String {
        try repo.git("rev-parse", name).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func sinceTakesAnyRevisionGitTakes() throws {
        let repo = try mergedHistory()
        let history = GitStateHistory(repository: try Repository(discoveringFrom: repo.path))
        for name in ["HEAD~3", "v1", "topic", "HEAD~1^2", "main@{1}"] {
            let base = try SessionBaseFinder(handoffFolder: nil, since: name, timeZone: .gmt).find(history: history)
            #expect(base == .revision(name: name, oid: try rev(repo, name)), "\(name)")
        }
    }

    @Test func sessionCommitsAreGitLogBaseDotDotHead() throws {
        let repo = try mergedHistory()
        let history = GitStateHistory(repository: try Repository(discoveringFrom: repo.path))
        for base in ["v1", "topic", "HEAD~1"] {
            let expected = try repo.git("rev-list", "\(base)..HEAD").split(separator: "\n").map(String.init)
            let range = try history.commits(after: try rev(repo, base))
            #expect(range.commits.map(\.oid.hex) == expected, "\(base)..HEAD")
            #expect(range.complete)
        }
    }

    @Test func filesOfTheSessionsCommitsAreTouched() throws {
        let repo = try mergedHistory()
        try repo.write("c.txt", "c\nmore\n")
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try repository.snapshot()
        let doc = try DocumentBuilder(
            snapshot: snapshot, notes: SessionNotes(), clock: Fixtures.clock,
            base: .revision(name: "v1", oid: try rev(repo, "v1")), history: GitStateHistory(repository: repository)
        ).build()
        #expect(doc.session.commits.map(\.summary) == ["C", "Merge topic", "M0", "T2", "T1"])
        #expect(doc.filesTouched.map(\.path) == ["c.txt", "m.txt", "t.txt"])
        let c = try #require(doc.filesTouched.first)
        #expect(c.states == [.committed, .unstaged])
        #expect(c.added == 2 && c.deleted == 0, "1 line committed + 1 line unstaged")
        #expect(doc.filesTouched.last?.added == 2)
    }

    @Test func fullIncludesTheRealRedactedPatch() throws {
        let repo = try mergedHistory()
        try repo.write("a.txt", "a\nAPI_KEY=sk_live_abcdef123456\n")
        let repository = try Repository(discoveringFrom: repo.path)
        let doc = try DocumentBuilder(
            snapshot: try repository.snapshot(), notes: SessionNotes(), clock: Fixtures.clock,
            history: GitStateHistory(repository: repository), includeDiff: true
        ).build()
        let patch = try #require(doc.diff?.patch)
        #expect(patch.hasPrefix("diff --git a/a.txt b/a.txt\n"))
        #expect(patch.contains("+API_KEY=[redacted:password]"))
        #expect(!patch.contains("sk_live"))
    }

    @Test func aSessionLongerThanTheLimitIsMarkedIncomplete() throws {
        let repo = try mergedHistory()
        let history = GitStateHistory(repository: try Repository(discoveringFrom: repo.path), limit: 3)
        let range = try history.commits(after: try rev(repo, "v1"))
        #expect(range.commits.map(\.summary) == ["C", "Merge topic", "M0"])
        #expect(!range.complete)
        let exact = try history.commits(after: try rev(repo, "topic"))
        #expect(exact.commits.count == 3 && exact.complete, "exactly the limit is complete")
    }

    @Test func sinceADateUsesCommitterTimes() throws {
        let repo = try mergedHistory()
        let history = GitStateHistory(repository: try Repository(discoveringFrom: repo.path))
        let time = try repo.git("log", "-1", "--format=%ct", "HEAD~1").trimmingCharacters(in: .whitespacesAndNewlines)
        let date = Date(timeIntervalSince1970: try #require(TimeInterval(time)))
        let expected = try repo.git("rev-list", "--since=\(time)", "HEAD").split(separator: "\n").map(String.init)
        #expect(try history.commits(since: date).commits.map(\.oid.hex) == expected)
        #expect(expected.count == 2)
    }
}
