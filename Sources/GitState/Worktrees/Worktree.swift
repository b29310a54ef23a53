/// One working tree of a repository, as `git worktree list --porcelain` describes it: the main
/// one first (the repository itself, or its git directory when bare), then the linked ones.
public struct Worktree: Sendable, Equatable {
    /// The linked worktree's name (its folder under `<common dir>/worktrees`); `nil` for the main one.
    public var name: String?
    /// The work tree's root; the git directory itself for a bare main repository.
    public var path: String
    /// Its own git directory (the common one for the main worktree).
    public var gitDirectory: String
    public var isBare: Bool
    /// HEAD's commit; `nil` before the first commit (and for a bare main repository's HEAD
    /// when its branch is unborn).
    public var head: ObjectID?
    /// The branch checked out, short (`main`); `nil` when HEAD is detached.
    public var branch: String?
    public var isDetached: Bool
    /// Why it is locked (`""` when locked without a reason); `nil` when not locked.
    public var lockReason: String?
    /// True when git would prune it: its folder (or the `.git` file in it) is gone and it is not locked.
    public var isPrunable: Bool

    public var isMain: Bool { name == nil }
    public var isLocked: Bool { lockReason != nil }
}
