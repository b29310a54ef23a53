import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Lists a repository's worktrees through libgit2 (`git_worktree_list`, `_lookup`, `_path`,
/// `_is_locked`, `_is_prunable`, `git_repository_head_for_worktree`), in `git worktree list`'s
/// order: the main worktree, then the linked ones by path. Reads only.
struct WorktreeReader {
    let repository: Repository

    func read() throws(GitStateError) -> [Worktree] {
        [try main()] + (try linked()).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The repository the common directory belongs to.
    func main() throws(GitStateError) -> Worktree {
        let common = repository.commonDirectory
        let owner = common == repository.gitDirectory ? repository : try Repository(exactly: common)
        let head = try HeadReader(repository: owner).read()
        return Worktree(
            name: nil, path: owner.workTree ?? common, gitDirectory: common, isBare: owner.workTree == nil,
            head: head.oid.map(ObjectID.init), branch: head.branch, isDetached: head.detached, lockReason: nil,
            isPrunable: false)
    }

    func linked() throws(GitStateError) -> [Worktree] {
        var names = git_strarray()
        try LibGit2.check(git_worktree_list(&names, repository.pointer), path: repository.commonDirectory)
        defer { git_strarray_dispose(&names) }
        var result: [Worktree] = []
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            result.append(try linked(name))
        }
        return result
    }

    func linked(_ name: String) throws(GitStateError) -> Worktree {
        let gitDirectory = repository.commonDirectory + "/worktrees/" + name
        let worktree = try makeHandle(path: gitDirectory, free: git_worktree_free) {
            git_worktree_lookup($0, repository.pointer, name)
        }
        let path = FilePath.withoutTrailingSlash(String(cString: git_worktree_path(worktree.pointer)))
        var reason = git_buf()
        defer { git_buf_dispose(&reason) }
        let locked = git_worktree_is_locked(&reason, worktree.pointer)
        try LibGit2.check(min(locked, 0), path: gitDirectory)
        // git prints the reason without the newline `worktree add --reason` wrote after it.
        let lockReason = locked > 0 ? (reason.ptr.map { String(cString: $0) } ?? "").trimmingNewline : nil
        var options = git_worktree_prune_options()
        git_worktree_prune_options_init(&options, UInt32(GIT_WORKTREE_PRUNE_OPTIONS_VERSION))
        let prunable = git_worktree_is_prunable(worktree.pointer, &options) > 0
        let (head, branch, detached) = headOf(name, gitDirectory: gitDirectory)
        return Worktree(
            name: name, path: path, gitDirectory: gitDirectory, isBare: false, head: head, branch: branch,
            isDetached: detached, lockReason: lockReason, isPrunable: prunable)
    }

    /// The worktree's HEAD, also when its folder is gone (HEAD lives in its git directory).
    /// Read from the file and resolved with `git_reference_name_to_id` in the shared refs:
    /// libgit2 1.5.1's `git_repository_head_detached_for_worktree` calls every linked worktree
    /// detached, and `git_repository_head_for_worktree` fails for a locked one.
    func headOf(_ name: String, gitDirectory: String) -> (head: ObjectID?, branch: String?, detached: Bool) {
        let text = (FilePath.readText(gitDirectory + "/HEAD") ?? "").trimmingNewline
        guard text.hasPrefix("ref: ") else { return (git_oid(hex: text).map(ObjectID.init), nil, true) }
        let target = String(text.dropFirst("ref: ".count))
        var oid = git_oid()
        let born = git_reference_name_to_id(&oid, repository.pointer, target) == 0
        return (born ? ObjectID(oid) : nil, Self.shortBranch(target), false)
    }

    static func shortBranch(_ reference: String) -> String {
        reference.hasPrefix("refs/heads/") ? String(reference.dropFirst("refs/heads/".count)) : reference
    }
}

extension String {
    fileprivate var trimmingNewline: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return String(text)
    }
}

extension Repository {
    /// The repository's worktrees, as `git worktree list` lists them (the main one first).
    public func worktrees() throws(GitStateError) -> [Worktree] {
        try WorktreeReader(repository: self).read()
    }
}

extension Repository {
    /// Opens exactly this worktree's repository: no search upward, nothing from git's
    /// environment (`GIT_DIR` names the repository the command started in, not this one).
    public convenience init(worktree: Worktree) throws(GitStateError) {
        try self.init(exactly: worktree.path)
        try loadWorktreeConfig()
    }
}
