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
        source = try repository.commitSource()
    }

    /// The fewest extra commits taken once all queued commits are common.
    static let slop = 32

    /// A commit the walk has met. Commits are numbered as they are met, and the walk keeps
    /// its state in an array by that number: one lookup per commit, not one per question
    /// asked of it, and no allocation but its parent list.
    fileprivate struct Node {
        /// The committer time, which orders the walk.
        let time: Int64
        /// Where the commit-graph holds it, or -1 (then `outsider` says where it is kept).
        let position: Int32
        let outsider: Int32
        var sides: Side = []
        /// Whether its parents were taken (none below a shallow boundary).
        var processed = false
        /// Copies of this commit in the queue that were not yet common when queued.
        var uncommonCopies: Int32 = 0
        /// The parents: as the graph names them (positions) until processed, then their numbers
        /// (an octopus merge's third and later in the walk's `extraParents`).
        var parents: ParentList
    }

    /// Every commit reached, with the sides that reach it, in the order first emitted.
    struct Result {
        fileprivate var nodes: [Node]
        fileprivate var order: [Int]
        /// The commits read from their objects rather than from the graph.
        fileprivate var outsiders: [QueuedCommit]
        fileprivate var graph: CommitGraph?

        /// The commits only `side` reaches, in the order the walk emitted them.
        func commits(only side: Side) -> [git_oid] {
            order.filter { nodes[$0].sides == side }.map { oid(of: nodes[$0]) }
        }

        /// How many commits only `side` reaches.
        func count(only side: Side) -> Int {
            nodes.count { $0.sides == side }
        }

        private func oid(of node: Node) -> git_oid {
            node.outsider >= 0 ? outsiders[Int(node.outsider)].oid : graph!.oid(at: Int(node.position))
        }
    }

    func walk(left: git_oid, right: git_oid) throws(GitStateError) -> Result {
        try walk(left: [left], right: [right])
    }

    func walk(left: [git_oid], right: [git_oid]) throws(GitStateError) -> Result {
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        let graph = source.graph
        var nodes: [Node] = []
        var extraParents: [Int32] = []
        var outsiders: [QueuedCommit] = []
        var order: [Int] = []
        var queue = CommitQueue<Int>()
        var uncommonCount = 0
        // The oldest commit processed while it belonged to one side only: a queued
        // common commit at least as new may still be its descendant, and make it common.
        var oldestOneSided = Int64.max

        // Commits the graph holds are numbered by their place in it (an array, no hashing);
        // the others (newer than the graph, or no graph) by id.
        var byPosition = [Int32](repeating: -1, count: graph?.commitCount ?? 0)
        var byOID: [ObjectID: Int] = [:]

        func outsider(_ link: CommitLink, position: Int32) throws(GitStateError) -> Int {
            outsiders.append(try source.commit(link))
            nodes.append(
                Node(
                    time: outsiders[outsiders.count - 1].time, position: position, outsider: Int32(outsiders.count - 1),
                    parents: ParentList()))
            return nodes.count - 1
        }

        func number(graphPosition position: Int) throws(GitStateError) -> Int {
            if byPosition[position] >= 0 { return Int(byPosition[position]) }
            let node: Int
            if let summary = graph!.summary(at: position, extra: &extraParents) {
                nodes.append(
                    Node(time: summary.time, position: Int32(position), outsider: -1, parents: summary.parents))
                node = nodes.count - 1
            } else {
                // An entry that points outside the graph: its object says instead.
                node = try outsider(CommitLink(oid: graph!.oid(at: position), position: nil), position: Int32(position))
            }
            byPosition[position] = Int32(node)
            return node
        }

        func number(_ link: CommitLink) throws(GitStateError) -> Int {
            if let position = link.position ?? graph?.position(of: link.oid), position < byPosition.count {
                return try number(graphPosition: position)
            }
            if let known = byOID[ObjectID(link.oid)] { return known }
            let node = try outsider(link, position: -1)
            byOID[ObjectID(link.oid)] = node
            return node
        }

        /// Adds `side` to a commit: queues it if it is still to be processed, and tells whether
        /// it was processed already, so that the side is to be carried down to its parents at once.
        func add(_ side: Side, to node: Int) -> Bool {
            let before = nodes[node].sides
            let after = before.union(side)
            guard after != before else { return false }
            nodes[node].sides = after
            if nodes[node].processed { return true }
            queue.push(node, time: nodes[node].time)
            if after != .both {
                nodes[node].uncommonCopies += 1
                uncommonCount += 1
            }
            return false
        }

        func paint(_ start: Int, _ side: Side) {
            // Most commits are painted before they are processed: nothing to carry down.
            guard add(side, to: start) else { return }
            var pending: [Int32] = []
            var next = start
            while true {
                let parents = nodes[next].parents
                for index in 0..<parents.count { pending.append(parents[index, extra: extraParents]) }
                repeat {
                    guard let node = pending.popLast() else { return }
                    next = Int(node)
                } while !add(side, to: next)
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
            guard !nodes[node].processed else { continue }  // a stale copy
            order.append(node)
            let side = nodes[node].sides
            if side != .both { oldestOneSided = min(oldestOneSided, nodes[node].time) }
            var parents: ParentList
            if nodes[node].outsider < 0 {
                // Graph positions, turned into numbers in place.
                parents = nodes[node].parents
                for index in 0..<parents.count {
                    let number = Int32(try number(graphPosition: Int(parents[index, extra: extraParents])))
                    parents.set(index, to: number, extra: &extraParents)
                }
            } else {
                let commit = outsiders[Int(nodes[node].outsider)]
                // Numbered first: numbering may add other commits' parents to `extraParents`.
                var numbers: [Int32] = []
                if !boundary.contains(commit.oid) {
                    for parent in commit.parents { numbers.append(Int32(try number(parent))) }
                }
                parents = ParentList()
                for number in numbers { parents.append(number, extra: &extraParents) }
            }
            nodes[node].parents = parents
            nodes[node].processed = true
            for index in 0..<parents.count { paint(Int(parents[index, extra: extraParents]), side) }
        }
        Trace.note("walk processed \(order.count) commits")
        return Result(nodes: nodes, order: order, outsiders: outsiders, graph: graph)
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
