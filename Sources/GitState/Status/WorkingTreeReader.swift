import CLibGit2

/// Status and both numstats, computed from one diff of HEAD against the index
/// and one of the index against the work tree.
struct WorkingTreeChanges {
    var status: [StatusEntry]
    var staged: [LineCounts]
    var unstaged: [LineCounts]
}

struct WorkingTreeReader {
    let repository: Repository

    func read(head: HeadState) throws(GitStateError) -> WorkingTreeChanges {
        let indexPath = repository.gitDirectory + "/index"
        let index = try makeHandle(path: indexPath, kind: .corruptIndex, free: git_index_free) {
            git_repository_index($0, repository.pointer)
        }
        let entries = IndexFacts(index: index.pointer)
        let tree = try headTree(head)
        let renames = RenameSettings(repository: repository)

        // HEAD → index, once for status (status.renames) and, when the setting
        // differs, once more for `git diff --cached` (diff.renames).
        let statusStaged = try stagedDiff(tree: tree, index: index, detection: renames.status)
        let numstatStaged =
            renames.status == renames.diff
            ? statusStaged : try stagedDiff(tree: tree, index: index, detection: renames.diff)
        let unstaged = try unstagedDiff(index: index)

        var builder = StatusBuilder(facts: entries)
        for delta in statusStaged.deltas { builder.addStaged(delta) }
        for delta in unstaged.deltas { builder.addUnstaged(delta) }

        return WorkingTreeChanges(
            status: builder.entries(),
            staged: try numstat(numstatStaged, facts: entries, side: .staged),
            unstaged: try numstat(unstaged, facts: entries, side: .unstaged))
    }

    private func headTree(_ head: HeadState) throws(GitStateError) -> Handle? {
        guard var oid = head.oid else { return nil }
        let commit = try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_commit_free) {
            git_commit_lookup($0, repository.pointer, &oid)
        }
        return try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_tree_free) {
            git_commit_tree($0, commit.pointer)
        }
    }

    private func stagedDiff(tree: Handle?, index: Handle, detection: RenameDetection) throws(GitStateError) -> Diff {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        let diff = try makeHandle(path: repository.gitDirectory + "/index", free: git_diff_free) {
            git_diff_tree_to_index($0, repository.pointer, tree?.pointer, index.pointer, &options)
        }
        try detection.apply(to: diff, path: repository.gitDirectory)
        return Diff(handle: diff)
    }

    private func unstagedDiff(index: Handle) throws(GitStateError) -> Diff {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        let diff = try makeHandle(path: repository.workTree ?? repository.gitDirectory, free: git_diff_free) {
            git_diff_index_to_workdir($0, repository.pointer, index.pointer, &options)
        }
        return Diff(handle: diff)
    }

    enum Side { case staged, unstaged }

    private func numstat(_ diff: Diff, facts: IndexFacts, side: Side) throws(GitStateError) -> [LineCounts] {
        var result: [LineCounts] = []
        for (position, delta) in diff.deltas.enumerated() {
            switch delta.kind {
            case .untracked, .ignored, .unmodified, .unreadable: continue
            default: break
            }
            let key = PathKey(delta.path)
            if facts.conflicts[key] != nil { continue }
            if side == .staged && facts.intentToAdd.contains(key) { continue }
            result.append(try diff.lineCounts(at: position, path: delta.path))
        }
        for path in facts.conflicts.keys { result.append(LineCounts(path: path.string, add: 0, del: 0)) }
        return result.sorted { PathKey($0.path) < PathKey($1.path) }
    }
}

/// What the index says about paths beyond their content: conflicts, intent-to-add.
struct IndexFacts {
    /// Conflicted paths and their porcelain code (`UU`, `AU`, ...).
    var conflicts: [PathKey: String] = [:]
    var intentToAdd: Set<PathKey> = []

    init(index: OpaquePointer) {
        let count = git_index_entrycount(index)
        var stageMasks: [PathKey: Int] = [:]
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position)?.pointee else { continue }
            let key = PathKey(String(cString: entry.path))
            let stage = Int((entry.flags >> 12) & 0x3)
            if stage > 0 {
                stageMasks[key, default: 0] |= 1 << (stage - 1)
            } else if entry.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0 {
                intentToAdd.insert(key)
            }
        }
        let codes = [1: "DD", 2: "AU", 3: "UD", 4: "UA", 5: "DU", 6: "AA", 7: "UU"]
        for (key, mask) in stageMasks { conflicts[key] = codes[mask] ?? "UU" }
    }
}

/// Merges the two diffs into porcelain v2 entries.
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

    mutating func addUnstaged(_ delta: Delta) {
        let key = PathKey(delta.path)
        if delta.kind == .untracked {
            untracked.append(key)
            return
        }
        guard facts.conflicts[key] == nil, let letter = delta.kind.letter else { return }
        workTree[key] = letter
    }

    func entries() -> [StatusEntry] {
        var tracked: [PathKey: StatusEntry] = [:]
        for (key, code) in facts.conflicts { tracked[key] = StatusEntry(path: key.string, xy: code) }
        for key in facts.intentToAdd {
            // git shows an intent-to-add path as added in the work tree, or deleted once the file is gone.
            let letter: Character = workTree[key] == "D" ? "D" : "A"
            tracked[key] = StatusEntry(path: key.string, xy: ".\(letter)")
        }
        for key in Set(index.keys).union(workTree.keys) where tracked[key] == nil {
            let x = index[key] ?? "."
            let y = workTree[key] ?? "."
            tracked[key] = StatusEntry(path: key.string, xy: "\(x)\(y)", orig: origins[key])
        }
        let sortedTracked = tracked.keys.sorted().map { tracked[$0]! }
        let sortedUntracked = untracked.sorted().map { StatusEntry(path: $0.string, xy: "??") }
        return sortedTracked + sortedUntracked
    }
}

/// A path compared byte by byte, as git compares paths.
///
/// Swift's `String` equality treats NFC and NFD spellings as equal; git, and
/// the file system, do not.
struct PathKey: Hashable, Comparable {
    let bytes: [UInt8]

    init(_ path: String) { bytes = Array(path.utf8) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    static func < (lhs: PathKey, rhs: PathKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
