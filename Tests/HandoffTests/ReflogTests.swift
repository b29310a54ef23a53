import Foundation
import GitState
import TestSupport
import Testing

@testable import Handoff

@Suite struct ReflogTests {
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)
    static let c = String(repeating: "c", count: 40)
    static let zero = String(repeating: "0", count: 40)

    static func line(_ old: String, _ new: String, _ time: Int, _ message: String) -> String {
        "\(old) \(new) Ada Q. Lovelace <ada@example.com> \(time) +0100\t\(message)\n"
    }

    @Test func parsesEntriesWithSpacesInTheName() {
        let text =
            Self.line(Self.zero, Self.a, 100, "commit (initial): First") + "garbage line\n"
            + Self.line(Self.a, Self.b, 200, "checkout: moving from main to feature/x")
        let entries = HeadReflog.parse(ArraySlice(text.utf8))
        #expect(
            entries == [
                ReflogEntry(old: Self.zero, new: Self.a, time: 100, message: "commit (initial): First"),
                ReflogEntry(old: Self.a, new: Self.b, time: 200, message: "checkout: moving from main to feature/x"),
            ])
        #expect(entries[1].branchesNamed == ["main", "feature/x"])
        #expect(entries[0].action == "commit (initial)")
    }

    @Test(arguments: [
        ("commit: Add b", true), ("commit (amend): Add b", true), ("commit (merge): Merge x", true),
        ("merge topic: Merge made by the 'ort' strategy.", true), ("merge topic: Fast-forward", false),
        ("pull: Fast-forward", false), ("cherry-pick: Fix", true), ("revert: Revert \"x\"", true),
        ("rebase (pick): Fix", true), ("rebase -i (pick): Fix", true), ("rebase (start): checkout main", false),
        ("rebase (finish): returning to refs/heads/topic", false), ("checkout: moving from a to b", false),
        ("reset: moving to HEAD~1", false), ("am: Patch", true), ("branch: Created from HEAD", false),
    ])
    func whichEntriesMadeACommit(message: String, made: Bool) {
        #expect(ReflogEntry(old: Self.a, new: Self.b, time: 1, message: message).madeCommit == made)
    }

    /// The backward read of the last entry before an offset against the whole parse, on seeded
    /// random reflogs mixing entries, blank lines, junk and CRLF ends, at every offset.
    @Test func lastEntryBeforeAnOffsetIsTheLastOfTheWholeParse() {
        var random = SeededRandom(seed: 0x5eed_4ef1)
        let ids = [Self.zero, Self.a, Self.b, Self.c]
        for round in 0..<60 {
            var text = ""
            for _ in 0..<Int(random.next() % 12) {
                switch random.next() % 6 {
                case 0: text += "\n"
                case 1: text += "not a reflog line\n"
                case 2: text += Self.line(ids[Int(random.next() % 4)], Self.b, 7, "commit: crlf").dropLast() + "\r\n"
                default:
                    text += Self.line(
                        ids[Int(random.next() % 4)], ids[Int(random.next() % 4)], Int(random.next() % 1000),
                        "commit: \(random.next() % 100)")
                }
            }
            if random.next() % 3 == 0 { text += "\(Self.a) \(Self.b) cut short" }
            let reflog = HeadReflog(bytes: Array(text.utf8))
            let differing = (0...reflog.bytes.count).filter {
                reflog.lastEntry(before: $0) != reflog.entries(in: 0..<$0).last
            }
            #expect(differing.isEmpty, "round \(round), offsets \(differing.prefix(5)): \(text.debugDescription)")
        }
    }

    @Test func entriesSinceTheStartUseTheOffsetWhenTheReflogStillFits() {
        let before = Self.line(Self.zero, Self.a, 100, "commit (initial): First")
        let after = Self.line(Self.a, Self.b, 100, "commit: Second") + Self.line(Self.b, Self.c, 300, "commit: Third")
        let data = HeadReflog(bytes: Array((before + after).utf8))
        let start = SessionStart(
            head: Self.a, branch: "main", startedAt: "1970-01-01T00:01:40Z", reflogOffset: before.utf8.count)
        #expect(
            Reflog.entries(since: start, in: data).map(\.new) == [Self.b, Self.c],
            "same-second entries after the offset count")
        // The reflog was rewritten (the entry before the offset no longer moved HEAD to the start): times decide.
        var moved = start
        moved.reflogOffset = 0
        moved.startedAt = "1970-01-01T00:03:20Z"
        #expect(Reflog.entries(since: moved, in: data).map(\.new) == [Self.c])
        var misaligned = start
        misaligned.reflogOffset = 5
        misaligned.startedAt = "1970-01-01T00:01:40Z"
        #expect(Reflog.entries(since: misaligned, in: data).count == 3, "a misaligned offset falls back to times")
    }

    @Test func sessionCommitsAddOtherBranchesOnceAndSkipRewrittenOnes() throws {
        // main: base ← m1 (HEAD); topic: base ← t1 ← t2; t0 was amended into t1.
        let base = Fixtures.oid(1), m1 = Fixtures.oid(2), t0 = Fixtures.oid(3), t1 = Fixtures.oid(4),
            t2 = Fixtures.oid(5)
        var history = FixtureHistory(log: [Fixtures.commit(m1, "M1"), Fixtures.commit(base, "Base")])
        history.branches = [t2: [Fixtures.commit(t2, "T2"), Fixtures.commit(t1, "T1"), Fixtures.commit(base, "Base")]]
        struct Named: SessionHistorySource {
            var inner: FixtureHistory
            var tips: [String: String]
            func resolve(revision: String) throws -> String? { try tips[revision] ?? inner.resolve(revision: revision) }
            func commits(after base: String) throws -> CommitRange { try inner.commits(after: base) }
            func commits(since date: Date) throws -> CommitRange { try inner.commits(since: date) }
            func commits(reachableFrom tip: String, excluding: [String]) throws -> CommitRange {
                try inner.commits(reachableFrom: tip, excluding: excluding)
            }
            func committedChanges(since base: String) throws -> [LineCounts]? { nil }
            func uncommittedPatch() throws -> String? { nil }
        }
        let reflog = [
            ReflogEntry(old: base, new: base, time: 1, message: "checkout: moving from main to topic"),
            ReflogEntry(old: base, new: t0, time: 2, message: "commit: T1 draft"),
            ReflogEntry(old: t0, new: t1, time: 3, message: "commit (amend): T1"),
            ReflogEntry(old: t1, new: t2, time: 4, message: "commit: T2"),
            ReflogEntry(old: t2, new: t2, time: 5, message: "commit: T2 again"),
            ReflogEntry(old: t2, new: base, time: 6, message: "checkout: moving from topic to main"),
            ReflogEntry(old: base, new: m1, time: 7, message: "commit: M1"),
        ]
        let start = SessionStart(head: base, branch: "main", startedAt: "2026-03-14T09:00:00Z")
        let finder = SessionCommitFinder(
            history: Named(inner: history, tips: ["refs/heads/topic": t2, "refs/heads/main": m1]), start: start,
            reflog: reflog, head: m1, branch: "main")
        #expect(try finder.find().commits.map(\.summary) == ["M1", "T2", "T1"])
    }
}
