import CLibGit2

/// History limited to a `PathScope`, as `git log -- <path>...` walks it with git's default
/// history simplification (revision.c's `try_to_simplify_commit`): a commit whose scoped
/// content equals a parent's ("TREESAME") is not shown, and the walk follows only that parent,
/// so a side branch a merge took nothing from in the scope is not walked; a merge that differs
/// from every parent it is compared with is shown. A root commit is shown when its tree holds
/// anything in the scope.
///
/// Scoped contents are compared by the object ids at the scope's paths in each commit's tree
/// (one lookup per path and commit, identical subtrees never opened), not by a tree diff.
struct ScopedHistory {
    let repository: Repository
    let scope: PathScope

    /// `git log -n LIMIT -- <path>...` from `start` (`--since` with `notBefore`).
    func recentCommits(from start: git_oid?, limit: Int, notBefore: Int64? = nil) throws(GitStateError)
        -> [LogEntry]
    {
        guard let start else { return [] }
        return try walk(from: [start], interesting: nil, limit: limit, notBefore: notBefore)
    }

    /// `git log TIPS --not … -- <path>...`: `interesting` holds the commits the unscoped walk
    /// lists (reachable from the tips and not from the excluded); parents outside it are
    /// "uninteresting" to git, and a merge's sameness with one of them does not prune it.
    func commits(from tips: [git_oid], interesting: [git_oid], limit: Int) throws(GitStateError) -> [LogEntry] {
        try walk(from: tips, interesting: Set(interesting.map(ObjectID.init)), limit: limit, notBefore: nil)
    }

    private func walk(from tips: [git_oid], interesting: Set<ObjectID>?, limit: Int, notBefore: Int64?)
        throws(GitStateError) -> [LogEntry]
    {
        guard limit > 0 else { return [] }
        let source = try repository.commitSource()
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        var contents = ScopedContents(repository: repository, scope: scope)
        var queue = CommitQueue<QueuedCommit>()
        var seen: Set<ObjectID> = []
        for tip in tips where seen.insert(ObjectID(tip)).inserted {
            if let interesting, !interesting.contains(ObjectID(tip)) { continue }
            let commit = try source.commit(CommitLink(oid: tip))
            queue.push(commit, time: commit.time)
        }
        var entries: [LogEntry] = []
        while entries.count < limit, let commit = queue.pop() {
            if let notBefore, commit.time < notBefore { continue }
            let parents = boundary.contains(commit.oid) ? [] : commit.parents
            let mine = try contents.at(commit.oid)
            var followed = parents
            var shown: Bool
            if parents.isEmpty {
                shown = mine.contains { $0 != nil }
            } else {
                shown = false
                for parent in parents {
                    let isSame = try contents.at(parent.oid) == mine
                    if !isSame {
                        shown = true
                        continue
                    }
                    // Sameness with an uninteresting parent prunes nothing: the merge's other
                    // branches are still walked (and the merge shown when one of them differs).
                    if let interesting, !interesting.contains(ObjectID(parent.oid)) { continue }
                    followed = [parent]
                    shown = false
                    break
                }
            }
            if shown { entries.append(try repository.logEntry(commit.oid)) }
            for parent in followed where seen.insert(ObjectID(parent.oid)).inserted {
                if let interesting, !interesting.contains(ObjectID(parent.oid)) { continue }
                let queued = try source.commit(parent)
                queue.push(queued, time: queued.time)
            }
        }
        return entries
    }
}

/// The object ids and modes at a scope's paths in commits' trees (`nil` where a path is absent),
/// each commit read once.
private struct ScopedContents {
    struct Entry: Equatable {
        var oid: ObjectID
        var mode: UInt32
    }

    let repository: Repository
    let scope: PathScope
    private var cache: [ObjectID: [Entry?]] = [:]

    init(repository: Repository, scope: PathScope) {
        self.repository = repository
        self.scope = scope
    }

    mutating func at(_ commitID: git_oid) throws(GitStateError) -> [Entry?] {
        if let known = cache[ObjectID(commitID)] { return known }
        let tree = try repository.tree(of: commitID)
        var result: [Entry?] = []
        for (path, directoryOnly) in zip(scope.paths, scope.directoryOnly) {
            if path.isEmpty {
                result.append(Entry(oid: ObjectID(git_tree_id(tree.pointer).pointee), mode: 0o40000))
                continue
            }
            var entry: OpaquePointer?
            if git_tree_entry_bypath(&entry, tree.pointer, path) == 0, let entry {
                let mode = git_tree_entry_filemode(entry).rawValue
                // `dir/` names a directory (or a submodule): a file `dir` is not in the scope.
                let inScope = !directoryOnly || PathScope.isDirectory(mode)
                result.append(inScope ? Entry(oid: ObjectID(git_tree_entry_id(entry).pointee), mode: mode) : nil)
                git_tree_entry_free(entry)
            } else {
                result.append(nil)
            }
        }
        cache[ObjectID(commitID)] = result
        return result
    }
}
