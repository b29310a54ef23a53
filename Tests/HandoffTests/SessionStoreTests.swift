import Foundation
import Testing

@testable import Handoff

/// The session start and the journal in `<git dir>/handoff/`.
@Suite struct SessionStoreTests {
    func entry(_ text: String, _ kind: JournalEntry.Kind = .done) -> JournalEntry {
        JournalEntry(kind: kind, text: text, time: "2026-03-14T09:00:00+01:00")
    }

    @Test func aJournalLineIsOneLineOfJSONThatReadsBack() throws {
        let note = entry("two\nlines and a \"quote\" / slash", .gotcha)
        #expect(note.line.filter { $0 == "\n" }.count == 1 && note.line.hasSuffix("}\n"))
        #expect(try JournalEntry.parse(Substring(note.line.dropLast())) == note)
        #expect(throws: HandoffError.self) { try JournalEntry.parse(#"{"kind": "shout", "text": "x", "time": "t"}"#) }
        #expect(throws: HandoffError.self) {
            try JournalEntry.parse(#"{"kind": "blocked", "text": "no reason", "time": "t"}"#)
        }
    }

    @Test func notesFoldAsTheirFlagsWould() {
        let notes = JournalEntry.notes([
            entry("Parser"), entry("Fit @ Sources/Fit.swift:40", .wip), entry("Release: review", .blocked),
            entry("first", .next), entry("second", .next), entry("3 passed, 1 failed", .tests),
        ])
        #expect(notes.done == ["Parser"])
        #expect(notes.inProgress == [WorkItem(text: "Fit", location: "Sources/Fit.swift:40")])
        #expect(notes.blocked == [BlockedItem(item: "Release", reason: "review")])
        #expect(notes.next == "second", "the last --next wins")
        #expect(notes.tests == TestResults(passed: 3, failed: 1))
    }

    @Test func claimingNothingWritesNothing() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        #expect(try store.claimJournal() == nil)
        #expect(try store.readStart() == nil)
        #expect(folder.list().isEmpty, "no handoff folder is created in the git directory")
    }

    @Test func startIsRecordedReplacedAndEndedOnlyWhenUnchanged() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        let first = SessionStart(
            head: Fixtures.base, branch: "main", startedAt: "2026-03-14T09:00:00+01:00", reflogOffset: 10)
        let second = SessionStart(
            head: Fixtures.head, branch: nil, startedAt: "2026-03-14T10:00:00+01:00", startedBy: "note")
        #expect(try store.recordIfNone(first))
        #expect(try !store.recordIfNone(second), "an existing start is kept")
        #expect(try store.readStart() == first)
        #expect(try store.record(second) == first, "start again replaces and says what it replaced")
        store.end(first)
        #expect(try store.readStart() == second, "ending another session leaves this one")
        store.end(second)
        #expect(try store.readStart() == nil)
        #expect(folder.list("handoff").allSatisfy { !$0.hasPrefix("session") })
    }

    @Test func aCorruptStartIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("handoff/session.json", "{nope")
        let error = #expect(throws: HandoffError.self) { try SessionStore(gitDirectory: folder.path).readStart() }
        #expect(error?.description.hasPrefix("\(folder.path)/handoff/session.json: not a session start") == true)
    }

    @Test func twentyThreadsTimesFiveNotesLoseNothing() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        try concurrently(20) { writer in
            for note in 0..<5 { try store.append([entry("writer \(writer) note \(note)")]) }
        }
        let claimed = try #require(try store.claimJournal())
        #expect(claimed.problems.isEmpty)
        #expect(Set(claimed.entries.map(\.text)).count == 100)
        claimed.finish()
        #expect(folder.list("handoff") == ["journal.lock"], "the claimed journal is gone once finished")
    }

    @Test func notesAppendedWhileAHandoffFoldsGoToTheFreshJournal() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        let claims = Claims()
        try concurrently(21) { worker in
            if worker == 20 {
                for _ in 0..<5 {
                    if let claimed = try store.claimJournal() {
                        claims.add(claimed.entries.map(\.text))
                        claimed.finish()
                    }
                }
            } else {
                for note in 0..<5 { try store.append([entry("w\(worker) n\(note)")]) }
            }
        }
        let rest = try store.claimJournal()?.entries.map(\.text) ?? []
        let all = claims.all + rest
        #expect(all.count == 100)
        #expect(Set(all).count == 100, "each note exactly once")
    }

    @Test func aCorruptLineIsReportedAndTheJournalSetAside() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        try store.append([entry("kept")])
        try folder.write("handoff/journal.jsonl", try #require(folder.read("handoff/journal.jsonl")) + "not json\n")
        try store.append([entry("also kept")])
        let claimed = try #require(try store.claimJournal())
        #expect(claimed.entries.map(\.text) == ["kept", "also kept"])
        #expect(claimed.problems.count == 1)
        #expect(
            claimed.problems.first?.hasPrefix("\(folder.path)/handoff/journal.jsonl:2: not a journal entry") == true)
        let copy = try #require(claimed.corruptCopy)
        #expect(copy.hasPrefix(folder.path + "/handoff/journal.corrupt-") && copy.hasSuffix(".jsonl"))
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("not json\n"), "nothing is discarded")
    }

    @Test func aFailedHandoffPutsTheNotesBack() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        try store.append([entry("first")])
        let claimed = try #require(try store.claimJournal())
        try store.append([entry("meanwhile")])
        claimed.restore()
        let again = try #require(try store.claimJournal())
        #expect(again.entries.map(\.text) == ["meanwhile", "first"])
        #expect(folder.list("handoff").filter { $0.hasPrefix("journal.folding-") }.count == 1, "only the new claim")
    }

    @Test func peekingLeavesTheJournal() throws {
        let folder = try TemporaryFolder()
        let store = SessionStore(gitDirectory: folder.path)
        try store.append([entry("a"), entry("b")])
        #expect(try store.peekJournal()?.entries.count == 2)
        #expect(store.journalLineCount() == 2)
    }

    /// Runs `body` on `count` threads released together; rethrows the first failure.
    func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let gate = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let failures = Claims()
        for index in 0..<count {
            group.enter()
            Thread {
                gate.wait()
                do { try body(index) } catch { failures.add(["\(error)"]) }
                group.leave()
            }.start()
        }
        for _ in 0..<count { gate.signal() }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
    }
}

final class Claims: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ more: [String]) {
        lock.lock()
        values += more
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
