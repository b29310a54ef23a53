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
///           "shallow": bool,                // a shallow clone: log and ahead/behind stop at its boundary
///           "paths": [string]},             // --path only: the scope, relative to the work tree
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
                shallow: document.git.shallow, paths: document.git.paths,
                dirty: document.dirty),
            session: .init(
                base: .init(
                    kind: document.session.base.kind, oid: document.session.base.oid,
                    description: document.session.base.phrase.replacing("`", with: "")),
                commits: document.session.commits.map {
                    .init(oid: $0.oid.hex, summary: $0.summary, author: $0.author, time: $0.time)
                },
                complete: document.session.complete, committedFilesKnown: document.session.committedFilesKnown),
            changes: document.changes, notes: NotesPayload(notes: notes),
            filesTouched: variant == .compact
                ? []
                : document.filesTouched.map {
                    .init(
                        path: $0.path, added: $0.added, deleted: $0.deleted, binary: $0.binary, states: $0.states,
                        note: $0.note, change: $0.change.map { ChangePhrase(facts: $0).plain })
                },
            incomplete: .init(flagged: document.isIncomplete, reasons: document.incompleteReasons),
            redactions: .init(
                total: document.redactions.total,
                kinds: Dictionary(uniqueKeysWithValues: document.redactions.kinds.map { ($0.key.rawValue, $0.value) })),
            diff: variant == .full
                ? document.diff.map { .init(patch: $0.patch, unavailableReason: $0.unavailableReason) } : nil,
            resumeCommand: document.resumeCommand, automatic: document.automatic ? true : nil,
            push: document.push.map(PushPayload.init(facts:)),
            ci: document.build.map { CIPayload(build: $0, branch: document.git.ciBranch) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain value: encoding cannot fail.
        let data = (try? encoder.encode(payload)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // The payloads below are the contract's shapes: every optional is `@AlwaysEncoded`, so
    // each key is written, `null` when absent.

    struct Payload: Encodable {
        var schema, date, time, generatedAt, variant: String
        var git: Git
        var session: Session
        var changes: ChangeCounts
        var notes: NotesPayload
        var filesTouched: [File]
        var incomplete: Incomplete
        var redactions: Redactions
        @AlwaysEncoded var diff: Diff?
        var resumeCommand: String
        /// Written only when true (`nil` otherwise, and so left out).
        var automatic: Bool?
        @AlwaysEncoded var push: PushPayload?
        @AlwaysEncoded var ci: CIPayload?

        enum CodingKeys: String, CodingKey {
            case schema, date, time, variant, git, session, changes, notes, incomplete, redactions, diff, automatic,
                push, ci
            case generatedAt = "generated_at"
            case filesTouched = "files_touched"
            case resumeCommand = "resume_command"
        }
    }

    /// The notes with every key present (`null` for absent values).
    struct NotesPayload: Encodable {
        var done: [String]
        var inProgress: [Item]
        var todo: [String]
        var blocked: [BlockedItem]
        var decisions: [DecisionPayload]
        var learnings: [Learning]
        var files: [FileNote]
        var gotchas: [String]
        @AlwaysEncoded var context: String?
        @AlwaysEncoded var next: String?
        @AlwaysEncoded var tests: TestResults?

        typealias CodingKeys = SessionNotes.CodingKeys

        init(notes: SessionNotes) {
            done = notes.done
            inProgress = notes.inProgress.map { Item(item: $0.text, resumeAt: $0.location) }
            todo = notes.todo
            blocked = notes.blocked
            decisions = notes.decisions.map { DecisionPayload(title: $0.title, why: $0.why, tradeOff: $0.tradeOff) }
            learnings = notes.learnings
            files = notes.files
            gotchas = notes.gotchas
            context = notes.context
            next = notes.next
            tests = notes.tests
        }

        struct Item: Encodable {
            var item: String
            @AlwaysEncoded var resumeAt: String?
            enum CodingKeys: String, CodingKey { case item, resumeAt = "resume_at" }
        }

        struct DecisionPayload: Encodable {
            var title: String
            var why: String
            @AlwaysEncoded var tradeOff: String?
            enum CodingKeys: String, CodingKey { case title, why, tradeOff = "trade_off" }
        }
    }

    struct Git: Encodable {
        @AlwaysEncoded var branch: String?
        var detached, unborn: Bool
        @AlwaysEncoded var head: String?
        @AlwaysEncoded var upstream: String?
        @AlwaysEncoded var ahead: Int?
        @AlwaysEncoded var behind: Int?
        var operation: String
        var stash: Int
        var shallow: Bool
        /// Left out unless scoped (encoded only when present).
        var paths: [String]?
        var dirty: [DirtyFile]
    }

    struct Session: Encodable {
        struct Base: Encodable {
            var kind: String
            @AlwaysEncoded var oid: String?
            var description: String
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
        @AlwaysEncoded var added: Int?
        @AlwaysEncoded var deleted: Int?
        var binary: Bool
        var states: [FileState]
        @AlwaysEncoded var note: String?
        /// What git says changed ("renamed from a.swift; func parse()"), `null` when unknown.
        @AlwaysEncoded var change: String?
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
        @AlwaysEncoded var patch: String?
        @AlwaysEncoded var unavailableReason: String?
        enum CodingKeys: String, CodingKey { case patch, unavailableReason = "unavailable_reason" }
    }
}
