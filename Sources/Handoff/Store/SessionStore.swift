import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// The session's own data in one worktree's git directory (`<git dir>/handoff/`), never in the
/// work tree, so it never shows as an uncommitted change; each linked worktree has its own.
///
/// - `session.json`: the `SessionStart`.
/// - `journal.jsonl`: the notes, one `JournalEntry` per line. Each `note` call appends all its
///   lines with one `write()` on an `O_APPEND` descriptor while holding `flock()` on `journal.lock`.
/// - A handoff claims the journal by renaming it (under the same lock) to
///   `journal.folding-<pid>-<n>.jsonl`, so notes appended meanwhile start a fresh journal; the
///   claimed file is removed once the handoff is saved, or its notes are appended back on failure.
/// - A journal with unreadable lines is kept as `journal.corrupt-<time>.jsonl`.
public struct SessionStore: Sendable {
    public let directory: String

    public init(gitDirectory: String) {
        directory = gitDirectory + "/handoff"
    }

    public var startPath: String { directory + "/session.json" }
    public var journalPath: String { directory + "/journal.jsonl" }
    var lockPath: String { directory + "/journal.lock" }

    // MARK: Session start

    /// The recorded start, `nil` when none. A file that is not a session start is an error naming it.
    public func readStart() throws(HandoffError) -> SessionStart? {
        guard FileSystem.exists(startPath, followingLinks: true) else { return nil }
        let data = try FileInput.read(startPath)
        guard let start = try? JSONDecoder().decode(SessionStart.self, from: data) else {
            throw HandoffError("\(startPath): not a session start; run `handoff start` to record a new one")
        }
        return start
    }

    /// Records `start`, replacing any earlier one atomically; returns the one replaced.
    @discardableResult
    public func record(_ start: SessionStart) throws(HandoffError) -> SessionStart? {
        let previous = try? readStart()
        try writeFile(Self.encode(start), at: startPath)
        return previous ?? nil
    }

    /// Records `start` only when no session is recorded (exclusive, safe against concurrent callers).
    /// Returns true when this call recorded it.
    public func recordIfNone(_ start: SessionStart) throws(HandoffError) -> Bool {
        if FileSystem.exists(startPath, followingLinks: true) { return false }
        try FileSystem.makeFolders(directory, within: FileSystem.folder(of: directory))
        return try FileSystem.createExclusively(Array(Self.encode(start).utf8), at: startPath)
    }

    /// Ends the session `start` began (after its handoff is saved): removes the marker when it is
    /// still that one (a `handoff start` run meanwhile is kept).
    public func end(_ start: SessionStart) {
        guard let current = try? readStart(), current == start else { return }
        let aside = directory + "/session.ended-\(getpid()).json"
        if (try? FileSystem.rename(startPath, to: aside)) != nil { try? FileSystem.remove(aside) }
    }

    static func encode(_ start: SessionStart) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(start)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// True while a session has something no saved handoff took: a recorded start or a note
    /// (saving a handoff ends the session and empties the journal).
    public var hasUnsavedSession: Bool {
        FileSystem.exists(startPath, followingLinks: true) || journalLineCount() > 0 || !abandonedClaims().isEmpty
    }

    // MARK: Journal

    /// Appends `entries` as one write, under the journal lock.
    public func append(_ entries: [JournalEntry]) throws(HandoffError) {
        guard !entries.isEmpty else { return }
        try FileSystem.makeFolders(directory, within: FileSystem.folder(of: directory))
        try journal.append(entries.map(\.line).joined())
    }

    /// How many lines the journal holds now.
    public func journalLineCount() -> Int {
        guard let text = try? FileInput.readText(journalPath) else { return 0 }
        return text.split(separator: "\n").count
    }

    /// Reads the journal without claiming it (for a handoff printed to standard output).
    public func peekJournal() throws(HandoffError) -> ClaimedJournal? {
        guard FileSystem.exists(journalPath, followingLinks: true) else { return nil }
        return try ClaimedJournal(
            store: self, path: journalPath, shownPath: journalPath, text: FileInput.readText(journalPath), owned: false)
    }

