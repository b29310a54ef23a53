import GitState

/// Composes the snapshot, the session's history and the notes into a `HandoffDocument`.
///
/// Every free text that came from a person (notes, commit summaries, the `--full` patch)
/// passes through the `Redactor` here, before anything is rendered.
public struct DocumentBuilder {
    public var snapshot: RepositorySnapshot
    public var notes: SessionNotes
    public var clock: HandoffClock
    public var base: SessionBase
    public var history: any SessionHistorySource
    /// The tool's own output folders, relative to the work tree, left out of the changes.
    public var filter: OwnOutputFilter
    /// Include the uncommitted patch (`--full`).
    public var includeDiff: Bool
    /// The worktree's HEAD reflog entries since the session start (for a `.sessionStart` base).
    public var sessionReflog: [ReflogEntry]
    /// CI mode: the build, and the branch its variables name (used on a detached HEAD only).
    public var buildFacts: BuildFacts? = nil
    public var ciBranch: CIBranch? = nil
    /// The pre-push hook's view of the push (commit summaries are redacted here).
    public var push: PushFacts? = nil

    public init(
        snapshot: RepositorySnapshot, notes: SessionNotes, clock: HandoffClock, base: SessionBase = .none,
        history: any SessionHistorySource, filter: OwnOutputFilter = OwnOutputFilter(excluded: [], workTree: nil),
        includeDiff: Bool = false, sessionReflog: [ReflogEntry] = []
    ) {
        self.snapshot = snapshot
        self.notes = notes
        self.clock = clock
        self.base = base
        self.history = history
        self.filter = filter
        self.includeDiff = includeDiff
        self.sessionReflog = sessionReflog
    }

    public func build() throws(HandoffError) -> HandoffDocument {
        let redactor = Redactor()
        var tally = RedactionTally()
        func clean(_ text: String) -> String {
            let result = redactor.redact(text)
            tally.add(result.findings)
            return result.text
        }

        let status = filter.status(snapshot.status ?? [])
        let staged = filter.lineCounts(snapshot.staged ?? [])
        let unstaged = filter.lineCounts(snapshot.unstaged ?? [])

        let range = try sessionCommits()
        let commits = range.commits.map {
            LogEntry(oid: $0.oid, summary: clean($0.summary), author: $0.author, time: $0.time)
        }
        let committedFiles: [LineCounts]?
        let from: String?
        do {
            // A date base names no commit: compare with the parent of the session's first commit.
            from = try base.oid ?? range.commits.last.flatMap { try history.resolve(revision: $0.oid.hex + "^") }
            committedFiles = try from.flatMap { try history.committedChanges(since: $0) }.map(filter.lineCounts)
        } catch {
            throw HandoffError("cannot read the session's committed changes: \(error)")
        }
        // What changed in each file, from the hunks of `git diff BASE`: a description only, so a
        // file git cannot diff leaves the table as it was rather than failing the handoff.
        let uncommittedPaths = status.flatMap { [$0.path] + ($0.orig.map { [$0] } ?? []) }
        let fileChanges =
            (try? history.fileChanges(
                since: committedFiles == nil ? nil : from, committed: committedFiles?.map(\.path) ?? [],
                uncommitted: uncommittedPaths)) ?? nil

        let cleanNotes = notes.mapText(clean)
        var changes = ChangeCounts()
        changes.staged = status.filter(\.isStaged).count
        changes.unstaged = status.filter(\.isUnstaged).count
        changes.untracked = status.filter(\.isUntracked).count
        changes.conflicted = status.filter(\.isConflicted).count

        var git = GitFacts(
            branch: snapshot.branch, detached: snapshot.detached, unborn: snapshot.unborn, head: snapshot.head?.hex,
            upstream: snapshot.upstream, ahead: snapshot.ahead, behind: snapshot.behind, operation: snapshot.state,
            stash: snapshot.stash)
        git.shallow = snapshot.shallow
        git.paths = snapshot.paths
        if snapshot.detached { git.ciBranch = ciBranch }
        let pushed = push.map { facts in
            var facts = facts
            for index in facts.refs.indices {
                facts.refs[index].commits = facts.refs[index].commits.map {
                    LogEntry(oid: $0.oid, summary: clean($0.summary), author: $0.author, time: $0.time)
                }
            }
            return facts
        }

        var diff: DiffText?
        if includeDiff {
            do {
                if let patch = try history.uncommittedPatch() {
                    diff = DiffText(patch: clean(patch), unavailableReason: nil)
                } else {
                    diff = DiffText(patch: nil, unavailableReason: "the repository has no work tree to diff")
                }
            } catch {
                throw HandoffError("cannot read the uncommitted diff: \(error)")
            }
        }

        let files = FilesTouchedBuilder(
            committed: committedFiles, staged: staged, unstaged: unstaged, status: status, notes: cleanNotes.files,
            changes: fileChanges
        ).build()

        let resume = ResumeCommand(git: git, notes: cleanNotes, commitCount: commits.count, changes: changes).text

        return HandoffDocument(
            day: clock.day, time: clock.time, timestamp: clock.timestamp, git: git,
            session: SessionFacts(
                base: base, commits: commits, complete: range.complete,
                committedFilesKnown: commits.isEmpty || committedFiles != nil),
            changes: changes, notes: cleanNotes, filesTouched: files,
            dirty: DirtyFile.list(status: status, staged: staged, unstaged: unstaged),
            incompleteReasons: incompleteReasons(git: git, changes: changes, notes: cleanNotes),
            redactions: tally, resumeCommand: resume, diff: diff, push: pushed, build: buildFacts)
    }

    private func sessionCommits() throws(HandoffError) -> CommitRange {
        do {
            switch base {
            case .none: return CommitRange(commits: [], complete: true)
            case .date(_, let date): return try history.commits(since: date)
            case .sessionStart(let start):
                return try SessionCommitFinder(
                    history: history, start: start, reflog: sessionReflog, head: snapshot.head?.hex,
                    branch: snapshot.branch
                ).find()
            case .lastHandoff(let oid, _), .revision(_, let oid):
                if oid == snapshot.head?.hex { return CommitRange(commits: [], complete: true) }
                return try history.commits(after: oid)
            }
        } catch {
            throw HandoffError("cannot read the session's commits: \(error)")
        }
    }

    private func incompleteReasons(git: GitFacts, changes: ChangeCounts, notes: SessionNotes) -> [String] {
        var reasons: [String] = []
        if let tests = notes.tests, tests.isFailing {
            reasons.append("\(tests.failed) of \(tests.total) \(tests.total == 1 ? "test" : "tests") failing")
        }
        if changes.conflicted > 0 {
            reasons.append("\(changes.conflicted) conflicted \(changes.conflicted == 1 ? "file" : "files")")
        }
        if git.operation != .none { reasons.append("\(git.operation.rawValue) in progress") }
        if !notes.inProgress.isEmpty {
            let count = notes.inProgress.count
            reasons.append("\(count) \(count == 1 ? "item" : "items") marked in progress")
        }
        return reasons
    }

    /// Concision warnings, for stderr: more than 5 Done items, more than 3 decisions.
    public static func concisionWarnings(for notes: SessionNotes) -> [String] {
        var warnings: [String] = []
        if notes.done.count > 5 {
            warnings.append(
                "What's Done has \(notes.done.count) items; keep it to 5 or fewer so the next session reads it")
        }
        if notes.decisions.count > 3 {
            warnings.append("Key Decisions Made has \(notes.decisions.count) items; keep it to the 3 that matter")
        }
        return warnings
    }
}
