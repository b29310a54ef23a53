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
        guard access(startPath, F_OK) == 0 else { return nil }
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
        let temporary = try writeTemporary(Self.encode(start))
        if rename(temporary, startPath) != 0 {
            let code = errno
            unlink(temporary)
            throw HandoffError("cannot write \(startPath): \(String(cString: strerror(code)))")
        }
        return previous ?? nil
    }

    /// Records `start` only when no session is recorded (exclusive, safe against concurrent callers).
    /// Returns true when this call recorded it.
    public func recordIfNone(_ start: SessionStart) throws(HandoffError) -> Bool {
        if access(startPath, F_OK) == 0 { return false }
        let temporary = try writeTemporary(Self.encode(start))
        defer { unlink(temporary) }
        if link(temporary, startPath) == 0 { return true }
        let code = errno
        if code == EEXIST { return false }
        throw HandoffError("cannot write \(startPath): \(String(cString: strerror(code)))")
    }

    /// Ends the session `start` began (after its handoff is saved): removes the marker when it is
    /// still that one (a `handoff start` run meanwhile is kept).
    public func end(_ start: SessionStart) {
        guard let current = try? readStart(), current == start else { return }
        let aside = directory + "/session.ended-\(getpid()).json"
        if rename(startPath, aside) == 0 { unlink(aside) }
    }

    static func encode(_ start: SessionStart) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(start)) ?? Data(), as: UTF8.self) + "\n"
    }

    // MARK: Journal

    /// Appends `entries` as one write, under the journal lock.
    public func append(_ entries: [JournalEntry]) throws(HandoffError) {
        guard !entries.isEmpty else { return }
        try withLock { () throws(HandoffError) in
            try appendLines(entries.map(\.line).joined(), to: journalPath)
        }
    }

    /// How many lines the journal holds now.
    public func journalLineCount() -> Int {
        guard let text = try? FileInput.readText(journalPath) else { return 0 }
        return text.split(separator: "\n").count
    }

    /// Reads the journal without claiming it (for a handoff printed to standard output).
    public func peekJournal() throws(HandoffError) -> ClaimedJournal? {
        guard access(journalPath, F_OK) == 0 else { return nil }
        return try ClaimedJournal(
            store: self, path: journalPath, shownPath: journalPath, text: FileInput.readText(journalPath), owned: false)
    }

    /// Takes the journal (and any left by an interrupted handoff) for folding into a handoff.
    /// Returns `nil` when there is none; touches nothing then.
    public func claimJournal() throws(HandoffError) -> ClaimedJournal? {
        let leftovers = abandonedClaims()
        guard access(journalPath, F_OK) == 0 || !leftovers.isEmpty else { return nil }
        let claimed = directory + "/journal.folding-\(getpid())-\(Self.uniqueSuffix()).jsonl"
        try withLock { () throws(HandoffError) in
            var text = ""
            for leftover in leftovers {
                // Another handoff may take it first: then it is theirs.
                if let old = try? FileInput.readText(leftover), unlink(leftover) == 0 { text += old }
            }
            if access(journalPath, F_OK) == 0 {
                text += try FileInput.readText(journalPath)
                try writeFile(text, at: claimed)
                unlink(journalPath)
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
            guard let number = Int32(pid), number != getpid(), kill(number, 0) != 0, errno == ESRCH else { return nil }
            return directory + "/" + name
        }
    }

    static func uniqueSuffix() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return "\(now.tv_sec)\(now.tv_nsec)"
    }

    // MARK: Files

    func withLock<T>(_ body: () throws(HandoffError) -> T) throws(HandoffError) -> T {
        try HandoffStore().createFolder(directory)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HandoffError("cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw HandoffError("cannot lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// One `write()` of all of `text` to the end of `path` (created when missing).
    func appendLines(_ text: String, to path: String) throws(HandoffError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw HandoffError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var failure = Descriptor.writeAll(Array(text.utf8), to: descriptor)
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw HandoffError("cannot write \(path): \(String(cString: strerror(failure)))") }
    }

    func writeFile(_ text: String, at path: String) throws(HandoffError) {
        let temporary = try writeTemporary(text)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw HandoffError("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }

    func writeTemporary(_ text: String) throws(HandoffError) -> String {
        let store = HandoffStore()
        try store.createFolder(directory)
        return try store.writeTemporary(text, in: directory)
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
        if owned { unlink(path) }
    }

    /// The handoff failed: the readable notes go back into the journal (after any appended meanwhile).
    public func restore() {
        guard owned else { return }
        do {
            try store.withLock { () throws(HandoffError) in
                try store.appendLines(entries.map(\.line).joined(), to: store.journalPath)
            }
            unlink(path)
        } catch {
            // Leave the claimed file: the next handoff picks it up once this process is gone.
        }
    }
}
