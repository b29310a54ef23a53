import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Status and both numstats, computed from one diff of HEAD against the index
/// and one of the index against the work tree.
struct WorkingTreeChanges {
    var status: [StatusEntry]
    var staged: [LineCounts]
    var unstaged: [LineCounts]
}

struct WorkingTreeReader {
    let repository: Repository

    /// Reads status and numstats with the engine asked for (the fast one unless
    /// the repository needs something only libgit2's reader does).
    func read(head: HeadState, engine: StatusEngine = .automatic) throws(GitStateError) -> WorkingTreeChanges {
        if engine != .libgit2 && FastPath.isEligible(repository) {
            let file = try Trace.measure("index parse") { () throws(GitStateError) -> IndexFile in try readIndex() }
            return try FastWorkingTreeReader(repository: repository, index: file).read(head: head)
        }
        return try readWithLibgit2(head: head)
    }

    /// The index as git holds it after reading: parsed from its file (merged with
    /// its shared index when split) and adjusted as git adjusts it in a sparse checkout.
    func readIndex() throws(GitStateError) -> IndexFile {
        let indexPath = repository.indexPath
        var file: IndexFile
        do {
            file = try IndexFile.read(indexPath, gitDirectory: repository.gitDirectory)
        } catch {
            throw IndexFormat.explain(error, path: indexPath)
        }
        try SparseCheckout(repository: repository).adjust(&file)
        return file
    }

    /// The index for the slower path, as a libgit2 index and in GitState's form.
    ///
    /// Usually libgit2's own; for what libgit2 1.5.1 cannot read (split and sparse
    /// indexes) and for the skip-worktree bits git clears after reading, a
    /// `MemoryIndex` of the entries as git sees them (`inMemory`).
    ///
    /// Under `core.ignorecase` libgit2 would match the index's names with the work
    /// tree's without case; git, on a case-sensitive file system, compares each
    /// entry with exactly its file, so the `MemoryIndex` (case-sensitive) serves then too.
    func loadIndex() throws(GitStateError) -> (handle: Handle, entries: IndexFile, inMemory: Bool) {
        if !WorkTreeSettings(repository: repository).ignoreCase, let loaded = try loadLibgit2Index() {
            var entries = IndexFile(libgit2: loaded.pointer)
            if try !SparseCheckout(repository: repository).adjust(&entries) { return (loaded, entries, false) }
        }
        let entries = try readIndex().expandingSparseDirectories(repository: repository)
        return (try MemoryIndex(entries, path: repository.indexPath).handle, entries, true)
    }

    /// libgit2's own index; `nil` for the formats it cannot read (split, sparse).
    private func loadLibgit2Index() throws(GitStateError) -> Handle? {
        let indexPath = repository.indexPath
        do {
            return try Trace.measure("index load") { () throws(GitStateError) -> Handle in
                try makeHandle(path: indexPath, kind: .corruptIndex, free: git_index_free) {
                    git_repository_index($0, repository.pointer)
                }
            }
        } catch {
            let explained = IndexFormat.explain(error, path: indexPath)
            guard explained.kind == .unsupportedFormat else { throw explained }
            return nil
        }
    }

