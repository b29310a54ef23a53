import CLibGit2

/// Counts the commits on each side of two tips, as `git rev-list --left-right
/// --count local...upstream` does, and stops at a shallow clone's boundary
/// where libgit2's own count fails on the missing parents.
///
/// Commits are painted from both tips, newest first; a commit reached from both
/// sides is common, and so is everything below it. The walk ends once every
/// commit still queued is common.
struct AheadBehind {
    let repository: Repository

    private struct Side: OptionSet {
        let rawValue: UInt8
        static let local = Side(rawValue: 1)
        static let upstream = Side(rawValue: 2)
        static let both: Side = [.local, .upstream]
    }

    func count(local: git_oid, upstream: git_oid) throws(GitStateError) -> (ahead: Int, behind: Int) {
        if local == upstream { return (0, 0) }
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        var sides: [git_oid: Side] = [:]
        var parents: [git_oid: [git_oid]] = [:]
        var queue = CommitQueue()
        // Queued copies of each commit that were not yet common when queued;
        // the walk goes on while there are any.
        var uncommon: [git_oid: Int] = [:]
        var uncommonCount = 0

        func paint(_ oid: git_oid, _ side: Side) throws(GitStateError) {
            let before = sides[oid] ?? []
            let after = before.union(side)
            guard after != before else { return }
            sides[oid] = after
            queue.push(try lookup(oid))
            if after != .both {
                uncommon[oid, default: 0] += 1
                uncommonCount += 1
            }
        }

        try paint(local, .local)
        try paint(upstream, .upstream)
        while uncommonCount > 0, let commit = queue.pop() {
            if let count = uncommon[commit.oid], count > 0 {
                uncommon[commit.oid] = count - 1
                uncommonCount -= 1
            }
            let ids = parents[commit.oid] ?? parentIDs(of: commit, boundary: boundary)
            parents[commit.oid] = ids
            let side = sides[commit.oid] ?? []
            for parent in ids { try paint(parent, side) }
        }
        var ahead = 0
        var behind = 0
        for side in sides.values {
            if side == .local { ahead += 1 } else if side == .upstream { behind += 1 }
        }
        return (ahead, behind)
    }

    private func parentIDs(of commit: QueuedCommit, boundary: ShallowBoundary) -> [git_oid] {
        guard !boundary.contains(commit.oid) else { return [] }
        let count = git_commit_parentcount(commit.handle.pointer)
        return (0..<count).compactMap { git_commit_parent_id(commit.handle.pointer, $0)?.pointee }
    }

    private func lookup(_ oid: git_oid) throws(GitStateError) -> QueuedCommit {
        var id = oid
        let handle = try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_commit_free) {
            git_commit_lookup($0, repository.pointer, &id)
        }
        return QueuedCommit(oid: oid, time: Int64(git_commit_time(handle.pointer)), handle: handle)
    }
}
