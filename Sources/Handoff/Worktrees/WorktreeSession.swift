import GitState

/// What one worktree holds of a session, for `handoff worktrees`: its git state, the session
/// started there, the notes in its journal, and its latest handoff and whether that is current.
public struct WorktreeSession: Sendable {
    public var worktree: Worktree
    /// The branch's upstream and the commits ahead and behind it (`nil` without one).
    public var upstream: String?
    public var ahead: Int?
    public var behind: Int?
    public var changes: ChangeCounts?
    /// The operation in progress (`nil` when it could not be read).
    public var state: OperationState?
    public var sessionStart: SessionStart?
    /// The journal's notes (`handoff note`) not yet in a handoff.
    public var journalNotes = 0
    /// The journal's in-progress items, with `path:line` where given.
    public var inProgress: [WorkItem] = []
    /// The latest handoff's path, and whether it still matches the worktree (`handoff verify`).
    public var latestHandoff: String?
    public var handoffIsCurrent: Bool?
    public var staleBecause: [String] = []
    /// Why some of it could not be read (a missing folder, a corrupt index, …).
    public var problems: [String] = []

    /// The uncommitted changes, counted as `git status --porcelain=v2` lists them.
    public struct ChangeCounts: Sendable, Equatable {
        /// Changes in the index (X is not `.`).
        public var staged = 0
        /// Changes in the work tree (Y is not `.`).
        public var unstaged = 0
        public var untracked = 0
        /// Unmerged entries (`u` lines).
        public var conflicts = 0

        public init() {}

        static let unmerged: Set<String> = ["DD", "AU", "UD", "UA", "DU", "AA", "UU"]

        public init(_ status: [StatusEntry]) {
            for entry in status {
                if entry.xy == "??" {
                    untracked += 1
                } else if Self.unmerged.contains(entry.xy) {
                    conflicts += 1
                } else {
                    if entry.xy.first != "." { staged += 1 }
                    if entry.xy.last != "." { unstaged += 1 }
                }
            }
        }
    }
}
