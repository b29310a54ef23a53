import GitState

/// The commits of a session recorded with `handoff start`: those reachable from HEAD and not
/// from the start, then those made on other branches of this worktree since the start (read
/// from its HEAD reflog), each listed once.
///
/// A reflog commit counts when it is still on a branch: amended, rebased-away and abandoned
/// commits are left out. The branches looked at are the session's (the start's, the current
/// one, and those `checkout` moved between), as a worktree's reflog names them.
struct SessionCommitFinder {
    var history: any SessionHistorySource
    var start: SessionStart
    var reflog: [ReflogEntry]
    /// HEAD now, and its branch.
    var head: String?
    var branch: String?

    func find() throws -> CommitRange {
        guard let head else { return CommitRange(commits: [], complete: true) }
        var result: CommitRange
        if let base = start.head {
            result = base == head ? CommitRange(commits: [], complete: true) : try history.commits(after: base)
        } else {
            result = try history.commits(reachableFrom: head, excluding: [])
        }
        var listed = Set(result.commits.map(\.oid.hex))
        var candidates: [String] = []
        for entry in reflog.reversed() where entry.madeCommit && !listed.contains(entry.new) {
            if !candidates.contains(entry.new) { candidates.append(entry.new) }
        }
        guard !candidates.isEmpty else { return result }

        var names: [String] = []
        for name in [start.branch, branch].compactMap({ $0 }) + reflog.flatMap(\.branchesNamed)
        where !names.contains(name) {
            names.append(name)
        }
        var onBranches: [String: LogEntry] = [:]
        var tips: Set<String> = [head]
        let excluded = [start.head, head].compactMap { $0 }
        for name in names {
            guard let tip = try history.resolve(revision: "refs/heads/" + name), tips.insert(tip).inserted else {
                continue
            }
            let range = try history.commits(reachableFrom: tip, excluding: excluded)
            for commit in range.commits { onBranches[commit.oid.hex] = commit }
            if !range.complete { result.complete = false }
        }
        for oid in candidates {
            guard let commit = onBranches[oid], listed.insert(oid).inserted else { continue }
            result.commits.append(commit)
        }
        return result
    }
}
