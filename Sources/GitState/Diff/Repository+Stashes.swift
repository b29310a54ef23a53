import CLibGit2

/// One entry of `git stash list`: `stash@{index}: message`, and when it was made.
public struct StashEntry: Sendable, Equatable {
    /// Its place in `git stash list` (0 for `stash@{0}`, the newest).
    public var index: Int
    /// The reflog message `git stash list` prints ("WIP on main: abc1234 subject").
    public var message: String
    /// When it was made, in seconds since the epoch (the reflog entry's time).
    public var time: Int64

    public init(index: Int, message: String, time: Int64) {
        self.index = index
        self.message = message
        self.time = time
    }
}

extension Repository {
    /// `git stash list`, newest first, with each stash's time.
    public func stashes() throws(GitStateError) -> [StashEntry] {
        // As in `stashCount`: libgit2 creates an empty reflog when asked for a missing one.
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, "refs/stash") == 0 else { return [] }
        var reflog: OpaquePointer?
        try LibGit2.check(git_reflog_read(&reflog, pointer, "refs/stash"), path: gitDirectory)
        guard let reflog else { return [] }
        defer { git_reflog_free(reflog) }
        var entries: [StashEntry] = []
        for index in 0..<git_reflog_entrycount(reflog) {
            guard let entry = git_reflog_entry_byindex(reflog, index) else { continue }
            let message = git_reflog_entry_message(entry).map { String(cString: $0) } ?? ""
            let time = git_reflog_entry_committer(entry)?.pointee.when.time ?? 0
            entries.append(StashEntry(index: index, message: message.trimmingTrailingNewlines(), time: time))
        }
        return entries
    }
}
