import CLibGit2
import CPlatform

#if canImport(Glibc)
import Glibc
#endif

/// Status and both numstats without libgit2's index loader or its work-tree
/// diff: the index is parsed from a memory map, HEAD is compared with it
/// through the cache tree, and the work tree is scanned in parallel
/// (`WorkTreeScanner`). libgit2 still supplies objects, filters, ignore rules
/// and patches; renames are paired by GitState (`RenamePairing`).
struct ScanStatusEngine {
    let repository: Repository
    let index: IndexFile
    /// `--path`: only this part of the work tree is read, and only its changes are reported.
    var scope: PathScope? = nil

    /// Whether this engine handles the repository exactly as git would (`HANDOFF_ENGINE=libgit2`
    /// asks for libgit2's diffs instead).
    static func isEligible(_ repository: Repository) -> Bool {
        if getenv("HANDOFF_ENGINE").map({ String(cString: $0) }) == "libgit2" { return false }
        return repository.workTree != nil
    }

    func read(head: HeadState) throws(GitStateError) -> WorkingTreeChanges {
        let allFacts = Trace.measure("index facts") { IndexFacts(index: index) }
        let facts = scope?.restrict(allFacts) ?? allFacts
        let renames = RenameSettings(repository: repository)
        let content = ContentReader(repository: repository, index: index)
        let settings = WorkTreeSettings(repository: repository)
        let tree = try head.tree.map { oid throws(GitStateError) in try repository.tree(of: oid) }
        // libgit2 reads attributes (for filters, binary detection, diff drivers) and would load
        // its own copy of the index to look for `.gitattributes` blobs there, which costs more
        // than everything else here; the work tree's attribute files decide instead.
        let restore = repository.shadowIndex()
        defer { restore() }

        // Two independent pieces of work, on two threads for a large index: HEAD compared with
        // the index (libgit2's one user meanwhile), with its line counts read from objects alone;
        // and the scan of the work tree with its plan of directories (no libgit2). The scan
        // starts as soon as its plan is made: the staged side's thread shares the cores with
        // the scan's workers instead of leaving one idle until it is done.
        var stagedResult: Result<(side: StagedSide, counts: [LineCounts]), GitStateError>?
        var scan: WorkTreeScanner.Result?
        func compareStaged() {
            stagedResult = Result { () throws(GitStateError) -> (side: StagedSide, counts: [LineCounts]) in
                let side = try Trace.measure("HEAD to index (cache tree)") { () throws(GitStateError) -> StagedSide in
                    try stagedSide(tree: tree, facts: facts, renames: renames, content: content)
                }
                let counts = try Trace.measure("staged numstat") { () throws(GitStateError) -> [LineCounts] in
                    try side.numstat(facts: facts, content: content)
                }
                return (side, counts)
            }
        }
        let scanner = workTreeScanner(untracked: settings.untracked)
        // git's caches (`core.fsmonitor` with watchman, `core.untrackedCache`): configuration read here,
        // the monitor asked and the cache checked on the scan's thread.
        let monitor = scanner == nil ? nil : FileSystemMonitor(repository: repository, index: index)
        // git's untracked cache records whole directories; a scoped scan lists only its own.
        let untrackedCache =
            scanner == nil || index.untrackedCache == nil || scope != nil
            ? nil : UntrackedCacheReuse(repository: repository, index: index, settings: settings)
        func planAndScan() {
            guard let scanner else { return }
            let vouchers = monitor?.isConfigured == true ? monitor?.vouchers() : nil
            let plan = Trace.measure("directory plan") {
                DirectoryPlan(index: index, compare: Self.isCompared, clean: vouchers?.clean, scope: scope)
            }
            let listings = Trace.measure("untracked cache") {
                untrackedCache?.listings(plan: plan, vouchers: vouchers, scanner: scanner) ?? []
            }
            var result = Trace.measure("work tree scan") { scanner.scan(plan: plan, listings: listings) }
            if let scope { result.candidates = scope.narrow(result.candidates, root: scanner.root) }
            scan = result
        }
        if index.entries.count >= WorkTreeScanner.parallelThreshold {
            WorkerPool.run(elsewhere: compareStaged, here: planAndScan)
        } else {
            compareStaged()
            planAndScan()
        }
        guard let (staged, stagedCounts) = try stagedResult?.get() else { preconditionFailure("the staged side ran") }
        // The scan's plan (a few small arrays per directory, on every worker's heap) is gone
        // now; hand its pages back instead of carrying them through the rest of the read
        // (about 10 MB at a million files).
        malloc_trim(0)
        var workTree = try workTreeChanges(scan: scan, anyIntentToAdd: !facts.intentToAdd.isEmpty, content: content)
        workTree.untracked = try Trace.measure("untracked") { () throws(GitStateError) -> [PathKey] in
            try UntrackedResolver(repository: repository, mode: settings.untracked, ignoreCase: settings.ignoreCase)
                .resolve(workTree.untracked)
        }
        // What git's untracked cache recorded is already resolved.
        workTree.untracked += scan?.candidates.lazy.filter(\.isFinal).map(\.key) ?? []
        let changes = try StatusAssembler(
            repository: repository, index: index, facts: facts, renames: renames, content: content, settings: settings,
            scope: scope
        ).assemble(staged: staged, stagedCounts: stagedCounts, workTree: workTree, unstagedDiff: nil)
        return scope?.restrict(changes) ?? changes
    }

