#if canImport(Glibc)
import Glibc
#endif

/// git's rule for a git directory found as itself rather than as `<dir>/.git` (git 2.39's
/// `setup_bare_git_dir`): it has no work tree, whatever `core.bare` says, unless
/// `GIT_WORK_TREE` or `core.worktree` names one. libgit2 1.5.1 takes the folder above it as
/// the work tree when `core.bare` is not true.
enum BareLayout {
    /// True when libgit2 gave the repository a work tree git would not give it.
    static func hasNoWorkTree(
        gitDirectory: String, workTree: String?, repository: Repository, environment: GitEnvironment
    ) -> Bool {
        guard let workTree else { return false }
        // With GIT_DIR git takes the work tree from the environment, config or current folder.
        for variable in ["GIT_DIR", "GIT_WORK_TREE"] where environment(variable) != nil { return false }
        if repository.configString("core.worktree") != nil { return false }
        // Found as `<work tree>/.git`: a directory, a symlink to one, or a gitfile.
        let dotGit = workTree + "/.git"
        guard let found = resolved(dotGit) else { return true }
        if FilePath.isDirectory(dotGit) { return found != resolved(gitDirectory) }
        return false
    }

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
