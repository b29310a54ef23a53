import FoundationEssentials

/// Renders a `HandoffDocument` as JSON, schema `handoff/1`.
///
/// ```
/// {
///   "schema": "handoff/1",          // changes only when a key changes meaning or goes away
///   "date": "YYYY-MM-DD", "time": "HH:MM", "generated_at": ISO 8601 with offset,
///   "variant": "standard" | "compact" | "full",
///   "git": {"branch": string|null, "detached": bool, "unborn": bool, "head": oid|null,
///           "upstream": string|null, "ahead": int|null, "behind": int|null,
///           "operation": "none"|"merge"|"rebase"|"am"|"cherry-pick"|"revert"|"bisect", "stash": int,
///           "shallow": bool},               // a shallow clone: log and ahead/behind stop at its boundary
///           "dirty": [{"path", "xy", "added": int|null, "deleted": int|null}]},   // what verify compares
///   "session": {"base": {"kind": "session-start"|"last-handoff"|"revision"|"date"|"none",
///                        "oid": oid|null, "description": string},
///               "commits": [{"oid", "summary", "author", "time"}], "complete": bool,
///               "committed_files_known": bool},   // false: files_touched lacks the commits' files
///   "changes": {"staged", "unstaged", "untracked", "conflicted"},
///   "notes": {"done": [string], "in_progress": [{"item", "resume_at"}], "todo": [string],
///             "blocked": [{"item", "reason"}], "decisions": [{"title", "why", "trade_off"}],
///             "learnings": [{"category", "rule"}], "files": [{"path", "description"}],
///             "gotchas": [string], "context": string|null, "next": string|null,
///             "tests": {"passed", "failed", "skipped"}|null},
///   "files_touched": [{"path", "added": int|null, "deleted": int|null, "binary": bool,
///                      "states": [string], "note": string|null}],
///   "incomplete": {"flagged": bool, "reasons": [string]},
///   "redactions": {"total": int, "kinds": {kind: count}},
///   "diff": {"patch": string|null, "unavailable_reason": string|null} | null,   // --full only
///   "push": {"remote": string, "url": string,                                  // pre-push hook only
///            "refs": [{"local_ref", "local_oid", "remote_ref", "remote_oid",
///                      "kind": "new"|"update"|"delete",
///                      "commits": [{"oid", "summary", "author", "time"}], "complete": bool,
///                      "remark": string|null}]} | null,
///   "ci": {"provider": string|null, "build_id": string|null, "build_id_variable": string|null,
///          "branch": string|null, "branch_variable": string|null} | null,      // CI mode only
///   "resume_command": string,       // identical to the Markdown's
///   "automatic": true               // only when written by a hook (--auto, --hook)
/// }
/// ```
/// Compact keeps `git`, `session`, `changes`, `incomplete`, `redactions`, `resume_command`
/// and the notes' in-progress, blocked, context, next and tests.
public struct JSONRenderer {
    public static let schema = "handoff/1"
    public var document: HandoffDocument

    public init(document: HandoffDocument) {
        self.document = document
    }

