import GitState

/// The repository's worktrees and the session in each (`handoff worktrees`), read in one
/// process, the worktrees in parallel (each on a thread with its own repository handle), and
/// read only: nothing is written to any of them.
public struct WorktreeOverview: Sendable {
    public var sessions: [WorktreeSession]

    public init(repository: Repository) throws(HandoffError) {
        let worktrees: [Worktree]
        do {
            worktrees = try repository.worktrees()
        } catch {
            throw HandoffError(error.description)
        }
        sessions = ParallelMap.map(count: worktrees.count) { index in Self.read(worktrees[index]) }
    }

    static func read(_ worktree: Worktree) -> WorktreeSession {
        var session = WorktreeSession(worktree: worktree)
        let store = SessionStore(gitDirectory: worktree.gitDirectory)
        do {
            session.sessionStart = try store.readStart()
        } catch {
            session.problems.append(error.description)
        }
        do {
            let journal = try store.peekJournal()
            session.journalNotes = journal?.entries.count ?? 0
            session.inProgress = journal?.notes.inProgress ?? []
        } catch {
            session.problems.append(error.description)
        }
        guard !worktree.isBare, !worktree.isPrunable else { return session }
        let repository: Repository
        let snapshot: RepositorySnapshot
        do {
            repository = try Repository(worktree: worktree)
            snapshot = try repository.snapshot(logLimit: 0)
        } catch {
            session.problems.append(error.description)
            return session
        }
        session.upstream = snapshot.upstream
        session.ahead = snapshot.ahead
        session.behind = snapshot.behind
        session.state = snapshot.state
        session.changes = snapshot.status.map(WorktreeSession.ChangeCounts.init)
        guard let workTree = snapshot.workTree else { return session }
        let folder = workTree + "/" + HandoffFolder.defaultRelativePath
        guard let latest = HandoffList(folder: folder).handoffs.first else { return session }
        session.latestHandoff = latest.path
        let writer = HandoffWriter(request: HandoffRequest(destination: .folder(folder)))
        let filter = OwnOutputFilter(excluded: writer.ownFolders(workTree: workTree), workTree: workTree)
        do {
            let verification = try HandoffVerification(
                path: latest.path, text: try FileInput.readText(latest.path),
                live: { RecordedState(snapshot: snapshot, filter: filter) },
                history: GitStateHistory(repository: repository))
            session.handoffIsCurrent = verification.isCurrent
            session.staleBecause = verification.differences
        } catch {
            session.problems.append(error.description)
        }
        return session
    }
}
