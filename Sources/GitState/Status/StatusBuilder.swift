import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Merges the two sides into porcelain v2 entries, in git's order: changed
/// entries, then unmerged ones, then untracked, each sorted by path.
struct StatusBuilder {
    let facts: IndexFacts
    private var index: [PathKey: Character] = [:]
    private var workTree: [PathKey: Character] = [:]
    private var origins: [PathKey: String] = [:]
    private var untracked: [PathKey] = []

    init(facts: IndexFacts) { self.facts = facts }

    mutating func addStaged(_ delta: Delta) {
        let key = PathKey(delta.path)
        guard facts.conflicts[key] == nil, !facts.intentToAdd.contains(key), let letter = delta.kind.letter else {
            return
        }
        index[key] = letter
        if delta.kind == .renamed || delta.kind == .copied { origins[key] = delta.oldPath }
    }

    mutating func addWorkTree(_ changes: WorkTreeChanges) {
        for change in changes.changes {
            workTree[change.path] = change.letter
            if let origin = change.origin { origins[change.path] = origin.string }
        }
        untracked = changes.untracked
    }

    func entries() -> [StatusEntry] {
        let changed = Set(index.keys).union(workTree.keys).sorted().map { key in
            StatusEntry(path: key.string, xy: "\(index[key] ?? ".")\(workTree[key] ?? ".")", orig: origins[key])
        }
        let unmerged = facts.conflicts.keys.sorted().map { StatusEntry(path: $0.string, xy: facts.conflicts[$0]!.code) }
        return changed + unmerged + untracked.sorted().map { StatusEntry(path: $0.string, xy: "??") }
    }
}
