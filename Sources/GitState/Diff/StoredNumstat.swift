import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

extension Diff {
    /// `--numstat` for a diff between two stored versions (trees or the index).
    func numstat(content: ContentReader, skipping: (PathKey) -> Bool) throws(GitStateError) -> [LineCounts] {
        // Counted from the two blobs, GitState's reading of the attributes deciding what is
        // binary (the diff's own patch would look each path's driver up through libgit2).
        try StoredNumstat.counts(deltas, content: content, skipping: skipping) { _, delta throws(GitStateError) in
            try content.lineCounts(old: delta.oldOID, new: delta.newOID, path: delta.path, oldPath: delta.oldPath)
        }
    }
}

/// `--numstat` between two stored versions: type changes and submodules counted from
/// their contents, everything else by `plain` (given each delta and its position).
enum StoredNumstat {
    static func counts(
        _ deltas: [Delta], content: ContentReader, skipping: (PathKey) -> Bool,
        plain: (Int, Delta) throws(GitStateError) -> LineCounts
    ) throws(GitStateError) -> [LineCounts] {
        var result: [LineCounts] = []
        for (position, delta) in deltas.enumerated() {
            guard delta.kind.letter != nil, !skipping(PathKey(delta.path)) else { continue }
            if delta.needsContentCounting {
                result.append(
                    try LineCounter.count(
                        old: content.content(oid: delta.oldOID, mode: delta.oldMode),
                        new: content.content(oid: delta.newOID, mode: delta.newMode), path: delta.path,
                        binaryAbove: content.bigFileThreshold))
            } else {
                result.append(try plain(position, delta))
            }
        }
        return result
    }

    /// `--numstat` for deltas GitState paired itself (`RenameRule.pairing`), with no libgit2
    /// diff behind them: each counted from the two blobs.
    static func counts(
        paired deltas: [Delta], content: ContentReader, skipping: (PathKey) -> Bool
    ) throws(GitStateError) -> [LineCounts] {
        // A rename or copy is binary when either side's attributes say so (git loads each
        // side's diff driver).
        try counts(deltas, content: content, skipping: skipping) { _, delta throws(GitStateError) in
            try content.lineCounts(old: delta.oldOID, new: delta.newOID, path: delta.path, oldPath: delta.oldPath)
        }
    }
}