    public func render(variant: DocumentVariant = .standard) -> String {
        var notes = document.notes
        if variant == .compact {
            var kept = SessionNotes()
            kept.inProgress = notes.inProgress
            kept.blocked = notes.blocked
            kept.context = notes.context
            kept.next = notes.next
            kept.tests = notes.tests
            notes = kept
        }
        let payload = Payload(
            schema: Self.schema, date: document.day, time: document.time, generatedAt: document.timestamp,
            variant: variant.rawValue,
            git: .init(
                branch: document.git.branch, detached: document.git.detached, unborn: document.git.unborn,
                head: document.git.head, upstream: document.git.upstream, ahead: document.git.ahead,
                behind: document.git.behind, operation: document.git.operation.rawValue, stash: document.git.stash,
                shallow: document.git.shallow,
                dirty: document.dirty),
            session: .init(
                base: .init(
                    kind: document.session.base.kind, oid: document.session.base.oid,
                    description: document.session.base.phrase.replacing("`", with: "")),
                commits: document.session.commits.map {
                    .init(oid: $0.oid, summary: $0.summary, author: $0.author, time: $0.time)
                },
                complete: document.session.complete, committedFilesKnown: document.session.committedFilesKnown),
            changes: document.changes, notes: notes,
            filesTouched: variant == .compact
                ? []
                : document.filesTouched.map {
                    .init(
                        path: $0.path, added: $0.added, deleted: $0.deleted, binary: $0.binary, states: $0.states,
                        note: $0.note)
                },
            incomplete: .init(flagged: document.isIncomplete, reasons: document.incompleteReasons),
            redactions: .init(total: document.redactions.total, kinds: document.redactions.kinds),
            diff: variant == .full
                ? document.diff.map { .init(patch: $0.patch, unavailableReason: $0.unavailableReason) } : nil,
            resumeCommand: document.resumeCommand, automatic: document.automatic,
            push: document.push.map(PushPayload.init(facts:)),
            ci: document.build.map { CIPayload(build: $0, branch: document.git.ciBranch) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain value: encoding cannot fail.
        let data = (try? encoder.encode(payload)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Payload: Encodable {
        var schema, date, time, generatedAt, variant: String
        var git: Git
        var session: Session
        var changes: ChangeCounts
        var notes: SessionNotes
        var filesTouched: [File]
        var incomplete: Incomplete
        var redactions: Redactions
        var diff: Diff?
        var resumeCommand: String
        var automatic = false
        var push: PushPayload?
        var ci: CIPayload?

        enum CodingKeys: String, CodingKey {
            case schema, date, time, variant, git, session, changes, notes, incomplete, redactions, diff, automatic,
                push, ci
            case generatedAt = "generated_at"
            case filesTouched = "files_touched"
            case resumeCommand = "resume_command"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
            try container.encode(date, forKey: .date)
            try container.encode(time, forKey: .time)
            try container.encode(generatedAt, forKey: .generatedAt)
            try container.encode(variant, forKey: .variant)
            try container.encode(git, forKey: .git)
            try container.encode(session, forKey: .session)
            try container.encode(changes, forKey: .changes)
            try container.encode(NotesPayload(notes: notes), forKey: .notes)
            try container.encode(filesTouched, forKey: .filesTouched)
            try container.encode(incomplete, forKey: .incomplete)
            try container.encode(redactions, forKey: .redactions)
            try container.encode(diff, forKey: .diff)
            try container.encode(resumeCommand, forKey: .resumeCommand)
            try container.encode(push, forKey: .push)
            try container.encode(ci, forKey: .ci)
            if automatic { try container.encode(true, forKey: .automatic) }
        }
    }

    /// The notes with every key present (`null` for absent values).
    struct NotesPayload: Encodable {
        var notes: SessionNotes

        func encode(to encoder: any Encoder) throws {
            typealias Keys = SessionNotes.CodingKeys
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(notes.done, forKey: .done)
            try container.encode(notes.inProgress.map(Item.init), forKey: .inProgress)
            try container.encode(notes.todo, forKey: .todo)
            try container.encode(notes.blocked, forKey: .blocked)
            try container.encode(notes.decisions.map(DecisionPayload.init), forKey: .decisions)
            try container.encode(notes.learnings, forKey: .learnings)
            try container.encode(notes.files, forKey: .files)
            try container.encode(notes.gotchas, forKey: .gotchas)
            try container.encode(notes.context, forKey: .context)
            try container.encode(notes.next, forKey: .next)
            try container.encode(notes.tests, forKey: .tests)
        }

        struct Item: Encodable {
            var item: WorkItem
            enum CodingKeys: String, CodingKey { case item, resumeAt = "resume_at" }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(item.text, forKey: .item)
                try container.encode(item.location, forKey: .resumeAt)
            }
        }

        struct DecisionPayload: Encodable {
            var decision: Decision
            enum CodingKeys: String, CodingKey { case title, why, tradeOff = "trade_off" }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(decision.title, forKey: .title)
                try container.encode(decision.why, forKey: .why)
                try container.encode(decision.tradeOff, forKey: .tradeOff)
            }
        }
    }

    struct Git: Encodable {
        var branch: String?
        var detached, unborn: Bool
        var head, upstream: String?
        var ahead, behind: Int?
        var operation: String
        var stash: Int
        var shallow: Bool
        var dirty: [DirtyFile]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(branch, forKey: .branch)
            try container.encode(detached, forKey: .detached)
            try container.encode(unborn, forKey: .unborn)
            try container.encode(head, forKey: .head)
            try container.encode(upstream, forKey: .upstream)
            try container.encode(ahead, forKey: .ahead)
            try container.encode(behind, forKey: .behind)
            try container.encode(operation, forKey: .operation)
            try container.encode(stash, forKey: .stash)
            try container.encode(shallow, forKey: .shallow)
            try container.encode(dirty, forKey: .dirty)
        }
        enum CodingKeys: String, CodingKey {
            case branch, detached, unborn, head, upstream, ahead, behind, operation, stash, shallow, dirty
        }
    }

    struct Session: Encodable {
        struct Base: Encodable {
            var kind: String
            var oid: String?
            var description: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(kind, forKey: .kind)
                try container.encode(oid, forKey: .oid)
                try container.encode(description, forKey: .description)
            }
            enum CodingKeys: String, CodingKey { case kind, oid, description }
        }
        struct Commit: Encodable { var oid, summary, author, time: String }
        var base: Base
        var commits: [Commit]
        var complete: Bool
        var committedFilesKnown: Bool
        enum CodingKeys: String, CodingKey {
            case base, commits, complete
            case committedFilesKnown = "committed_files_known"
        }
    }

    struct File: Encodable {
        var path: String
        var added, deleted: Int?
        var binary: Bool
        var states: [String]
        var note: String?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(added, forKey: .added)
            try container.encode(deleted, forKey: .deleted)
            try container.encode(binary, forKey: .binary)
            try container.encode(states, forKey: .states)
            try container.encode(note, forKey: .note)
        }
        enum CodingKeys: String, CodingKey { case path, added, deleted, binary, states, note }
    }

    struct Incomplete: Encodable {
        var flagged: Bool
        var reasons: [String]
    }

    struct Redactions: Encodable {
        var total: Int
        var kinds: [String: Int]
    }

    struct Diff: Encodable {
        var patch: String?
        var unavailableReason: String?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(patch, forKey: .patch)
            try container.encode(unavailableReason, forKey: .unavailableReason)
        }
        enum CodingKeys: String, CodingKey { case patch, unavailableReason = "unavailable_reason" }
    }
}
