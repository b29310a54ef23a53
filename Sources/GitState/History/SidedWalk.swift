import CLibGit2

/// Paints commits from several tips, newest first, as git's symmetric and
/// limited walks do: a commit reached from both sides is common, and so is
/// everything below it. The walk ends once every commit still queued is common.
///
/// It stops at a shallow clone's boundary, where libgit2's own walks fail on
/// the missing parents.
struct SidedWalk {
    struct Side: OptionSet, Hashable {
        let rawValue: UInt8
        static let left = Side(rawValue: 1)
        static let right = Side(rawValue: 2)
        static let both: Side = [.left, .right]
    }

    let repository: Repository
    let source: CommitSource

    init(repository: Repository) throws(GitStateError) {
        self.repository = repository
        source = try CommitSource(repository: repository)
    }

    /// The fewest extra commits taken once all queued commits are common.
    static let slop = 32

    /// Every commit reached, with the sides that reach it, in the order first emitted.
    struct Result {
        var sides: [git_oid: Side]
        var order: [git_oid]
        var commits: [git_oid: QueuedCommit]

        /// The commits only `side` reaches, in the order the walk emitted them.
        func commits(only side: Side) -> [git_oid] {
            order.filter { sides[$0] == side }
        }
    }

    func walk(left: git_oid, right: git_oid) throws(GitStateError) -> Result {
        try walk(left: [left], right: [right])
    }

    func walk(left: [git_oid], right: [git_oid]) throws(GitStateError) -> Result {
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        var result = Result(sides: [:], order: [], commits: [:])
        // Parents of the commits already processed.
        var parents: [git_oid: [git_oid]] = [:]
        var queue = CommitQueue()
        // Queued copies of each commit that were not yet common when queued.
        var uncommon: [git_oid: Int] = [:]
        var uncommonCount = 0
        // The oldest commit processed while it belonged to one side only: a queued
        // common commit at least as new may still be its descendant, and make it common.
        var oldestOneSided = Int64.max

        func paint(_ start: git_oid, _ side: Side) throws(GitStateError) {
            var pending = [start]
            while let oid = pending.popLast() {
                let before = result.sides[oid] ?? []
                let after = before.union(side)
                guard after != before else { continue }
                result.sides[oid] = after
                if let known = parents[oid] {
                    // Already processed: carry the new side down at once, whatever the dates say.
                    pending.append(contentsOf: known)
                    continue
                }
                let commit: QueuedCommit
                if let cached = result.commits[oid] {
                    commit = cached
                } else {
                    commit = try source.commit(oid)
                    result.commits[oid] = commit
                }
                queue.push(commit)
                if after != .both {
                    uncommon[oid, default: 0] += 1
                    uncommonCount += 1
                }
            }
        }

        for tip in left { try paint(tip, .left) }
        for tip in right { try paint(tip, .right) }
        var emitted: Set<git_oid> = []
        // Once every queued commit is common, git's walk takes a few more ("slop") in case a
        // skewed or equal date hides a common commit above a one-sided one. So does this one,
        // while such a commit may exist, within a budget as large as the walk so far (a
        // whole-history walk would otherwise follow any old one-sided commit).
        var extra: Int? = nil
        while let next = queue.peek() {
            if uncommonCount == 0 {
                if next.time < oldestOneSided { break }
                let budget = extra ?? max(SidedWalk.slop, parents.count)
                if budget == 0 { break }
                extra = budget - 1
            } else {
                extra = nil
            }
            let commit = queue.pop()!
            if let count = uncommon[commit.oid], count > 0 {
                uncommon[commit.oid] = count - 1
                uncommonCount -= 1
            }
            guard parents[commit.oid] == nil else { continue }  // a stale copy
            if emitted.insert(commit.oid).inserted { result.order.append(commit.oid) }
            let side = result.sides[commit.oid] ?? []
            if side != .both { oldestOneSided = min(oldestOneSided, commit.time) }
            let ids = parentIDs(of: commit, boundary: boundary)
            parents[commit.oid] = ids
            for parent in ids { try paint(parent, side) }
        }
        Trace.note("walk processed \(parents.count) commits")
        return result
    }

    private func parentIDs(of commit: QueuedCommit, boundary: ShallowBoundary) -> [git_oid] {
        boundary.contains(commit.oid) ? [] : commit.parents
    }
}

/// Counts the commits on each side of two tips, as `git rev-list --left-right --count local...upstream`.
struct AheadBehind {
    let repository: Repository

    func count(local: git_oid, upstream: git_oid) throws(GitStateError) -> (ahead: Int, behind: Int) {
        if local == upstream { return (0, 0) }
        let result = try SidedWalk(repository: repository).walk(left: local, right: upstream)
        var ahead = 0
        var behind = 0
        for side in result.sides.values {
            if side == .left { ahead += 1 } else if side == .right { behind += 1 }
        }
        return (ahead, behind)
    }
}
