import FoundationEssentials
import GitState

/// The history questions a handoff asks beyond GitState's `RepositorySnapshot`.
///
/// GitState does not answer these yet; `SnapshotHistory` answers them from the snapshot's
/// recent log (see its limits), and a GitState-backed source can replace it without any
/// change to the document code.
public protocol SessionHistorySource {
    /// The full object id a revision names (`abc1234`, `HEAD~3`, `v1.2`, `main`), `nil` when it names none.
    func resolve(revision: String) throws -> String?
    /// The commits reachable from HEAD and not from `base` (`git log base..HEAD`), newest first.
    func commits(after base: String) throws -> CommitRange
    /// The commits reachable from HEAD committed after `date` (`git log --since`), newest first.
    func commits(since date: Date) throws -> CommitRange
    /// `git diff --numstat base HEAD`; `nil` when this source cannot tell.
    func committedChanges(since base: String) throws -> [LineCounts]?
    /// `git diff HEAD` (staged and unstaged changes as one patch); `nil` when this source cannot tell.
    func uncommittedPatch() throws -> String?
}

/// Commits found for a session, and whether the list is known to be complete.
public struct CommitRange: Sendable, Equatable {
    public var commits: [LogEntry]
    /// False when the base was not found within the history the source looked at.
    public var complete: Bool

    public init(commits: [LogEntry], complete: Bool) {
        self.commits = commits
        self.complete = complete
    }
}

/// Answers history questions from a snapshot's recent log alone (the fallback until GitState
/// exposes revision parsing, ranges and diffs).
///
/// Limits: only the `snapshot.log` window is searched (take a snapshot with a large
/// `logLimit`); `commits(after:)` stops at the first log entry equal to the base, which is
/// exact on linear history and may include commits of a merged side branch older than the
/// base; revisions resolve only as `HEAD`, `@`, `HEAD~N` / `HEAD^` (first parents assumed
/// linear) and (abbreviated) object ids present in the window; dates compare with author
/// dates; committed per-file counts and patches are unavailable.
public struct SnapshotHistory: SessionHistorySource {
    public let snapshot: RepositorySnapshot

    public init(snapshot: RepositorySnapshot) {
        self.snapshot = snapshot
    }

    public func resolve(revision: String) throws -> String? {
        let name = revision.trimmed
        if name == "HEAD" || name == "@" { return snapshot.head }
        if name.hasPrefix("HEAD~") || name.hasPrefix("HEAD^") {
            let suffix = name.dropFirst(5)
            let steps = suffix.isEmpty ? 1 : Int(suffix)
            guard let steps, steps >= 0, steps < snapshot.log.count else { return nil }
            return snapshot.log[steps].oid
        }
        let lower = name.lowercased()
        guard lower.count >= 4, lower.count <= 40, lower.allSatisfy(\.isHexDigit) else { return nil }
        let matches = Set(snapshot.log.map(\.oid).filter { $0.hasPrefix(lower) })
        return matches.count == 1 ? matches.first : nil
    }

    public func commits(after base: String) throws -> CommitRange {
        guard let index = snapshot.log.firstIndex(where: { $0.oid == base }) else {
            return CommitRange(commits: [], complete: false)
        }
        return CommitRange(commits: Array(snapshot.log[..<index]), complete: true)
    }

    public func commits(since date: Date) throws -> CommitRange {
        let recent = snapshot.log.filter { entry in
            guard let time = try? Date(entry.time, strategy: .iso8601) else { return false }
            return time > date
        }
        // Complete unless the whole window is newer than the date (older commits may be cut off).
        let complete = recent.count < snapshot.log.count || snapshot.log.count < SnapshotHistory.window
        return CommitRange(commits: recent, complete: complete)
    }

    public func committedChanges(since base: String) throws -> [LineCounts]? { nil }

    public func uncommittedPatch() throws -> String? { nil }

    /// The log length the CLI asks GitState for, so sessions of up to this many commits are found.
    public static let window = 200
}
