import CLibGit2

/// History questions a handoff asks beyond the snapshot: which commits a session
/// made, and what they changed.
extension Repository {
    /// The commit a revision names, as `git rev-parse --verify REV^{commit}`;
    /// `nil` when it names nothing (or something that is not a commit).
    public func resolve(_ revision: String) throws(GitStateError) -> String? {
        try resolveOID(revision)?.hex
    }

    /// `git log BASE..HEAD`: commits reachable from HEAD and not from `base`, in
    /// `git log`'s order, at most `limit`. Empty on an unborn branch.
    ///
    /// With `scope`, `git log BASE..HEAD -- <path>...` (see `ScopedHistory`).
    public func commits(after base: String, limit: Int, scope: PathScope? = nil) throws(GitStateError) -> [LogEntry] {
        guard let head = try HeadReader(repository: self).read().oid else { return [] }
        guard let baseOID = try resolveOID(base) else {
            throw GitStateError(
                kind: .missingObject, message: "unknown revision '\(base)' in \(gitDirectory)", path: gitDirectory)
        }
        if head == baseOID { return [] }
        let result = try SidedWalk(repository: self).walk(left: head, right: baseOID)
        if let scope {
            return try ScopedHistory(repository: self, scope: scope).commits(
                from: [head], interesting: result.commits(only: .left), limit: limit)
        }
        return try logEntries(result.commits(only: .left).prefix(limit))
    }

    /// `git log TIP --not EXCLUDED...`: commits reachable from `tip` and from none of
    /// `excluded` (object ids or revisions), in `git log`'s order, at most `limit`.
    /// A pre-push hook lists a new branch's commits with the remote-tracking tips excluded.
    public func commits(reachableFrom tip: String, excluding excluded: [String], limit: Int, scope: PathScope? = nil)
        throws(GitStateError) -> [LogEntry]
    {
        guard let tipOID = try resolveOID(tip) else {
            throw GitStateError(
                kind: .missingObject, message: "unknown revision '\(tip)' in \(gitDirectory)", path: gitDirectory)
        }
        var hidden: [git_oid] = []
        for revision in excluded {
            // A tip git cannot resolve hides nothing, as `git rev-list --not` would fail instead;
            // a pre-push hook may name a remote commit it has not fetched.
            if let oid = try resolveOID(revision) { hidden.append(oid) }
        }
        if hidden.contains(where: { $0 == tipOID }) { return [] }
        let result = try SidedWalk(repository: self).walk(left: [tipOID], right: hidden)
        if let scope {
            return try ScopedHistory(repository: self, scope: scope).commits(
                from: [tipOID], interesting: result.commits(only: .left), limit: limit)
        }
        return try logEntries(result.commits(only: .left).prefix(limit))
    }

    /// Whether `ancestor` is reachable from `descendant` (a revision is its own
    /// ancestor), as `git merge-base --is-ancestor` answers; stops at a shallow boundary.
    public func isAncestor(_ ancestor: String, of descendant: String) throws(GitStateError) -> Bool {
        try commits(reachableFrom: ancestor, excluding: [descendant], limit: 1).isEmpty
    }

    /// The object ids of every remote-tracking branch (`refs/remotes/*`, symbolic refs left out).
    public func remoteTrackingTips() throws(GitStateError) -> [String] {
        var iterator: OpaquePointer?
        try LibGit2.check(git_reference_iterator_glob_new(&iterator, pointer, "refs/remotes/*"), path: gitDirectory)
        guard let iterator else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var tips: [String] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0, let current = reference {
            defer { git_reference_free(current) }
            if git_reference_type(current) == GIT_REFERENCE_DIRECT, let target = git_reference_target(current) {
                tips.append(target.pointee.hex)
            }
        }
        return tips
    }

    /// `git log --since=@SECONDS`: commits from HEAD whose committer time is at or
    /// after `seconds` (Unix time), in `git log`'s order, at most `limit`.
    public func commits(since seconds: Int64, limit: Int, scope: PathScope? = nil) throws(GitStateError) -> [LogEntry] {
        let head = try HeadReader(repository: self).read().oid
        if let scope {
            return try ScopedHistory(repository: self, scope: scope).recentCommits(
                from: head, limit: limit, notBefore: seconds)
        }
        return try HistoryReader(repository: self).recentCommits(from: head, limit: limit, notBefore: seconds)
    }

