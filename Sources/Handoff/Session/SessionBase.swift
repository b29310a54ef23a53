import FoundationEssentials

/// Where "commits this session" start, and why that base was chosen.
public enum SessionBase: Sendable, Equatable {
    /// A recorded session start (`handoff start`, written to `session-start.json` in the handoff folder).
    case sessionStart(oid: String, startedAt: String?)
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
        case .sessionStart(let oid, _), .lastHandoff(let oid, _), .revision(_, let oid): oid
        case .date, .none: nil
        }
    }

    /// How the document names the base: "since the session start at `abc1234`".
    public var phrase: String {
        switch self {
        case .sessionStart(let oid, let startedAt):
            "since the session start at `\(oid.prefix(7))`" + (startedAt.map { " (\($0))" } ?? "")
        case .lastHandoff(let oid, let file):
            "since the last handoff (\(file) at `\(oid.prefix(7))`)"
        case .revision(let name, let oid):
            name.allSatisfy(\.isHexDigit)
                ? "since `\(oid.prefix(7))` (--since)" : "since `\(name)` at `\(oid.prefix(7))` (--since)"
        case .date(let text, _):
            "since \(text) (--since)"
        case .none:
            "no session base (no session start recorded, no earlier handoff here, no --since)"
        }
    }
}

/// The file `handoff start` records a session start in (read here; written by a later command).
///
/// `{"version": 1, "head": "<full oid>", "started_at": "2026-11-22T09:00:00+01:00"}`
public struct SessionStartRecord: Sendable, Codable, Equatable {
    public static let fileName = "session-start.json"

    public var version: Int
    public var head: String
    public var startedAt: String?

    public init(version: Int = 1, head: String, startedAt: String?) {
        self.version = version
        self.head = head
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case version, head
        case startedAt = "started_at"
    }
}
