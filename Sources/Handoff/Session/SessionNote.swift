import GitState

/// Notes jotted into the session journal (`handoff note`, the MCP server's `note` tool): when no
/// session was started in this worktree, one is started at the repository's HEAD first (so the
/// next handoff counts the commits from here); then the entries are appended in one write.
public struct SessionNote: Sendable {
    public let entries: [JournalEntry]

    /// The entries, each checked (before any repository is opened, so a malformed note is the
    /// error even outside one).
    public init(_ entries: [JournalEntry]) throws(HandoffError) {
        for entry in entries { try entry.validate() }
        self.entries = entries
    }

    /// Notes the entries in `repository`'s journal; returns the session it started, `nil` when
    /// one was already there.
    public func append(to repository: Repository, time: String) throws(HandoffError) -> SessionStart? {
        let store = SessionStore(gitDirectory: repository.gitDirectory)
        var started: SessionStart?
        if try store.readStart() == nil {
            let snapshot: RepositorySnapshot
            do {
                snapshot = try repository.snapshot(logLimit: 1)
            } catch {
                throw HandoffError(error.description)
            }
            let start = SessionStart(
                head: snapshot.head?.hex, branch: snapshot.branch, startedAt: time, startedBy: "note",
                reflogOffset: Reflog.offset(gitDirectory: repository.gitDirectory))
            if try store.recordIfNone(start) { started = start }
        }
        try store.append(entries)
        return started
    }
}
