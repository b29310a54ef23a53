import FoundationEssentials
import GitState

/// Where a session began in one worktree: `<git dir>/handoff/session.json`.
///
/// ```
/// {"version": 1, "head": "<oid>"|null, "branch": "main"|null, "started_at": "2026-03-14T09:00:00+01:00",
///  "started_by": "start"|"note", "reflog_offset": 1234|null}
/// ```
/// `reflog_offset` is the size of the worktree's HEAD reflog (`<git dir>/logs/HEAD`) at the start:
/// the entries after it are the session's.
public struct SessionStart: Sendable, Codable, Equatable {
    public var version = 1
    /// HEAD at the start; `nil` on an unborn branch.
    @AlwaysEncoded public var head: String?
    /// The branch checked out at the start; `nil` on a detached HEAD.
    @AlwaysEncoded public var branch: String?
    /// ISO 8601 with offset.
    public var startedAt: String
    /// `start` for `handoff start`, `note` when the first note started the session.
    public var startedBy: String
    @AlwaysEncoded public var reflogOffset: Int?

    public init(
        head: String?, branch: String?, startedAt: String, startedBy: String = "start", reflogOffset: Int? = nil
    ) {
        self.head = head
        self.branch = branch
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.reflogOffset = reflogOffset
    }

    /// The start as Unix seconds, for reflog entries when the offset no longer applies.
    public var startedAtSeconds: Int64? {
        (try? Date(startedAt, strategy: .iso8601)).map { Int64($0.timeIntervalSince1970) }
    }

    /// `main at abc1234`, `detached at abc1234`, `main (no commits yet)`.
    public var description: String {
        let short = head.map { ObjectID.short($0) }
        switch (branch, short) {
        case (let branch?, let short?): return "\(branch) at \(short)"
        case (let branch?, nil): return "\(branch) (no commits yet)"
        case (nil, let short?): return "detached at \(short)"
        case (nil, nil): return "an unborn HEAD"
        }
    }

    enum CodingKeys: String, CodingKey {
        case version, head, branch
        case startedAt = "started_at"
        case startedBy = "started_by"
        case reflogOffset = "reflog_offset"
    }

}
