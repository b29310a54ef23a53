import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// What the index says about paths beyond their content.
struct IndexFacts {
    struct Conflict {
        /// The porcelain code (`UU`, `AU`, ...).
        var code: String
        /// Stage 2 ("ours"), which `git diff` compares the work tree with.
        var ours: (oid: git_oid, mode: UInt32)?
    }

    var conflicts: [PathKey: Conflict] = [:]
    var intentToAdd: Set<PathKey> = []
    /// Entries git leaves out of work-tree comparisons (sparse checkout, `--skip-worktree`).
    var skipWorktree: Set<PathKey> = []

    init(index: IndexFile) {
        let entries = index.entries
        var stageMasks: [PathKey: Int] = [:]
        var ours: [PathKey: (oid: git_oid, mode: UInt32)] = [:]
        for entry in entries {
            let stage = entry.stage
            if stage > 0 {
                let key = index.key(of: entry)
                stageMasks[key, default: 0] |= 1 << (stage - 1)
                if stage == 2 { ours[key] = (entry.oid, entry.mode) }
            } else {
                if entry.intentToAdd { intentToAdd.insert(index.key(of: entry)) }
                if entry.skipWorktree { skipWorktree.insert(index.key(of: entry)) }
            }
        }
        let codes = [1: "DD", 2: "AU", 3: "UD", 4: "UA", 5: "DU", 6: "AA", 7: "UU"]
        for (key, mask) in stageMasks { conflicts[key] = Conflict(code: codes[mask] ?? "UU", ours: ours[key]) }
    }
}
