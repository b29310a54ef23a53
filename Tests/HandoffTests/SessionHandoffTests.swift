import Foundation
import GitState
import Testing

@testable import Handoff

/// The handoff written at the end of a session: journal, given notes, pending learnings and the
/// session start, and what saving (or only printing) does to each.
@Suite struct SessionHandoffTests {
    /// A repository with one commit, a started session and two notes in its journal.
    func startedSession() throws -> (GitFixture, Repository, SessionStore) {
        let fixture = try GitFixture()
        let head = try fixture.commit("a.txt", "a\n", message: "Start")
        let repository = try Repository(discoveringFrom: fixture.path)
        let store = SessionStore(gitDirectory: repository.gitDirectory)
        try store.record(SessionStart(head: head, branch: "main", startedAt: "2026-03-14T09:00:00+01:00"))
        let time = "2026-03-14T09:30:00+01:00"
        try store.append([
            JournalEntry(kind: .done, text: "Parser handles tabs", time: time),
            JournalEntry(kind: .wip, text: "Fitter @ a.txt:1", time: time),
        ])
        return (fixture, repository, store)
    }

    @Test func savingFoldsTheJournalInFirstAndEndsTheSession() throws {
        let (fixture, repository, store) = try startedSession()
        var handoff = SessionHandoff()
        handoff.notes.done = ["Flag item"]
        handoff.notes.next = "finish the fitter"
        let outcome = try handoff.write(repository: repository)
        let path = try #require(outcome.result.path)
        #expect(path.hasPrefix(fixture.path + "/.claude/handoffs/handoff-") && path.hasSuffix(".md"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == outcome.result.text)
        #expect(outcome.result.document.notes.done == ["Parser handles tabs", "Flag item"], "the journal's first")
        #expect(outcome.result.document.notes.inProgress == [WorkItem(text: "Fitter", location: "a.txt:1")])
        #expect(outcome.journalNotes == 2)
        #expect(store.journalLineCount() == 0, "the journal is emptied")
        #expect(try store.readStart() == nil, "the session is ended")
    }

    @Test func printingOnlyPreviewsAndKeepsJournalSessionAndLearnings() throws {
        let (fixture, repository, store) = try startedSession()
        let pending = PendingLearnings(gitDirectory: repository.gitDirectory)
        try pending.record(Learning(category: "Testing", rule: "fix the clock"), at: "2026-03-14T09:40:00+01:00")
        var handoff = SessionHandoff()
        handoff.output = .standardOutput
        let outcome = try handoff.write(repository: repository)
        #expect(outcome.result.path == nil)
        #expect(outcome.result.text.contains("- Parser handles tabs\n"))
        #expect(outcome.result.text.contains("- [Testing] fix the clock\n"), "pending learnings are shown")
        #expect(store.journalLineCount() == 2)
        #expect(try store.readStart() != nil)
        #expect(pending.peek() == [Learning(category: "Testing", rule: "fix the clock")])
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/.claude/handoffs"), "nothing saved")
    }

    @Test func pendingLearningsAreTakenBySavedFullHandoffsOnly() throws {
        let (fixture, repository, _) = try startedSession()
        defer { withExtendedLifetime(fixture) {} }
        let pending = PendingLearnings(gitDirectory: repository.gitDirectory)
        let learning = Learning(category: "Build", rule: "install libgit2-dev first")
        try pending.record(learning, at: "2026-03-14T09:40:00+01:00")
        var compact = SessionHandoff()
        compact.variant = .compact
        _ = try compact.write(repository: repository)
        #expect(pending.peek() == [learning], "a compact handoff leaves them for the next one")
        let outcome = try SessionHandoff().write(repository: repository)
        #expect(outcome.result.document.notes.learnings == [learning])
        #expect(pending.peek().isEmpty, "taken by the saved handoff")
    }

    @Test func aFailedWritePutsJournalAndLearningsBack() throws {
        let (fixture, repository, store) = try startedSession()
        let pending = PendingLearnings(gitDirectory: repository.gitDirectory)
        try pending.record(Learning(category: "A", rule: "b"), at: "2026-03-14T09:40:00+01:00")
        try fixture.write("taken.md", "already here\n")
        var handoff = SessionHandoff()
        handoff.output = .file(fixture.path + "/taken.md")
        #expect(throws: HandoffError.self) { try handoff.write(repository: repository) }
        #expect(store.journalLineCount() == 2)
        #expect(try store.readStart() != nil)
        #expect(pending.peek().count == 1)
        #expect(try String(contentsOfFile: fixture.path + "/taken.md", encoding: .utf8) == "already here\n")
    }

