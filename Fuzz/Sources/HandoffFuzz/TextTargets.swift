import FoundationEssentials

@testable import GitState
@testable import Handoff

/// Handoff's readers of text from anywhere: notes, reports, templates, its own files read back.
/// Inputs that are not UTF-8 are read as the tool reads files: refused, or repaired where it decodes.
enum TextTargets {
    static func text(_ input: UnsafeRawBufferPointer) -> String? { String(validating: Array(input), as: UTF8.self) }

    /// A value that parses writes out as text that parses back to it, and writes the same again.
    static func json(_ input: UnsafeRawBufferPointer) {
        guard let value = try? JSONValue.parse(Array(input)) else { return }
        let written = value.formatted
        guard let again = try? JSONValue.parse(written) else {
            FuzzCheck.fail("formatted JSON does not parse: \(written)")
        }
        FuzzCheck.expect(again == value, "formatted JSON reads back different")
        FuzzCheck.expect(again.formatted == written, "formatting is not stable")
    }

    /// `handoff init`'s merge of its hooks into `.claude/settings.json`: adding is idempotent,
    /// removing takes them out again, and a file without hooks comes back as it was.
    static func settings(_ input: UnsafeRawBufferPointer) {
        guard let settings = try? JSONValue.parse(Array(input)), let added = try? AgentFiles.addingHooks(to: settings)
        else { return }
        FuzzCheck.expect(
            (try? AgentFiles.addingHooks(to: added)) == .some(nil), "adding the hooks twice changes the file")
        FuzzCheck.expect((try? JSONValue.parse(added.formatted)) == added, "merged settings do not read back")
        guard let removed = AgentFiles.removingHooks(from: added) else {
            FuzzCheck.fail("the hooks added are not found")
        }
        for (event, command) in AgentFiles.hooks {
            let entries = removed["hooks"]?[event]?.arrayValue ?? []
            FuzzCheck.expect(
                !entries.contains { AgentFiles.contains($0, command: command) }, "hook \(event) left after removing")
        }
        if settings["hooks"] == nil {
            FuzzCheck.expect(removed == settings, "removing the hooks added changes the rest")
        }
    }

    static func notesJSON(_ input: UnsafeRawBufferPointer) {
        let first = try? JSONNotesReader.read(Data(input), name: "notes.json")
        FuzzCheck.expect(
            first == (try? JSONNotesReader.read(Data(input), name: "notes.json")), "notes read differently twice")
    }

    /// Markdown notes read the same through `NotesFileReader` (by extension) as directly.
    static func notesMarkdown(_ input: UnsafeRawBufferPointer) {
        guard let text = text(input) else { return }
        let direct = try? MarkdownNotesReader.read(text, name: "notes.md")
        let byFile = try? NotesFileReader.parse(text, name: "notes.md", path: "notes.md")
        FuzzCheck.expect(direct == byFile, "notes read differently by NotesFileReader")
    }

    /// Counts are never negative.
    static func junit(_ input: UnsafeRawBufferPointer) {
        guard let results = try? JUnitReport.parse(Data(input), name: "report.xml") else { return }
        FuzzCheck.expect(
            results.passed >= 0 && results.failed >= 0 && results.skipped >= 0, "negative counts: \(results)")
    }

    static let oracle = TemplateOracle()

    /// Handoff's renderer renders a template as swift-mustache does, or rejects it at the same
    /// line for the same reason (what `TemplateOracleTests` checks, on the fuzzer's templates).
    static func template(_ input: UnsafeRawBufferPointer) {
        guard let text = text(input) else { return }
        _ = try? TemplateRenderer(text: text, name: "template.md")
        guard let converted = oracle.converted(text) else { return }
        let (ours, theirs) = oracle.outcomes(converted)
        if ours == .sectionValueOutsideSection { return }
        // Deeper than handoff's limit, swift-mustache still renders (and overflows its stack further on).
        if case .rejected(_, "nestedTooDeeply", _) = ours { return }
        FuzzCheck.expect(ours == theirs, "\(String(reflecting: text)):\n  ours: \(ours)\n  swift-mustache: \(theirs)")
    }

    /// A state read from a saved handoff is written back as a state line that reads the same.
    static func recordedState(_ input: UnsafeRawBufferPointer) {
        guard let text = text(input), let state = RecordedState.read(from: text) else { return }
        let line = state.stateLine
        FuzzCheck.expect(!line.contains("\n"), "a state line of more than one line")
        FuzzCheck.expect(RecordedState.read(from: line) == state, "state line \(line) reads back different")
    }

    /// Each line of a journal is an entry or a problem; the entries written back read the same.
    static func journal(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: Array(input), as: UTF8.self)
        let store = SessionStore(gitDirectory: ScratchFolder.path)
        guard
            let claimed = try? ClaimedJournal(
                store: store, path: "/nonexistent", shownPath: "journal.jsonl", text: text, owned: false)
        else { FuzzCheck.fail("an unowned journal could not be read") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !String($0).trimmed.isEmpty }
        FuzzCheck.expect(claimed.entries.count + claimed.problems.count == lines.count, "lines lost")
        let rewritten = claimed.entries.map(\.line).joined()
        guard
            let again = try? ClaimedJournal(
                store: store, path: "/nonexistent", shownPath: "journal.jsonl", text: rewritten, owned: false)
        else { FuzzCheck.fail("rewritten journal unreadable") }
        FuzzCheck.expect(
            again.entries == claimed.entries && again.problems.isEmpty, "a rewritten journal reads different")
    }

    /// Entries are object ids and times; reading from an offset or a time never traps; the last
    /// entry before an offset, read backwards, is the whole parse's.
    static func reflog(_ input: UnsafeRawBufferPointer) {
        let reflog = HeadReflog(bytes: Array(input))
        let entries = reflog.entries
        let lines = reflog.bytes.split(separator: UInt8(ascii: "\n")).count
        FuzzCheck.expect(entries.count <= lines, "more entries than lines")
        for entry in entries {
            FuzzCheck.expect(
                HeadReflog.isObjectID(Array(entry.old.utf8)[...]) && HeadReflog.isObjectID(Array(entry.new.utf8)[...]),
                "an entry without ids")
            _ = (entry.madeCommit, entry.branchesNamed, entry.action)
        }
        for offset in [0, input.count / 2, input.count] {
            FuzzCheck.expect(
                reflog.lastEntry(before: offset) == reflog.entries(in: 0..<offset).last,
                "the last entry before an offset differs from the whole parse's")
            let start = SessionStart(
                head: entries.first?.new, branch: nil, startedAt: "2026-01-01T00:00:00Z", reflogOffset: offset)
            _ = Reflog.entries(since: start, in: reflog)
        }
    }
}
