import GitState

/// What a session reads from a reflog entry.
extension ReflogEntry {
    /// True when the entry records a commit it made: `commit…`, `merge`/`pull` (not fast-forwards),
    /// `cherry-pick`, `revert`, `am`, `rebase` picks (not the checkout that starts a rebase).
    public var madeCommit: Bool {
        guard new.contains(where: { $0 != "0" }) else { return false }
        let action = action
        if message.contains(": Fast-forward") { return false }
        if action.hasPrefix("rebase") || action.hasPrefix("pull --rebase") {
            return !action.contains("(start)") && !action.contains("(finish)") && !action.contains("(abort)")
        }
        return ["commit", "merge", "pull", "cherry-pick", "revert", "am"].contains { action.hasPrefix($0) }
    }

    /// The branches a `checkout: moving from A to B` (or `rebase (finish): returning to refs/heads/B`) names.
    public var branchesNamed: [String] {
        if action == "checkout", let range = message.firstRange(of: "moving from ") {
            let rest = message[range.upperBound...]
            guard let to = rest.ranges(of: " to ").last else { return [] }
            return [String(rest[..<to.lowerBound]), String(rest[to.upperBound...])]
        }
        if let range = message.firstRange(of: "returning to refs/heads/") {
            return [String(message[range.upperBound...])]
        }
        return []
    }
}

/// The part of a worktree's HEAD reflog (GitState's `HeadReflog`) that belongs to a session.
public enum Reflog {
    /// The reflog's size now: where a session starting now begins in it.
    public static func offset(gitDirectory: String) -> Int? {
        HeadReflog.size(gitDirectory: gitDirectory)
    }

    /// The entries written since `start`: those after its recorded offset when the reflog still
    /// has that shape (the entry before the offset moved HEAD to the start's HEAD), else those
    /// at or after its time. Empty when the worktree has no reflog.
    public static func entries(since start: SessionStart, gitDirectory: String) -> [ReflogEntry] {
        guard let reflog = HeadReflog(gitDirectory: gitDirectory) else { return [] }
        return entries(since: start, in: reflog)
    }

    public static func entries(since start: SessionStart, in reflog: HeadReflog) -> [ReflogEntry] {
        let bytes = reflog.bytes
        if let offset = start.reflogOffset, offset <= bytes.count,
            offset == 0 || bytes[offset - 1] == UInt8(ascii: "\n")
        {
            if start.head == nil || reflog.lastEntry(before: offset)?.new == start.head {
                return reflog.entries(in: offset..<bytes.count)
            }
        }
        let seconds = start.startedAtSeconds ?? 0
        return reflog.entries.filter { $0.time >= seconds }
    }
}
