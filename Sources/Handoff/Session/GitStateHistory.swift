import FoundationEssentials
import GitState

/// Answers a handoff's history questions from the repository itself, through GitState.
///
/// `Repository` is not `Sendable`: use a `GitStateHistory` on the thread that opened it.
public struct GitStateHistory: SessionHistorySource {
    public let repository: Repository
    /// The most commits one answer lists; a longer session is marked incomplete.
    public let limit: Int
    /// `--path`: commits, committed changes and the patch limited to this part of the tree, as
    /// `git log -- <path>...` and `git diff -- <path>...` are.
    public let scope: PathScope?

    public init(repository: Repository, limit: Int = GitStateHistory.defaultLimit, scope: PathScope? = nil) {
        self.repository = repository
        self.limit = limit
        self.scope = scope
    }

    /// Sessions of up to this many commits are listed whole.
    public static let defaultLimit = 500

    public func resolve(revision: String) throws -> String? {
        try repository.resolve(revision)
    }

    public func commits(after base: String) throws -> CommitRange {
        range(try repository.commits(after: base, limit: limit + 1, scope: scope))
    }

    public func commits(since date: Date) throws -> CommitRange {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.up))
        return range(try repository.commits(since: seconds, limit: limit + 1, scope: scope))
    }

    public func commits(reachableFrom tip: String, excluding excluded: [String]) throws -> CommitRange {
        range(try repository.commits(reachableFrom: tip, excluding: excluded, limit: limit + 1, scope: scope))
    }

    public func committedChanges(since base: String) throws -> [LineCounts]? {
        try repository.lineCounts(from: base, scope: scope)
    }

    public func uncommittedPatch() throws -> String? {
        try repository.uncommittedPatch(scope: scope)
    }

    public func fileChanges(since base: String?, committed: [String], uncommitted: [String]) throws -> [FileChange]? {
        try repository.changes(since: base, committed: committed, uncommitted: uncommitted)
    }

    /// One more than `limit` is asked for, so a cut list is told from a list of exactly `limit`.
    private func range(_ entries: [LogEntry]) -> CommitRange {
        CommitRange(commits: Array(entries.prefix(limit)), complete: entries.count <= limit)
    }
}
