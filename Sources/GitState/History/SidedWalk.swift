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

    /// A commit the walk has met. Commits are numbered as they are met, and the walk keeps
    /// its state in an array by that number: one hash lookup per commit, not one per
    /// question asked of it.
    fileprivate struct Node {
        /// Its parents and time, as read.
        let commit: QueuedCommit
        var sides: Side = []
        /// The parents' numbers, once processed (none below a shallow boundary).
        var parents: [Int]? = nil
        /// Copies of this commit in the queue that were not yet common when queued.
        var uncommonCopies = 0
    }

    /// Every commit reached, with the sides that reach it, in the order first emitted.
    struct Result {
        fileprivate var nodes: [Node]
        fileprivate var order: [Int]

        /// The commits only `side` reaches, in the order the walk emitted them.
        func commits(only side: Side) -> [git_oid] {
            order.filter { nodes[$0].sides == side }.map { nodes[$0].commit.oid }
        }

        /// How many commits only `side` reaches.
        func count(only side: Side) -> Int {
            nodes.count { $0.sides == side }
        }
    }

    func walk(left: git_oid, right: git_oid) throws(GitStateError) -> Result {
        try walk(left: [left], right: [right])
    }

    func walk(left: [git_oid], right: [git_oid]) throws(GitStateError) -> Result {
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        var nodes: [Node] = []
        var numbers: [git_oid: Int] = [:]
        var order: [Int] = []
        var queue = CommitQueue<Int>()
        var uncommonCount = 0
        // The oldest commit processed while it belonged to one side only: a queued
        // common commit at least as new may still be its descendant, and make it common.
        var oldestOneSided = Int64.max

        // Commits the graph holds are numbered by their place in it (an array, no hashing);
        // the others (newer than the graph, or no graph) by id.
        var byPosition = [Int32](repeating: -1, count: source.graph?.commitCount ?? 0)
        func number(_ link: CommitLink) throws(GitStateError) -> Int {
            if let position = link.position ?? source.graph?.position(of: link.oid), position < byPosition.count {
                if byPosition[position] >= 0 { return Int(byPosition[position]) }
                nodes.append(Node(commit: try source.commit(CommitLink(oid: link.oid, position: position))))
                byPosition[position] = Int32(nodes.count - 1)
                return nodes.count - 1
            }
            if let known = numbers[link.oid] { return known }
            nodes.append(Node(commit: try source.commit(link)))
            numbers[link.oid] = nodes.count - 1
            return nodes.count - 1
        }

        /// Adds `side` to a commit: queues it if it is still to be processed, and returns
        /// its parents if it was processed already, to carry the side down at once.
        func add(_ side: Side, to node: Int) -> [Int]? {
            let before = nodes[node].sides
            let after = before.union(side)
            guard after != before else { return nil }
            nodes[node].sides = after
            if let parents = nodes[node].parents { return parents }
            queue.push(node, time: nodes[node].commit.time)
            if after != .both {
                nodes[node].uncommonCopies += 1
                uncommonCount += 1
            }
            return nil
        }

        func paint(_ start: Int, _ side: Side) {
            // Most commits are painted before they are processed: nothing to carry down.
            guard var pending = add(side, to: start) else { return }
            while let node = pending.popLast() {
                if let parents = add(side, to: node) { pending.append(contentsOf: parents) }
            }
        }

        for tip in left { paint(try number(CommitLink(oid: tip)), .left) }
        for tip in right { paint(try number(CommitLink(oid: tip)), .right) }
        // Once every queued commit is common, git's walk takes a few more ("slop") in case a
        // skewed or equal date hides a common commit above a one-sided one. So does this one,
        // while such a commit may exist, within a budget as large as the walk so far (a
        // whole-history walk would otherwise follow any old one-sided commit).
        var extra: Int? = nil
        while let next = queue.peek() {
            if uncommonCount == 0 {
                if next.time < oldestOneSided { break }
                let budget = extra ?? max(SidedWalk.slop, order.count)
                if budget == 0 { break }
                extra = budget - 1
            } else {
                extra = nil
            }
            let node = queue.pop()!
            if nodes[node].uncommonCopies > 0 {
                nodes[node].uncommonCopies -= 1
                uncommonCount -= 1
            }
            guard nodes[node].parents == nil else { continue }  // a stale copy
            order.append(node)
            let commit = nodes[node].commit
            let side = nodes[node].sides
            if side != .both { oldestOneSided = min(oldestOneSided, commit.time) }
            var parents: [Int] = []
            if !boundary.contains(commit.oid) {
                parents.reserveCapacity(commit.parents.count)
                for parent in commit.parents { parents.append(try number(parent)) }
            }
            nodes[node].parents = parents
            for parent in parents { paint(parent, side) }
        }
        Trace.note("walk processed \(order.count) commits")
        return Result(nodes: nodes, order: order)
    }
}

/// Counts the commits on each side of two tips, as `git rev-list --left-right --count local...upstream`.
struct AheadBehind {
    let repository: Repository

    func count(local: git_oid, upstream: git_oid) throws(GitStateError) -> (ahead: Int, behind: Int) {
        if local == upstream { return (0, 0) }
        let result = try SidedWalk(repository: repository).walk(left: local, right: upstream)
        return (result.count(only: .left), result.count(only: .right))
    }
}
