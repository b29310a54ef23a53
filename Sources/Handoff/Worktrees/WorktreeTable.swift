import GitState

/// `handoff worktrees`' output: one table row per worktree and, under it, the in-progress
/// notes of their journals; or one JSON array.
public struct WorktreeTable: Sendable {
    public var sessions: [WorktreeSession]
    /// Seconds since the epoch, for the sessions' ages.
    public var now: Int64

    public init(sessions: [WorktreeSession], now: Int64) {
        self.sessions = sessions
        self.now = now
    }

    public var lines: [String] {
        let header = ["WORKTREE", "BRANCH", "UPSTREAM", "CHANGES", "STATE", "SESSION", "NOTES", "HANDOFF"]
        let rows = [header] + sessions.map(row)
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            Self.trimmed(
                row.indices.map { $0 == row.count - 1 ? row[$0] : Self.padded(row[$0], widths[$0]) }.joined(
                    separator: "  "))
        }
        for session in sessions where !session.inProgress.isEmpty {
            lines.append("")
            lines.append("\(Paths.display(session.worktree.path)): in progress")
            lines += session.inProgress.map { item in "  - " + item.text + (item.location.map { " @ \($0)" } ?? "") }
        }
        for session in sessions where !session.problems.isEmpty {
            lines += session.problems.map { "handoff: warning: \(Paths.display(session.worktree.path)): \($0)" }
        }
        return lines
    }

    func row(_ session: WorktreeSession) -> [String] {
        let worktree = session.worktree
        let head = worktree.head?.short ?? "no commits"
        let branch = worktree.isBare ? "(bare)" : worktree.branch ?? "(detached \(head))"
        var upstream = "-"
        if let name = session.upstream {
            upstream = name + (session.ahead.map { " +\($0)" } ?? "") + (session.behind.map { " -\($0)" } ?? "")
        }
        var state: [String] = []
        if let operation = session.state, operation != .none { state.append(operation.rawValue) }
        if worktree.isLocked { state.append("locked") }
        if worktree.isPrunable { state.append("prunable") }
        let notes = session.journalNotes == 0 ? "-" : "\(session.journalNotes) (\(session.inProgress.count) wip)"
        var handoff = "-"
        if let latest = session.latestHandoff {
            let name = latest.split(separator: "/").last.map(String.init) ?? latest
            handoff = name + (session.handoffIsCurrent.map { $0 ? " current" : " stale" } ?? "")
        }
        return [
            Paths.display(worktree.path), branch, upstream, session.changes.map(Self.changes) ?? "-",
            state.isEmpty ? "-" : state.joined(separator: ","), session.sessionStart.map(age) ?? "-", notes, handoff,
        ]
    }

    /// `S2 M1 ?3 U1` (staged, modified in the work tree, untracked, unmerged), zeros left out.
    static func changes(_ counts: WorktreeSession.ChangeCounts) -> String {
        let parts = [("S", counts.staged), ("M", counts.unstaged), ("?", counts.untracked), ("U", counts.conflicts)]
            .filter { $0.1 > 0 }.map { "\($0.0)\($0.1)" }
        return parts.isEmpty ? "clean" : parts.joined(separator: " ")
    }

    /// How long ago the session started: `45s`, `12m`, `3h`, `2d`.
    func age(_ start: SessionStart) -> String {
        guard let seconds = start.startedAtSeconds else { return "?" }
        let elapsed = max(now - seconds, 0)
        switch elapsed {
        case ..<60: return "\(elapsed)s"
        case ..<3600: return "\(elapsed / 60)m"
        case ..<86400: return "\(elapsed / 3600)h"
        default: return "\(elapsed / 86400)d"
        }
    }

    public var json: JSONValue {
        .array(sessions.map(Self.json))
    }

    static func json(_ session: WorktreeSession) -> JSONValue {
        let worktree = session.worktree
        func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        let changes: JSONValue =
            session.changes.map {
                .object([
                    ("staged", number($0.staged)), ("unstaged", number($0.unstaged)),
                    ("untracked", number($0.untracked)), ("conflicts", number($0.conflicts)),
                ])
            } ?? .null
        let start: JSONValue =
            session.sessionStart.map {
                .object([
                    ("started_at", .string($0.startedAt)), ("head", string($0.head)), ("branch", string($0.branch)),
                ])
            } ?? .null
        let handoff: JSONValue =
            session.latestHandoff.map {
                .object([
                    ("path", .string($0)), ("current", session.handoffIsCurrent.map { .bool($0) } ?? .null),
                    ("stale_because", .array(session.staleBecause.map { .string($0) })),
                ])
            } ?? .null
        return .object([
            ("path", .string(worktree.path)), ("git_dir", .string(worktree.gitDirectory)),
            ("name", string(worktree.name)), ("main", .bool(worktree.isMain)), ("bare", .bool(worktree.isBare)),
            ("branch", string(worktree.branch)), ("detached", .bool(worktree.isDetached)),
            ("head", string(worktree.head?.hex)), ("locked", .bool(worktree.isLocked)),
            ("lock_reason", string(worktree.lockReason)), ("prunable", .bool(worktree.isPrunable)),
            ("upstream", string(session.upstream)), ("ahead", number(session.ahead)),
            ("behind", number(session.behind)), ("changes", changes), ("state", string(session.state?.rawValue)),
            ("session", start), ("journal_notes", number(session.journalNotes)),
            (
                "in_progress",
                .array(
                    session.inProgress.map { .object([("text", .string($0.text)), ("location", string($0.location))]) })
            ),
            ("latest_handoff", handoff), ("problems", .array(session.problems.map { .string($0) })),
        ])
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 0))
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
