/// What both engines do once they have HEAD → index and index → work tree: renames paired among
/// the work tree's changes (once per rename setting: `status.renames` for status, `diff.renames`
/// for `git diff`), submodules added with each command's defaults, the porcelain entries merged
/// from both sides, and the work tree's line counts.
struct StatusAssembler {
    let repository: Repository
    let index: IndexFile
    let facts: IndexFacts
    let renames: RenameSettings
    let content: ContentReader
    let settings: WorkTreeSettings
    /// `--path`: submodules outside it are not inspected.
    var scope: PathScope? = nil

    /// `unstagedDiff` is the libgit2 diff the work-tree changes came from, when they did.
    func assemble(staged: StagedSide, stagedCounts: [LineCounts], workTree: WorkTreeChanges, unstagedDiff: Diff?)
        throws(GitStateError) -> WorkingTreeChanges
    {
        var statusWorkTree = try workTree.pairingRenames(rule: renames.status, content: content)
        var numstatWorkTree =
            renames.status == renames.diff
            ? statusWorkTree : try workTree.pairingRenames(rule: renames.diff, content: content)
        var submodules = Trace.measure("submodules") {
            SubmoduleInspector(repository: repository).states(index: index, facts: facts)
        }
        if let scope { submodules.removeAll { !scope.contains($0.path.bytes, isDirectory: true) } }
        try statusWorkTree.add(&submodules, defaultIgnore: settings.statusSubmoduleIgnore)
        try numstatWorkTree.add(&submodules, defaultIgnore: settings.diffSubmoduleIgnore)

        var builder = StatusBuilder(facts: facts)
        for delta in staged.statusDeltas { builder.addStaged(delta) }
        builder.addWorkTree(statusWorkTree)

        let unstagedCounts = try Trace.measure("unstaged numstat") { () throws(GitStateError) -> [LineCounts] in
            try numstatWorkTree.numstat(diff: unstagedDiff, facts: facts, content: content)
        }
        return WorkingTreeChanges(status: builder.entries(), staged: stagedCounts, unstaged: unstagedCounts)
    }
}
