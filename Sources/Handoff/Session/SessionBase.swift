import FoundationEssentials
import GitState

/// Where "commits this session" start, and why that base was chosen.
public enum SessionBase: Sendable, Equatable {
    /// The session start `handoff start` (or the first `handoff note`) recorded for this worktree.
    case sessionStart(SessionStart)
    /// The HEAD recorded by the last handoff written in this work tree.
    case lastHandoff(oid: String, file: String)
    /// `--since REV`.
    case revision(name: String, oid: String)
    /// `--since DATE`.
    case date(text: String, date: Date)
    /// None of the above: no commits are attributed to the session.
    case none

    /// The machine name of the base kind, as the JSON schema writes it.
    public var kind: String {
        switch self {
        case .sessionStart: "session-start"
        case .lastHandoff: "last-handoff"
        case .revision: "revision"
        case .date: "date"
        case .none: "none"
        }
    }

    /// The base's object id when it is a commit.
    public var oid: String? {
        switch self {
        case .sessionStart(let start): start.head
        case .lastHandoff(let oid, _), .revision(_, let oid): oid
        case .date, .none: nil
        }
    }

    /// How the document names the base: "since the session start at `abc1234`".
    public var phrase: String {
        switch self {
        case .sessionStart(let start):
            (start.head.map { "since the session start at `\(ObjectID.short($0))`" }
                ?? "since the session start before the first commit")
                + " (\(start.startedAt))"
        case .lastHandoff(let oid, let file):
            "since the last handoff (\(file) at `\(ObjectID.short(oid))`)"
        case .revision(let name, let oid):
            name.allSatisfy(\.isHexDigit)
                ? "since `\(ObjectID.short(oid))` (--since)" : "since `\(name)` at `\(ObjectID.short(oid))` (--since)"
        case .date(let text, _):
            "since \(text) (--since)"
        case .none:
            "no session base (no session start recorded, no earlier handoff here, no --since)"
        }
    }
}