    /// Takes the journal (and any left by an interrupted handoff) for folding into a handoff.
    /// Returns `nil` when there is none; touches nothing then.
    public func claimJournal() throws(HandoffError) -> ClaimedJournal? {
        let leftovers = abandonedClaims()
        guard FileSystem.exists(journalPath, followingLinks: true) || !leftovers.isEmpty else { return nil }
        let claimed = directory + "/journal.folding-\(getpid())-\(Self.uniqueSuffix()).jsonl"
        try FileSystem.makeFolders(directory, within: FileSystem.folder(of: directory))
        try FileLock(path: lockPath).holding { () throws(HandoffError) in
            var text = ""
            for leftover in leftovers {
                // Another handoff may take it first: then it is theirs.
                if let old = try? FileInput.readText(leftover), (try? FileSystem.remove(leftover)) != nil {
                    text += old
                }
            }
            if FileSystem.exists(journalPath, followingLinks: true) {
                text += try FileInput.readText(journalPath)
                try writeFile(text, at: claimed)
                try? FileSystem.remove(journalPath)
            } else {
                try writeFile(text, at: claimed)
            }
        }
        return try ClaimedJournal(
            store: self, path: claimed, shownPath: journalPath, text: FileInput.readText(claimed), owned: true)
    }

    /// Claimed journals whose process is gone (a handoff that crashed before finishing).
    func abandonedClaims() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().compactMap { name in
            guard name.hasPrefix("journal.folding-"), name.hasSuffix(".jsonl") else { return nil }
            let pid = name.dropFirst("journal.folding-".count).prefix { $0 != "-" }
            guard let number = Int32(pid), number != getpid(), kill(number, 0) != 0, Errno.current == .noSuchProcess
            else { return nil }
            return directory + "/" + name
        }
    }

    static func uniqueSuffix() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return "\(now.tv_sec)\(now.tv_nsec)"
    }

    // MARK: Files

    /// The journal, appended to under `journal.lock` (a claim renames the journal under it).
    var journal: AppendOnlyFile { AppendOnlyFile(path: journalPath, lockPath: lockPath) }

    /// Puts `text` at `path` atomically (replacing it), creating the store's folder.
    func writeFile(_ text: String, at path: String) throws(HandoffError) {
        try FileSystem.makeFolders(directory, within: FileSystem.folder(of: directory))
        try FileSystem.replace(Array(text.utf8), at: path)
    }
}

/// A journal taken for one handoff: its notes, the lines that could not be read, and what to do
/// once the handoff is saved (`finish`) or has failed (`restore`).
public struct ClaimedJournal: Sendable {
    public let entries: [JournalEntry]
    /// `path:line: problem` for each unreadable line.
    public let problems: [String]
    /// Where the unreadable journal was set aside, when it had problems.
    public let corruptCopy: String?
    let store: SessionStore
    let path: String
    let owned: Bool

    init(store: SessionStore, path: String, shownPath: String, text: String, owned: Bool) throws(HandoffError) {
        self.store = store
        self.path = path
        self.owned = owned
        var entries: [JournalEntry] = []
        var problems: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if String(line).trimmed.isEmpty { continue }
            do {
                entries.append(try JournalEntry.parse(line))
            } catch {
                problems.append("\(shownPath):\(index + 1): \(error.description)")
            }
        }
        self.entries = entries
        self.problems = problems
        if problems.isEmpty || !owned {
            corruptCopy = nil
        } else {
            // The whole journal as it was, so nothing is lost; the readable notes are still used.
            let copy = store.directory + "/journal.corrupt-\(SessionStore.uniqueSuffix()).jsonl"
            try store.writeFile(text, at: copy)
            corruptCopy = copy
        }
    }

    public var notes: SessionNotes { JournalEntry.notes(entries) }

    /// The handoff is saved: the claimed journal goes away.
    public func finish() {
        if owned { try? FileSystem.remove(path) }
    }

    /// The handoff failed: the readable notes go back into the journal (after any appended meanwhile).
    public func restore() {
        guard owned else { return }
        do {
            try store.journal.append(entries.map(\.line).joined())
            try? FileSystem.remove(path)
        } catch {
            // Leave the claimed file: the next handoff picks it up once this process is gone.
        }
    }
}
