import GitState

/// Everything a handoff says, ready to render: git state, notes (redacted), derived facts.
///
/// Markdown, JSON and custom templates are all rendered from this one value, so they
/// carry the identical resume command.
public struct HandoffDocument: Sendable, Equatable {
    /// `YYYY-MM-DD` and `HH:MM` in the writer's time zone; `timestamp` in ISO 8601.
    public var day: String
    public var time: String
    public var timestamp: String
    public var git: GitFacts
    public var session: SessionFacts
    public var changes: ChangeCounts
    /// The notes after redaction.
    public var notes: SessionNotes
    public var filesTouched: [TouchedFile]
    /// The uncommitted files (the tool's own output left out), as `handoff verify` compares them.
    public var dirty: [DirtyFile]
    /// Why the work must not be merged yet; empty when nothing is incomplete.
    public var incompleteReasons: [String]
    public var redactions: RedactionTally
    public var resumeCommand: String
    /// The uncommitted patch for `--full` (redacted); `nil` when not asked for.
    public var diff: DiffText?
    /// Written by a hook (before compaction, at session end) rather than by a person or agent.
    public var automatic = false
    /// What a pre-push hook saw being pushed; `nil` outside the hook.
    public var push: PushFacts? = nil
    /// The CI build the handoff was written in; `nil` outside CI mode.
    public var build: BuildFacts? = nil

    public var isIncomplete: Bool { !incompleteReasons.isEmpty }
}

public struct GitFacts: Sendable, Equatable {
    public var branch: String?
    public var detached: Bool
    public var unborn: Bool
    public var head: String?
    public var upstream: String?
    public var ahead: Int?
    public var behind: Int?
    public var operation: OperationState
    public var stash: Int
    /// True in a shallow clone: the log and ahead/behind stop at the shallow boundary.
    public var shallow = false
    /// On a detached HEAD in CI mode, the branch the CI's variables name.
    public var ciBranch: CIBranch? = nil
    /// `--path`: the part of the tree changes, Files Touched and commits are limited to.
    public var paths: [String]? = nil

    public var shortHead: String? { head.map { ObjectID.short($0) } }

    /// `main`, `detached at abc1234`, `feature (detached at abc1234)` in CI, or `main (no commits yet)`.
    public var branchPhrase: String {
        if let branch { return unborn ? "\(branch) (no commits yet)" : branch }
        if let ciBranch { return "\(ciBranch.name) (detached at \(shortHead ?? "?"))" }
        return "detached at \(shortHead ?? "?")"
    }
}

public struct SessionFacts: Sendable, Equatable {
    public var base: SessionBase
    /// Newest first, summaries redacted.
    public var commits: [LogEntry]
    public var complete: Bool
    /// False when the files changed by these commits could not be read (Files Touched then
    /// lists only the working tree and the notes).
    public var committedFilesKnown: Bool
}

public struct ChangeCounts: Sendable, Equatable, Codable {
    public var staged = 0
    public var unstaged = 0
    public var untracked = 0
    public var conflicted = 0

    public var total: Int { staged + unstaged + untracked + conflicted }
    public init() {}
}

/// One file changed by the session (committed or not), with what the user said about it.
public struct TouchedFile: Sendable, Equatable {
    public var path: String
    /// Lines added and deleted over the session's commits and the working tree; `nil` when unknown
    /// (untracked files, binary files, or no counts available).
    public var added: Int?
    public var deleted: Int?
    public var binary: Bool
    /// `committed`, `staged`, `unstaged`, `untracked`, `conflicted`, `noted` (only in the notes).
    public var states: [FileState]
    public var note: String?
    /// What git says changed in the file over the session (base → work tree); `nil` when unknown.
    public var change: ChangeFacts? = nil
}

/// What changed in one file, from git itself: the kind of change and the functions or sections
/// its hunks touch (their function context, as `git diff`'s hunk headers give it).
public struct ChangeFacts: Sendable, Equatable {
    public var kind: FileChange.Kind
    /// The path it was renamed or copied from.
    public var oldPath: String?
    public var oldMode: UInt32?
    public var newMode: UInt32?
    public var binary: Bool
    /// What the hunks touch, once each, in file order.
    public var sections: [ChangeSection]
    /// For a wholly untracked folder (`dir/`, as git collapses it): how many files it holds.
    public var folderFiles: Int? = nil

    public init(
        kind: FileChange.Kind, oldPath: String? = nil, oldMode: UInt32? = nil, newMode: UInt32? = nil,
        binary: Bool = false, sections: [ChangeSection] = []
    ) {
        self.kind = kind
        self.oldPath = oldPath
        self.oldMode = oldMode
        self.newMode = newMode
        self.binary = binary
        self.sections = sections
    }

    public init(_ change: FileChange) {
        var sections: [ChangeSection] = []
        if change.kind != .added && change.kind != .deleted {
            for hunk in change.hunks {
                let section: ChangeSection
                if !hunk.functionContext.trimmed.isEmpty {
                    section = .function(hunk.functionContext.trimmed)
                } else if let first = hunk.addedLines.first, let last = hunk.addedLines.last {
                    // The changed lines, without the three lines of context around them.
                    section = .lines(first.number, last.number)
                } else {
                    section = .removed(
                        hunk.removedLines.first ?? hunk.oldStart, hunk.removedLines.last ?? hunk.oldStart)
                }
                if !sections.contains(section) { sections.append(section) }
            }
        }
        self.init(
            kind: change.kind, oldPath: change.oldPath, oldMode: change.oldMode, newMode: change.newMode,
            binary: change.binary, sections: sections)
    }

    /// True when the modes on both sides differ.
    public var modeChanged: Bool {
        guard let oldMode, let newMode else { return false }
        return oldMode != newMode
    }
}

/// The `--full` patch, or why there is none.
public struct DiffText: Sendable, Equatable {
    public var patch: String?
    public var unavailableReason: String?
}

/// A place a hunk touches: the function or section git names in its header, or, where git
/// names none, the lines it adds in the new file (or, for a hunk that only removes, the
/// removed lines in the old file).
public enum ChangeSection: Sendable, Equatable {
    case function(String)
    case lines(Int, Int)
    case removed(Int, Int)
}