    private func readWithLibgit2(head: HeadState) throws(GitStateError) -> WorkingTreeChanges {
        let (index, entries, inMemory) = try loadIndex()
        // libgit2 reads attributes and submodules through the repository's index: let it see this one.
        let restore = inMemory ? repository.substituteIndex(index.pointer) : {}
        defer { restore() }
        let facts = IndexFacts(index: entries)
        let tree = try head.oid.map { oid throws(GitStateError) in try repository.tree(of: oid) }
        let renames = RenameSettings(repository: repository)
        let content = ContentReader(repository: repository)

        // HEAD → index, once for status (status.renames) and, when the setting
        // differs, once more for `git diff --cached` (diff.renames).
        let statusStaged = try Trace.measure("HEAD to index diff") { () throws(GitStateError) -> Diff in
            try stagedDiff(tree: tree, index: index, detection: renames.status)
        }
        let numstatStaged =
            renames.status == renames.diff
            ? statusStaged : try stagedDiff(tree: tree, index: index, detection: renames.diff)

        let settings = WorkTreeSettings(repository: repository)
        let unstagedDiff = try Trace.measure("index to work tree diff") { () throws(GitStateError) -> Diff in
            try self.unstagedDiff(index: index, untracked: settings.untracked)
        }
        var workTree = try WorkTreeChanges(diff: unstagedDiff, facts: facts, content: content)
        // git lists an untracked directory only when no index entry has its name
        // (a tracked file replaced by a directory shows as deleted, nothing more).
        workTree.untracked.removeAll { key in
            key.bytes.last == UInt8(ascii: "/")
                && git_index_find(nil, index.pointer, String(decoding: key.bytes.dropLast(), as: UTF8.self)) == 0
        }
        if settings.ignoreCase, let root = repository.workTree {
            // libgit2 listed them against the case-sensitive index; git's search matches names without case.
            var scannerSettings = WorkTreeScanner.Settings(repository: repository)
            scannerSettings.listInsideReplacedFiles = settings.untracked == .all
            let listed = workTree.untracked.map { key in
                let isDirectory = key.bytes.last == UInt8(ascii: "/")
                let path = isDirectory ? Array(key.bytes.dropLast()) : key.bytes
                return WorkTreeScanner.Candidate(path: path, isDirectory: isDirectory)
            }
            let candidates = WorkTreeScanner(root: root, index: entries, settings: scannerSettings)
                .matchingWithoutCase(listed)
            let resolver = UntrackedResolver(repository: repository, mode: settings.untracked, ignoreCase: true)
            workTree.untracked = try resolver.resolve(candidates.map(\.key))
        }
        var statusWorkTree = try workTree.pairingRenames(detection: renames.status, content: content)
        var numstatWorkTree =
            renames.status == renames.diff
            ? statusWorkTree : try workTree.pairingRenames(detection: renames.diff, content: content)
        var submodules = SubmoduleInspector(repository: repository).states(index: entries, facts: facts)
        try statusWorkTree.add(&submodules, defaultIgnore: settings.statusSubmoduleIgnore)
        try numstatWorkTree.add(&submodules, defaultIgnore: settings.diffSubmoduleIgnore)

        var builder = StatusBuilder(facts: facts)
        for delta in statusStaged.deltas { builder.addStaged(delta) }
        builder.addWorkTree(statusWorkTree)

        return try Trace.measure("numstat") { () throws(GitStateError) -> WorkingTreeChanges in
            WorkingTreeChanges(
                status: builder.entries(),
                staged: try StagedSide(
                    statusDeltas: statusStaged.deltas, numstatDeltas: numstatStaged.deltas, numstatDiff: numstatStaged
                ).numstat(facts: facts, content: content),
                unstaged: try numstatWorkTree.numstat(diff: unstagedDiff, facts: facts, content: content))
        }
    }

    /// HEAD → index; with `only`, limited to exactly those paths.
    func stagedDiff(tree: Handle?, index: Handle, detection: RenameDetection, only paths: [String]? = nil)
        throws(GitStateError) -> Diff
    {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        let diff = try options.limited(toExactly: paths?.map { Array($0.utf8) }) { options throws(GitStateError) in
            try makeHandle(path: repository.gitDirectory + "/index", free: git_diff_free) {
                git_diff_tree_to_index($0, repository.pointer, tree?.pointer, index.pointer, &options)
            }
        }
        try detection.apply(to: diff, path: repository.gitDirectory)
        return Diff(handle: diff)
    }

    private func unstagedDiff(index: Handle, untracked: UntrackedMode) throws(GitStateError) -> Diff {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        switch untracked {
        case .no: break
        case .normal: options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue
        case .all: options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        }
        // Submodules are compared by SubmoduleState, with git's per-command defaults.
        options.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL
        let diff = try makeHandle(path: repository.workTree ?? repository.gitDirectory, free: git_diff_free) {
            git_diff_index_to_workdir($0, repository.pointer, index.pointer, &options)
        }
        return Diff(handle: diff)
    }

}

