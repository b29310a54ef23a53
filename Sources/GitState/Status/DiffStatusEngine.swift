import CLibGit2

/// Status and both numstats from libgit2's diffs: one of HEAD against the index and one of the
/// index against the work tree (`HANDOFF_ENGINE=libgit2`, and the engine the differential tests
/// hold `ScanStatusEngine` to).
struct DiffStatusEngine {
    let repository: Repository
    /// `--path`: both diffs are limited to it (libgit2's pathspec, matched literally).
    var scope: PathScope? = nil

    func read(head: HeadState) throws(GitStateError) -> WorkingTreeChanges {
        let (index, entries, inMemory) = try IndexLoader(repository: repository).load()
        // libgit2 reads attributes and submodules through the repository's index: let it see this one.
        let restore = inMemory ? repository.substituteIndex(index.pointer) : {}
        defer { restore() }
        let allFacts = IndexFacts(index: entries)
        // libgit2's pathspec takes `dir/` as `dir`: a file `dir` its diffs report is left out below.
        let scope = self.scope?.matchingDirectories(in: entries)
        let facts = scope?.restrict(allFacts) ?? allFacts
        let tree = try head.tree.map { oid throws(GitStateError) in try repository.tree(of: oid) }
        let renames = RenameSettings(repository: repository)
        let content = ContentReader(repository: repository, index: entries)

        // HEAD → index, paired once for status (status.renames) and, when the setting
        // differs, once more for `git diff --cached` (diff.renames), as git pairs them.
        let stagedDiff = try Trace.measure("HEAD to index diff") { () throws(GitStateError) -> Diff in
            try self.stagedDiff(tree: tree, index: index, only: scope?.pathspec)
        }
        let stagedDeltas = stagedDiff.deltas
        let statusStaged = try renames.status.pairing(stagedDeltas, content: content)
        let numstatStaged =
            renames.status == renames.diff ? statusStaged : try renames.diff.pairing(stagedDeltas, content: content)

        let settings = WorkTreeSettings(repository: repository)
        let unstagedDiff = try Trace.measure("index to work tree diff") { () throws(GitStateError) -> Diff in
            try self.unstagedDiff(index: index, untracked: settings.untracked)
        }
        var workTree = try WorkTreeChanges(diff: unstagedDiff, facts: facts, content: content)
        if let scope, let root = repository.workTree {
            // libgit2 may name a directory holding the scope (`dir/` for `-- dir/sub`): listed from the scope down.
            let listed = workTree.untracked.map { key in
                WorkTreeScanner.Candidate(
                    path: key.bytes.last == UInt8(ascii: "/") ? Array(key.bytes.dropLast()) : key.bytes,
                    isDirectory: key.bytes.last == UInt8(ascii: "/"))
            }
            let inside = listed.filter { scope.contains($0.path, isDirectory: $0.isDirectory) }.map(\.key)
            // libgit2 does not look into an untracked directory for a pathspec below it (git
            // lists `dir/sub/` for `-- dir/sub`): a scope path whose parent holds no index entry
            // lies in one, and is listed as the scan's narrowing would list it.
            var enclosed: [WorkTreeScanner.Candidate] = []
            for prefix in scope.prefixes {
                guard let slash = prefix.lastIndex(of: UInt8(ascii: "/")) else { continue }
                let parent = Array(prefix[..<slash])
                if PathScope(relativePaths: [String(decoding: parent, as: UTF8.self)]).ranges(in: entries).isEmpty {
                    enclosed.append(WorkTreeScanner.Candidate(path: parent, isDirectory: true))
                }
            }
            let narrowed = scope.narrow(
                listed.filter { !scope.contains($0.path, isDirectory: $0.isDirectory) } + enclosed, root: root
            ).map(\.key)
            let resolved = try UntrackedResolver(
                repository: repository, mode: settings.untracked, ignoreCase: settings.ignoreCase
            ).resolve(narrowed)
            // (With every untracked file listed, libgit2 may have found some of them already.)
            workTree.untracked = Array(Set(inside + resolved)).sorted()
        }
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
        // The diff's own patches count lines while its deltas are the ones paired (no rename).
        let staged = StagedSide(
            statusDeltas: statusStaged, numstatDeltas: numstatStaged,
            numstatDiff: numstatStaged.count == stagedDeltas.count ? stagedDiff : nil)
        let stagedCounts = try Trace.measure("staged numstat") { () throws(GitStateError) -> [LineCounts] in
            try staged.numstat(facts: facts, content: content)
        }
        let changes = try StatusAssembler(
            repository: repository, index: entries, facts: facts, renames: renames, content: content,
            settings: settings,
            scope: scope
        ).assemble(staged: staged, stagedCounts: stagedCounts, workTree: workTree, unstagedDiff: unstagedDiff)
        return scope?.restrict(changes) ?? changes
    }

    /// HEAD → index, without renames (`RenameRule.pairing` pairs them); with `only`, limited to
    /// exactly those paths.
    func stagedDiff(tree: Handle?, index: Handle, only paths: [[UInt8]]? = nil) throws(GitStateError) -> Diff {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        let diff = try options.limited(toExactly: paths) { options throws(GitStateError) in
            try makeHandle(path: repository.gitDirectory + "/index", free: git_diff_free) {
                git_diff_tree_to_index($0, repository.pointer, tree?.pointer, index.pointer, &options)
            }
        }
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
        let diff = try options.limited(toExactly: scope?.pathspec) { options throws(GitStateError) in
            try makeHandle(path: repository.workTree ?? repository.gitDirectory, free: git_diff_free) {
                git_diff_index_to_workdir($0, repository.pointer, index.pointer, &options)
            }
        }
        return Diff(handle: diff)
    }
}
