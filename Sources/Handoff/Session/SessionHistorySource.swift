import FoundationEssentials
import GitState

/// The history questions a handoff asks beyond GitState's `RepositorySnapshot`.
///
/// `GitStateHistory` answers them from the repository; tests answer them from fixtures.
public protocol SessionHistorySource {
    /// The full object id a revision names (`abc1234`, `HEAD~3`, `v1.2`, `main`), `nil` when it names none.
    func resolve(revision: String) throws -> String?
    /// The commits reachable from HEAD and not from `base` (`git log base..HEAD`), newest first.
    func commits(after base: String) throws -> CommitRange
    /// The commits reachable from HEAD committed after `date` (`git log --since`), newest first.
    func commits(since date: Date) throws -> CommitRange
    /// The commits reachable from `tip` and from none of `excluded` (`git log TIP --not EXCLUDED…`), newest first.
    func commits(reachableFrom tip: String, excluding excluded: [String]) throws -> CommitRange
    /// `git diff --numstat base HEAD`; `nil` when this source cannot tell.
    func committedChanges(since base: String) throws -> [LineCounts]?
    /// `git diff HEAD` (staged and unstaged changes as one patch); `nil` when this source cannot tell.
    func uncommittedPatch() throws -> String?
    /// `git diff BASE` file by file (HEAD when `base` is `nil`) for the paths the session's commits
    /// changed and those the status lists; `nil` when this source cannot tell.
    func fileChanges(since base: String?, committed: [String], uncommitted: [String]) throws -> [FileChange]?
}

extension SessionHistorySource {
    public func fileChanges(since base: String?, committed: [String], uncommitted: [String]) throws -> [FileChange]? {
        nil
    }
}

/// Commits found for a session, and whether the list is known to be complete.
public struct CommitRange: Sendable, Equatable {
    public var commits: [LogEntry]
    /// False when the list was cut short (more commits than the source lists).
    public var complete: Bool

    public init(commits: [LogEntry], complete: Bool) {
        self.commits = commits
        self.complete = complete
    }
}