extension Diff {
    /// `--numstat` for a diff between two stored versions (trees or the index).
    func numstat(content: ContentReader, skipping: (PathKey) -> Bool) throws(GitStateError) -> [LineCounts] {
        try StoredNumstat.counts(deltas, content: content, skipping: skipping) {
            position, delta throws(GitStateError) in
            // The diff's own patch looks up each path's diff driver in the attributes; where no
            // attribute can apply, the two blobs give the same counts without the lookups.
            if content.attributesMayApply(to: delta.path) || content.attributesMayApply(to: delta.oldPath) {
                return try lineCounts(at: position, path: delta.path)
            }
            return try content.lineCounts(old: delta.oldOID, new: delta.newOID, path: delta.path)
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
                        new: content.content(oid: delta.newOID, mode: delta.newMode), path: delta.path))
            } else {
                result.append(try plain(position, delta))
            }
        }
        return result
    }
}

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

/// The index → work tree side, adjusted to what git reports.
///
/// git hides intent-to-add entries from the index when it compares with the work
/// tree, so they show as added files, and (with rename detection on) a deleted
/// file and an intent-to-add file with the same content pair up as a rename.
struct WorkTreeChanges {
    struct Change {
        var path: PathKey
        var letter: Character
        /// The change, with its position in the libgit2 diff when it came from one.
        var delta: (position: Int?, value: Delta)?
        /// The source of a rename found among deleted and intent-to-add files.
        var origin: PathKey?
        /// The deleted side of that rename, whose content the new file is counted against.
        var originDelta: Delta?
        /// Counts known without a libgit2 delta (submodules).
        var counts: LineCounts?
    }

    var changes: [Change] = []
    var untracked: [PathKey] = []

    init(diff: Diff, facts: IndexFacts, content: ContentReader) throws(GitStateError) {
        var seen: Set<PathKey> = []
        for (position, delta) in diff.deltas.enumerated() {
            let key = PathKey(delta.path)
            if delta.kind == .untracked {
                untracked.append(key)
                continue
            }
            guard var letter = delta.kind.letter, facts.conflicts[key] == nil, !facts.skipWorktree.contains(key) else {
                continue
            }
            if facts.intentToAdd.contains(key) && letter != "D" { letter = "A" }
            seen.insert(key)
            changes.append(Change(path: key, letter: letter, delta: (position, delta)))
        }
        // An intent-to-add file whose content is still empty has no libgit2 delta.
        for key in facts.intentToAdd where !seen.contains(key) {
            if try content.workTreeContent(key.string) != nil {
                changes.append(Change(path: key, letter: "A", delta: nil))
            }
        }
    }

    init(changes: [Change], untracked: [PathKey]) {
        self.changes = changes
        self.untracked = untracked
    }

    /// Adds the submodules git shows as changed under `defaultIgnore`.
    mutating func add(_ submodules: inout [SubmoduleState], defaultIgnore: SubmoduleIgnore) throws(GitStateError) {
        let present = Set(changes.map(\.path))
        for position in submodules.indices where !present.contains(submodules[position].path) {
            guard try submodules[position].isChanged(defaultIgnore: defaultIgnore) else { continue }
            let state = submodules[position]
            changes.append(
                Change(path: state.path, letter: state.isDeleted ? "D" : "M", delta: nil, counts: state.lineCounts))
        }
    }