    /// HEAD → index from the cache tree.
    private func stagedSide(tree: Handle?, facts: IndexFacts, renames: RenameSettings, content: ContentReader)
        throws(GitStateError)
        -> StagedSide
    {
        // Conflicted paths and intent-to-add entries are reported apart; most indexes have neither.
        let positions: [Int]? =
            facts.conflicts.isEmpty && facts.intentToAdd.isEmpty
            ? nil
            : index.entries.indices.filter {
                index.entries[$0].stage == 0 && !index.entries[$0].intentToAdd
                    && facts.conflicts[index.key(of: index.entries[$0])] == nil
            }
        var deltas = try StagedComparer(repository: repository, index: index, positions: positions)
            .deltas(tree: tree)
        // Limited before renames are looked for, as git limits its diff to the pathspec.
        if let scope { deltas.removeAll { !scope.contains($0) } }
        // Renames and copies, as git pairs them, among these deltas alone: no libgit2 diff.
        let statusDeltas = try renames.status.pairing(deltas, content: content)
        let numstatDeltas =
            renames.status == renames.diff ? statusDeltas : try renames.diff.pairing(deltas, content: content)
        return StagedSide(statusDeltas: statusDeltas, numstatDeltas: numstatDeltas, numstatDiff: nil)
    }

    /// The entries the scan compares with the work tree: the others (unmerged, skipped,
    /// assumed unchanged, submodules) are read elsewhere or not at all.
    static func isCompared(_ entry: IndexEntry) -> Bool {
        entry.stage == 0 && !entry.skipWorktree && !entry.assumeValid && entry.mode != GIT_FILEMODE_COMMIT.rawValue
    }

    /// The scanner for this repository's work tree, or `nil` for a bare repository. Made before
    /// the scan's threads start: its settings come from libgit2's configuration.
    private func workTreeScanner(untracked: UntrackedMode) -> WorkTreeScanner? {
        guard let root = repository.workTree else { return nil }
        var scannerSettings = WorkTreeScanner.Settings(repository: repository)
        scannerSettings.listUntracked = untracked != .no
        scannerSettings.listInsideReplacedFiles = untracked == .all
        return WorkTreeScanner(root: root, index: index, settings: scannerSettings)
    }

    /// The scan's outcomes as changes, reading the contents of entries their stat data leaves in doubt.
    private func workTreeChanges(scan: WorkTreeScanner.Result?, anyIntentToAdd: Bool, content: ContentReader)
        throws(GitStateError) -> WorkTreeChanges
    {
        guard let scan else { return WorkTreeChanges(changes: [], untracked: []) }
        var changes: [WorkTreeChanges.Change] = []
        for (position, outcome) in scan.outcomes.enumerated()
        where outcome != .unchanged
            || (anyIntentToAdd && index.entries[position].intentToAdd
                && scope?.contains(index.path(at: position)) != false)
        {
            let entry = index.entries[position]
            let path = String(decoding: index.path(of: entry), as: UTF8.self)
            func change(_ letter: Character, _ kind: Delta.Kind, newMode: UInt32) -> WorkTreeChanges.Change {
                let delta = Delta(
                    kind: kind, path: path, oldPath: path, oldOID: entry.oid, newOID: git_oid(),
                    oldMode: entry.mode, newMode: newMode)
                return WorkTreeChanges.Change(path: index.key(of: entry), letter: letter, delta: (nil, delta))
            }
            if entry.intentToAdd {
                // git hides intent-to-add entries from the index here: the file is added, or gone;
                // its lines are counted against nothing, so an empty one is `0 0` (t2203).
                changes.append(
                    outcome == .deleted
                        ? change("D", .deleted, newMode: 0)
                        : WorkTreeChanges.Change(path: index.key(of: entry), letter: "A", delta: nil))
                continue
            }
            switch outcome {
            case .deleted:
                changes.append(change("D", .deleted, newMode: 0))
            case .typeChanged:
                changes.append(change("T", .typeChanged, newMode: 0))
            case .modeChanged:
                changes.append(change("M", .modified, newMode: entry.mode ^ 0o111))
            case .modified:
                changes.append(change("M", .modified, newMode: entry.mode))
            case .check:
                if try content.workTreeOID(path) != entry.oid {
                    changes.append(change("M", .modified, newMode: entry.mode))
                }
            case .unchanged:
                break
            }
        }
        return WorkTreeChanges(changes: changes, untracked: scan.candidates.lazy.filter { !$0.isFinal }.map(\.key))
    }
}
