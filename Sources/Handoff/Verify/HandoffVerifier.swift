import GitState

/// Compares what a handoff recorded (branch, HEAD, uncommitted files) with the live repository.
///
/// Each difference is one line: `2 commits since`, `branch changed: main → topic`,
/// `3 files no longer dirty: a.txt, b.txt, c.txt`, `1 new dirty file: d.txt`. No differences
/// means the handoff is still current.
public struct HandoffVerifier {
    public var recorded: RecordedState
    /// The repository now, recorded the same way (dirty files with the tool's own output left out).
    public var live: RecordedState
    public var history: any SessionHistorySource

    public init(recorded: RecordedState, live: RecordedState, history: any SessionHistorySource) {
        self.recorded = recorded
        self.live = live
        self.history = history
    }

    /// Files named in one line, at most this many.
    static let namesShown = 5

    public func differences() throws -> [String] {
        var lines: [String] = []
        if recorded.branch != live.branch {
            lines.append("branch changed: \(recorded.branch ?? "detached HEAD") → \(live.branch ?? "detached HEAD")")
        }
        lines += try headDifferences()
        lines += dirtyDifferences()
        return lines
    }

    func headDifferences() throws -> [String] {
        guard recorded.head != live.head else { return [] }
        guard let now = live.head else {
            return ["HEAD changed: \(recorded.head.map { ObjectID.short($0) } ?? "?") → no commits (unborn branch)"]
        }
        guard let then = recorded.head else {
            let count = try history.commits(reachableFrom: now, excluding: []).commits.count
            return [Self.count(count, "commit") + " since (the handoff was written before the first commit)"]
        }
        guard try history.resolve(revision: then) != nil else {
            return [
                "HEAD changed: \(ObjectID.short(then)) is no longer in the repository; HEAD is now \(ObjectID.short(now))"
            ]
        }
        var lines: [String] = []
        let since = try history.commits(reachableFrom: now, excluding: [then])
        if !since.commits.isEmpty {
            lines.append(Self.count(since.commits.count, "commit", more: !since.complete) + " since")
        }
        // When the recorded HEAD is the N-th first parent of HEAD, nothing of it is gone. Checked
        // first because GitState's walk can report ancestors of HEAD as unreachable from it when
        // commits share a timestamp and the older tip is walked first (reported to the lead).
        let firstParent = since.complete ? try history.resolve(revision: "\(now)~\(since.commits.count)") : nil
        let linear = firstParent == then
        let gone =
            linear
            ? CommitRange(commits: [], complete: true) : try history.commits(reachableFrom: then, excluding: [now])
        if !gone.commits.isEmpty {
            let count = Self.count(gone.commits.count, "commit", more: !gone.complete)
            lines.append("\(count) of the handoff no longer on HEAD (reset, rebased or amended)")
        }
        if lines.isEmpty { lines.append("HEAD changed: \(ObjectID.short(then)) → \(ObjectID.short(now))") }
        return lines
    }

    func dirtyDifferences() -> [String] {
        guard let then = recorded.dirty, let now = live.dirty else { return [] }
        let before = Dictionary(then.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(now.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let clean = then.map(\.path).filter { after[$0] == nil }
        let new = now.map(\.path).filter { before[$0] == nil }
        let changed = now.map(\.path).filter { path in before[path].map { $0 != after[path] } ?? false }
        var lines: [String] = []
        if !clean.isEmpty {
            lines.append("\(Self.count(clean.count, "file")) no longer dirty: \(Self.names(clean))")
        }
        if !new.isEmpty { lines.append("\(Self.count(new.count, "new dirty file")): \(Self.names(new))") }
        if !changed.isEmpty {
            lines.append("\(Self.count(changed.count, "dirty file")) changed since: \(Self.names(changed))")
        }
        return lines
    }

    static func count(_ number: Int, _ noun: String, more: Bool = false) -> String {
        "\(more ? "more than " : "")\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(namesShown).joined(separator: ", ")
        return paths.count > namesShown ? shown + ", … (\(paths.count - namesShown) more)" : shown
    }
}

extension RecordedState {
    /// The repository's state now, as a handoff would record it.
    public init(snapshot: RepositorySnapshot, filter: OwnOutputFilter) {
        let status = filter.status(snapshot.status ?? [])
        self.init(
            time: nil, branch: snapshot.branch, detached: snapshot.detached, head: snapshot.head?.hex,
            dirty: DirtyFile.list(
                status: status, staged: filter.lineCounts(snapshot.staged ?? []),
                unstaged: filter.lineCounts(snapshot.unstaged ?? [])),
            resume: nil)
    }

}