    /// Pairs deleted files with added (intent-to-add) files: identical contents
    /// first, then the most similar pairs at git's default threshold of 50%.
    func pairingRenames(detection: RenameDetection, content: ContentReader) throws(GitStateError) -> WorkTreeChanges {
        guard detection != .off else { return self }
        var targets = changes.indices.filter { changes[$0].letter == "A" }.sorted {
            changes[$0].path < changes[$1].path
        }
        var sources = changes.indices.filter { changes[$0].letter == "D" && changes[$0].delta != nil }
        guard !targets.isEmpty, !sources.isEmpty else { return self }
        var result = changes
        var consumed: Set<Int> = []
        func pair(_ target: Int, _ source: Int) {
            result[target].letter = "R"
            result[target].origin = changes[source].path
            result[target].originDelta = changes[source].delta?.value
            consumed.insert(source)
            sources.removeAll { $0 == source }
            targets.removeAll { $0 == target }
        }
        var targetContents: [Int: [UInt8]] = [:]
        for target in targets {
            guard let bytes = try content.workTreeContent(changes[target].path.string) else { continue }
            targetContents[target] = bytes
            let oid = BlobID(bytes)
            let candidates = sources.filter { changes[$0].delta?.value.oldOID == oid }
            let basename = changes[target].path.basename
            if let source = candidates.first(where: { changes[$0].path.basename == basename }) ?? candidates.first {
                pair(target, source)
            }
        }
        if !targets.isEmpty && !sources.isEmpty {
            var scored: [(score: Int, target: Int, source: Int)] = []
            for source in sources {
                guard let delta = changes[source].delta?.value else { continue }
                let old = try content.content(oid: delta.oldOID, mode: delta.oldMode)
                for target in targets {
                    guard let new = targetContents[target] else { continue }
                    let score = Similarity.score(old, new)
                    if score >= 50 { scored.append((score, target, source)) }
                }
            }
            for candidate in scored.sorted(by: { $0.score > $1.score })
            where targets.contains(candidate.target) && sources.contains(candidate.source) {
                pair(candidate.target, candidate.source)
            }
        }
        return WorkTreeChanges(
            changes: result.enumerated().filter { !consumed.contains($0.offset) }.map(\.element), untracked: untracked)
    }

    /// `git diff --numstat` for these changes, plus git's lines for unmerged paths.
    func numstat(diff: Diff?, facts: IndexFacts, content: ContentReader) throws(GitStateError) -> [LineCounts] {
        var result: [LineCounts] = []
        for change in changes {
            let path = change.path.string
            if let counts = change.counts {
                result.append(counts)
            } else if change.letter == "R", let source = change.originDelta {
                result.append(
                    try LineCounter.count(
                        old: content.content(oid: source.oldOID, mode: source.oldMode),
                        new: content.workTreeContent(path) ?? [], path: path))
            } else if let (position, delta) = change.delta {
                if delta.needsContentCounting {
                    result.append(
                        try LineCounter.count(
                            old: content.content(oid: delta.oldOID, mode: delta.oldMode),
                            new: content.workTreeContent(path) ?? [], path: path))
                } else {
                    // Like git's skip_stat_unmatch: a file whose stat data changed but whose
                    // content, after git's filters, did not, is no change at all.
                    func mayBeUnchanged(_ counts: LineCounts) -> Bool {
                        counts.add == 0 && counts.del == 0 && delta.kind == .modified && delta.oldMode == delta.newMode
                    }
                    let counts: LineCounts
                    if let diff, let position {
                        counts = try diff.lineCounts(at: position, path: path)
                        if mayBeUnchanged(counts), try content.workTreeOID(path) == delta.oldOID { continue }
                    } else {
                        // A deleted path has no content, even when a link higher up (which git does
                        // not follow) leads to a file of that name.
                        let new = delta.kind == .deleted ? nil : try content.workTreeContent(path)
                        counts = try content.lineCounts(old: delta.oldOID, against: new ?? [], path: path)
                        // The content just read, not read again.
                        if mayBeUnchanged(counts), new.map(BlobID) == delta.oldOID { continue }
                    }
                    result.append(counts)
                }
            } else {
                result.append(try LineCounter.count(old: [], new: content.workTreeContent(path) ?? [], path: path))
            }
        }
        // git lists each unmerged path as `0 0`, then compares stage 2 with the work tree.
        var unmerged: [LineCounts] = []
        for (key, conflict) in facts.conflicts {
            unmerged.append(LineCounts(path: key.string, add: 0, del: 0))
            guard let ours = conflict.ours else { continue }
            let theirs = try content.workTreeContent(key.string)
            let base = try content.content(oid: ours.oid, mode: ours.mode)
            if theirs != base {
                unmerged.append(try LineCounter.count(old: base, new: theirs ?? [], path: key.string))
            }
        }
        // Stable: an unmerged path's `0 0` line stays before its stage-2 line.
        let ordered = unmerged.enumerated().sorted {
            PathKey($0.element.path) == PathKey($1.element.path)
                ? $0.element.add == 0 && $0.element.del == 0 && $0.offset < $1.offset
                : PathKey($0.element.path) < PathKey($1.element.path)
        }.map(\.element)
        return (result + ordered).enumerated().sorted {
            let left = PathKey($0.element.path)
            let right = PathKey($1.element.path)
            return left == right ? $0.offset < $1.offset : left < right
        }.map(\.element)
    }
}

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