    @Test func theWorkTreesTemplateIsUsedUnlessAnotherIsGivenOrTheFormatIsJSON() throws {
        let (fixture, repository, _) = try startedSession()
        try fixture.write(SessionHandoff.templateRelativePath, "On $BRANCH (work tree's template)\n")
        try fixture.write("given.md", "On $BRANCH (given template)\n")
        var handoff = SessionHandoff()
        handoff.output = .standardOutput
        #expect(try handoff.write(repository: repository).result.text.hasPrefix("On main (work tree's template)\n"))
        handoff.template = (fixture.path + "/given.md", "given.md")
        #expect(try handoff.write(repository: repository).result.text.hasPrefix("On main (given template)\n"))
        handoff.template = nil
        handoff.format = .json
        #expect(try handoff.write(repository: repository).result.text.hasPrefix("{"))
    }

    @Test func aDirFolderTakesTheHandoffAndAFileOutputKeepsItAsTheHandoffFolder() throws {
        let (fixture, repository, _) = try startedSession()
        var handoff = SessionHandoff()
        handoff.folder = fixture.path + "/docs/handoffs"
        let saved = try #require(try handoff.write(repository: repository).result.path)
        #expect(saved.hasPrefix(fixture.path + "/docs/handoffs/handoff-"))
        handoff.output = .file(fixture.path + "/exact.md")
        let outcome = try handoff.write(repository: repository)
        #expect(outcome.result.path == fixture.path + "/exact.md")
        #expect(outcome.request.handoffFolder == fixture.path + "/docs/handoffs")
    }

    @Test func aBareRepositoryIsAnError() throws {
        let fixture = try GitFixture()
        try fixture.commit("a.txt", "a\n", message: "Start")
        try fixture.git("clone", "-q", "--bare", fixture.path, fixture.root + "/bare.git", in: fixture.root)
        let repository = try Repository(discoveringFrom: fixture.root + "/bare.git")
        #expect(throws: HandoffError("\(repository.gitDirectory) is a bare repository: a handoff needs a work tree")) {
            try SessionHandoff().write(repository: repository)
        }
    }
}

/// The notes given for one handoff: a notes file, then the flags' one-line items.
@Suite struct GivenNotesTests {
    @Test func itemsAreParsedInTheirFlagsForms() throws {
        var given = GivenNotes()
        given.inProgress = ["Fitter @ Sources/Fit.swift:40"]
        given.blocked = ["Release: waiting for review"]
        given.decisions = ["Keep libgit2: no spawning; trade-off: more code"]
        given.learnings = ["[Testing] fix the clock"]
        given.files = ["README.md: usage"]
        given.tests = "3 passed, 1 failed"
        let notes = try given.read()
        #expect(notes.inProgress == [WorkItem(text: "Fitter", location: "Sources/Fit.swift:40")])
        #expect(notes.blocked == [BlockedItem(item: "Release", reason: "waiting for review")])
        #expect(notes.decisions == [Decision(title: "Keep libgit2", why: "no spawning", tradeOff: "more code")])
        #expect(notes.learnings == [Learning(category: "Testing", rule: "fix the clock")])
        #expect(notes.files == [FileNote(path: "README.md", description: "usage")])
        #expect(notes.tests == TestResults(passed: 3, failed: 1))
        given.blocked = ["no reason"]
        #expect(throws: HandoffError.self) { try given.read() }
    }

    @Test func theFlagsAddToTheFilesListsAndWinForContextNextAndTests() throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/notes.json"
        try
            #"{"done": ["from the file"], "next": "file's next", "context": "file's context", "tests": "2 passed, 0 failed"}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        var given = GivenNotes()
        given.notesFile = file
        given.done = ["from a flag"]
        given.next = "flag's next"
        var notes = try given.read()
        #expect(notes.done == ["from the file", "from a flag"])
        #expect(notes.next == "flag's next")
        #expect(notes.context == "file's context")
        #expect(notes.tests == TestResults(passed: 2, failed: 0))
        given.tests = "not run"
        notes = try given.read()
        #expect(notes.tests == nil, "\"not run\" clears the file's results")
    }
}
