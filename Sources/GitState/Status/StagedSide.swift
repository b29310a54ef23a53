import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// The HEAD → index side, with where its line counts come from.
struct StagedSide {
    var statusDeltas: [Delta]
    var numstatDeltas: [Delta]
    /// libgit2's diff when the deltas came from it (renames); `nil` for the cache-tree comparison.
    var numstatDiff: Diff?

    /// `git diff --cached --numstat`: unmerged paths count `0 0`, intent-to-add paths are absent.
    func numstat(facts: IndexFacts, content: ContentReader) throws(GitStateError) -> [LineCounts] {
        let skip = { (key: PathKey) in facts.conflicts[key] != nil || facts.intentToAdd.contains(key) }
        var result: [LineCounts]
        if let numstatDiff {
            result = try numstatDiff.numstat(content: content, skipping: skip)
        } else {
            result = try StoredNumstat.counts(paired: numstatDeltas, content: content, skipping: skip)
        }
        for path in facts.conflicts.keys { result.append(LineCounts(path: path.string, add: 0, del: 0)) }
        return result.sorted { PathKey($0.path) < PathKey($1.path) }
    }
}