/// A path compared byte by byte, as git compares paths.
///
/// Swift's `String` equality treats NFC and NFD spellings as equal; git, and
/// the file system, do not.
struct PathKey: Hashable, Comparable {
    let bytes: [UInt8]

    init(_ path: String) { bytes = Array(path.utf8) }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    var basename: ArraySlice<UInt8> {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes[...] }
        return bytes[(slash + 1)...]
    }

    static func < (lhs: PathKey, rhs: PathKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// All bytes in one call: an array's own hashing feeds the hasher one byte at a time,
    /// which made hashing paths a visible share of a large repository's status.
    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Names the index formats libgit2 1.5.1 cannot read after the feature users know.
enum IndexFormat {
    static let extensions = [
        "'link'": "split index (core.splitIndex, `git update-index --split-index`)",
        "'sdir'": "sparse index (`git sparse-checkout --sparse-index`)",
    ]

    static func explain(_ error: GitStateError, path: String) -> GitStateError {
        for (name, feature) in extensions where error.message.contains(name) {
            return GitStateError(
                kind: .unsupportedFormat,
                message: "unsupported repository format: \(feature) in \(path); libgit2 1.5.1 cannot read it",
                path: path)
        }
        if error.kind == .corruptIndex && error.message.hasPrefix("corrupt index ") { return error }
        if error.kind == .corruptIndex || error.kind == .other {
            return .corruptIndex(path, error.message)
        }
        return error
    }
}

/// `status.showUntrackedFiles`.
enum UntrackedMode {
    case no, normal, all

    init(configValue: String?) {
        switch configValue?.lowercased() {
        case "no", "false", "off", "0": self = .no
        case "all": self = .all
        default: self = .normal
        }
    }
}

/// The settings that shape the work-tree side of `git status` and `git diff`.
struct WorkTreeSettings {
    var untracked: UntrackedMode
    /// `core.ignorecase`.
    var ignoreCase: Bool
    /// Submodule changes `git status` ignores unless a submodule says otherwise.
    var statusSubmoduleIgnore: SubmoduleIgnore
    /// The same for `git diff`, which leaves untracked content out by default.
    var diffSubmoduleIgnore: SubmoduleIgnore

    init(repository: Repository) {
        untracked = UntrackedMode(configValue: repository.configString("status.showuntrackedfiles"))
        ignoreCase = repository.configBool("core.ignorecase") ?? false
        let configured = repository.configString("diff.ignoresubmodules").flatMap(SubmoduleIgnore.init(configValue:))
        statusSubmoduleIgnore = configured ?? (untracked == .no ? .untracked : .none)
        diffSubmoduleIgnore = configured ?? .untracked
    }
}

/// Which implementation computes status and numstat.
enum StatusEngine {
    /// The fast path where the repository allows it, libgit2's diffs otherwise.
    case automatic
    /// libgit2's index and diffs throughout (`HANDOFF_ENGINE=libgit2`).
    case libgit2
}

enum FastPath {
    /// Whether the fast path handles this repository exactly as git would.
    static func isEligible(_ repository: Repository) -> Bool {
        if getenv("HANDOFF_ENGINE").map({ String(cString: $0) }) == "libgit2" { return false }
        return repository.workTree != nil
    }
}