    /// `git diff --numstat BASE HEAD`, with `diff.renames` as git applies it; with `scope`,
    /// `git diff --numstat BASE HEAD -- <path>...` (renames paired inside the scope only).
    public func lineCounts(from base: String, scope: PathScope? = nil) throws(GitStateError) -> [LineCounts] {
        guard let baseOID = try resolveOID(base) else {
            throw GitStateError(
                kind: .missingObject, message: "unknown revision '\(base)' in \(gitDirectory)", path: gitDirectory)
        }
        let head = try HeadReader(repository: self).read()
        let old = try tree(of: baseOID)
        let new = try head.oid.map(tree(of:))
        // libgit2's tree diff reads every file of both trees, identical subtrees too (a 100k-file
        // tree: ~60 ms, even when the two are the same); the paths that changed are found first,
        // skipping identical subtrees, and the diff (with its rename detection) is limited to them.
        var changed = try TreeDifference(repository: self).changes(
            old: git_tree_id(old.pointer).pointee, new: new.map { git_tree_id($0.pointer).pointee })
        if let scope {
            changed.removeAll { change in
                !scope.contains(
                    change.path,
                    isDirectory: [change.old?.mode, change.new?.mode].contains { $0.map(PathScope.isDirectory) == true }
                )
            }
        }
        guard !changed.isEmpty else { return [] }
        // Attributes (binary files, filters) come from the work tree's `.gitattributes`: libgit2
        // would otherwise load the whole index to look there too, which it cannot do for split
        // and sparse indexes and which costs more than the diff in a large repository.
        let restore = shadowIndex()
        defer { restore() }
        let deltas = changed.map { change in
            let path = String(decoding: change.path, as: UTF8.self)
            return Delta(
                kind: change.kind, path: path, oldPath: path, oldOID: change.old?.oid ?? git_oid(),
                newOID: change.new?.oid ?? git_oid(), oldMode: change.old?.mode ?? 0, newMode: change.new?.mode ?? 0)
        }
        // Renames and copies paired as git pairs them (`RenamePairing`), not by libgit2's
        // `git_diff_find_similar`, whose similarity measure and ties are not git's.
        let content = ContentReader(repository: self)
        let paired = try RenameSettings(repository: self).diff.pairing(deltas, content: content)
        return try StoredNumstat.counts(paired: paired, content: content, skipping: { _ in false })
            .sorted { PathKey($0.path) < PathKey($1.path) }
    }

    /// `git diff HEAD` as patch text: staged and unstaged changes to tracked files.
    /// `nil` in a repository without a work tree.
    /// With `scope`, `git diff HEAD -- <path>...`.
    public func uncommittedPatch(scope: PathScope? = nil) throws(GitStateError) -> String? {
        guard workTree != nil else { return nil }
        let head = try HeadReader(repository: self).read()
        let old = try head.oid.map(tree(of:))
        // The index as git sees it: libgit2's own, or (split and sparse indexes, cleared
        // skip-worktree bits, core.ignorecase) the entries GitState read, given to libgit2.
        let (index, entries, inMemory) = try IndexLoader(repository: self).load()
        let restore = inMemory ? substituteIndex(index.pointer) : {}
        defer { restore() }
        // A `dir/` naming a submodule matches it (libgit2 would not, given `dir/`).
        let scope = scope?.matchingDirectories(in: entries)
        // No GIT_DIFF_INCLUDE_TYPECHANGE: git prints a type change as a deletion and an addition.
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        let path = workTree ?? gitDirectory
        let diff = try options.limited(toExactly: scope?.directoryPathspec) { options throws(GitStateError) in
            try makeHandle(path: path, free: git_diff_free) {
                git_diff_tree_to_index($0, pointer, old?.pointer, index.pointer, &options)
            }
        }
        // The work-tree half leaves out skip-worktree entries (sparse checkouts): git takes
        // their files to match the index, where libgit2 would call the absent ones deleted.
        var workTreeIndex = index
        if entries.entries.contains(where: \.skipWorktree) {
            var visible = entries
            visible.entries.removeAll { $0.skipWorktree }
            workTreeIndex = try MemoryIndex(visible, path: indexPath).handle
        }
        let workTreeDiff = try options.limited(toExactly: scope?.directoryPathspec) { options throws(GitStateError) in
            try makeHandle(path: path, free: git_diff_free) {
                git_diff_index_to_workdir($0, pointer, workTreeIndex.pointer, &options)
            }
        }
        try LibGit2.check(git_diff_merge(diff.pointer, workTreeDiff.pointer), path: path)
        // Renames and copies paired as git pairs them (`PatchText`), not by `git_diff_find_similar`.
        let abbreviation =
            configSnapshot().flatMap { config -> Int? in
                var value: Int32 = 0
                return git_config_get_int32(&value, config, "core.abbrev") == 0 ? Int(value) : nil
            }.map { min(max($0, 4), 40) } ?? 7
        return try PatchText(
            diff: diff, rule: RenameSettings(repository: self).diff,
            content: ContentReader(repository: self, index: entries),
            abbreviation: abbreviation, path: path
        ).text()
    }

    /// Log entries for commits found by a walk that read only their parents and times.
    func logEntries(_ oids: some Sequence<git_oid>) throws(GitStateError) -> [LogEntry] {
        var entries: [LogEntry] = []
        for oid in oids { entries.append(try logEntry(oid)) }
        return entries
    }

    /// The log entry of one commit, parsed in full for its message and author.
    func logEntry(_ oid: git_oid) throws(GitStateError) -> LogEntry {
        var id = oid
        let commit = try makeHandle(path: gitDirectory, kind: .missingObject, free: git_commit_free) {
            git_commit_lookup($0, pointer, &id)
        }
        return LogEntry(commit: commit.pointer)
    }

    func resolveOID(_ revision: String) throws(GitStateError) -> git_oid? {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue || code == GIT_EAMBIGUOUS.rawValue {
            return nil
        }
        try LibGit2.check(code, path: gitDirectory)
        guard let object else { return nil }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else { return nil }
        defer { git_object_free(commit) }
        return git_object_id(commit).pointee
    }

    func tree(of commitID: git_oid) throws(GitStateError) -> Handle {
        var id = commitID
        let object = try makeHandle(path: gitDirectory, kind: .missingObject, free: git_object_free) {
            git_object_lookup($0, pointer, &id, GIT_OBJECT_ANY)
        }
        // A commit's tree, or the tree itself (a branch may name one: HeadState.tree).
        return try makeHandle(path: gitDirectory, kind: .missingObject, free: git_tree_free) {
            git_object_peel($0, object.pointer, GIT_OBJECT_TREE)
        }
    }
}
