import FoundationEssentials
import GitState

/// `handoff wrap-up`: the checklist before stopping, read from the repository (never changed),
/// the session's start and journal, and `.claude/handoff.json`.
///
/// The session's diff is `git diff BASE` (base → work tree, untracked files as new), where BASE
/// is the session start's HEAD, else the HEAD the last handoff recorded, else HEAD: the lines
/// it adds are where TODOs, debug leftovers, secrets and conflict markers are looked for.
public struct WrapUp {
    public var settings: WrapUpSettings
    /// The handoff folder (absolute); `nil` for `.claude/handoffs`. Left out of the changes.
    public var handoffFolder: String?
    /// A test result given to wrap-up itself (`--tests`, `--junit`): it wins over the session's.
    public var givenTests: TestEvidence?
    /// `--path`: changes, the session's diff and unpushed commits limited to this part of the tree.
    public var scope: PathScope?

    public init(
        settings: WrapUpSettings = WrapUpSettings(), handoffFolder: String? = nil, givenTests: TestEvidence? = nil
    ) {
        self.settings = settings
        self.handoffFolder = handoffFolder
        self.givenTests = givenTests
    }

    public func check(repository: Repository) throws(HandoffError) -> WrapUpReport {
        do {
            return try gather(repository)
        } catch let error as HandoffError {
            throw error
        } catch let error as GitStateError {
            throw HandoffError(error.description)
        } catch {
            throw HandoffError("\(error)")
        }
    }

    private func gather(_ repository: Repository) throws -> WrapUpReport {
        let snapshot = try repository.snapshot(logLimit: 1, scope: scope)
        guard let workTree = snapshot.workTree else {
            throw HandoffError("\(snapshot.gitDirectory) is a bare repository: wrap-up needs a work tree")
        }
        let folder = handoffFolder ?? workTree + "/" + HandoffFolder.defaultRelativePath
        var request = HandoffRequest(destination: .folder(folder))
        request.handoffFolder = folder
        let filter = OwnOutputFilter(
            excluded: HandoffWriter(request: request).ownFolders(workTree: workTree), workTree: workTree)
        let status = filter.status(snapshot.status ?? [])

        let store = SessionStore(gitDirectory: repository.gitDirectory)
        let start = try? store.readStart()
        let journal = try? store.peekJournal()
        let history = GitStateHistory(repository: repository, scope: scope)
        var base = try SessionBaseFinder(
            handoffFolder: folder, since: nil, timeZone: HandoffClock().timeZone, sessionStart: start
        ).find(history: history)
        // A base the repository no longer has (history rewritten since): diff against HEAD.
        if let oid = base.oid, (try? repository.resolve(oid)) == nil { base = .none }
        let from = base.oid
        let committed =
            try from.flatMap { $0 == snapshot.head?.hex ? nil : try repository.lineCounts(from: $0, scope: scope) }
            ?? []
        let uncommitted = status.flatMap { [$0.path] + ($0.orig.map { [$0] } ?? []) }
        let changes = try repository.changes(
            since: from, committed: filter.lineCounts(committed).map(\.path), uncommitted: uncommitted
        ).filter { !filter.isOwn($0.path) }

        let startSeconds = start?.startedAtSeconds
        var aheadCommits: [LogEntry] = []
        if let upstream = snapshot.upstream, let ahead = snapshot.ahead, ahead > 0, let head = snapshot.head?.hex,
            let upstreamOID = try? repository.resolve(upstream)
        {
            aheadCommits = try repository.commits(
                reachableFrom: head, excluding: [upstreamOID], limit: 5, scope: scope)
        }
        let tests =
            try givenTests
            ?? TestEvidence.latest(
                journal: journal?.entries ?? [], reports: settings.junitReports, workTree: workTree,
                since: startSeconds.map(Double.init))
        let facts = WrapUpFacts(
            snapshot: snapshot, status: status, changes: changes, stashes: try repository.stashes(),
            sessionStartSeconds: startSeconds, remotes: try repository.remoteNames(), aheadCommits: aheadCommits,
            notes: journal.map(\.notes), tests: tests)
        let items = WrapUpChecklist(facts: facts, settings: settings).items()

        let redactor = Redactor()
        let notes = (facts.notes ?? SessionNotes()).mapText { redactor.redact($0).text }
        let added = Set(status.filter(\.isUntracked).map(\.path) + changes.filter { $0.kind == .added }.map(\.path))
        // A collapsed untracked folder (`dir/`) stands for the files the diff found below it.
        let paths = status.flatMap { entry in
            entry.path.hasSuffix("/")
                ? changes.map(\.path).filter { $0.hasPrefix(entry.path) }.nonEmpty ?? [entry.path] : [entry.path]
        }
        let message = CommitMessageSuggestion(paths: paths, added: added, notes: notes).message
        let place = SessionStart(head: snapshot.head?.hex, branch: snapshot.branch, startedAt: "").description
        return WrapUpReport(place: place, base: base, items: items, commitMessage: message)
    }
}

extension Array {
    fileprivate var nonEmpty: Self? { isEmpty ? nil : self }
}

/// What the checks read, gathered once.
struct WrapUpFacts {
    var snapshot: RepositorySnapshot
    /// The status without the tool's own folders.
    var status: [StatusEntry]
    /// The session's diff, file by file.
    var changes: [FileChange]
    var stashes: [StashEntry]
    var sessionStartSeconds: Int64?
    var remotes: [String]
    /// The first commits not on the upstream, newest first.
    var aheadCommits: [LogEntry]
    /// The journal's notes; `nil` when nothing was noted.
    var notes: SessionNotes?
    var tests: TestEvidence?
}
