import GitState

#if canImport(Glibc)
import Glibc
#endif

/// The handoff written at the end of a session (`handoff`, `handoff create`): the repository's
/// state, the journal's notes (`handoff note`) followed by the notes given, the learnings
/// recorded since the last handoff (`handoff learn`), and the commits counted from the session's
/// start.
///
/// Saving it empties the journal, takes the pending learnings and ends the session. Printing it
/// (`.standardOutput`) only previews: journal, learnings and session stay for the handoff that
/// is saved. A failed write puts the journal and the learnings back.
public struct SessionHandoff {
    public enum Output: Sendable, Equatable {
        /// The next free `handoff-<day>[-N]` name in the handoff folder.
        case handoffFolder
        /// Exactly this file (absolute); an existing file is an error.
        case file(String)
        case standardOutput
    }

    public var output = Output.handoffFolder
    /// The handoff folder (absolute); `nil` for `.claude/handoffs` at the work tree's root.
    public var folder: String?
    public var notes = GivenNotes()
    public var format = HandoffRequest.Format.markdown
    public var variant = DocumentVariant.standard
    /// A template's path (absolute, or `-` for standard input) and its name for errors; `nil`
    /// for `.claude/templates/handoff.md` when present, else the default layout. Markdown only.
    public var template: (path: String, name: String)?
    public var maxCharacters: Int?
    public var failOnSecret = false
    /// Where the session's commits start instead: a revision or a date.
    public var since: String?
    /// Written by a hook: the document says so.
    public var automatic = false
    /// CI mode's build and the branch its variables name.
    public var build: BuildFacts?
    public var ciBranch: CIBranch?
    public var clock = HandoffClock()
    /// `--path`: changes, Files Touched and the session's commits limited to this part of the tree.
    public var scope: PathScope?

    /// The default template's place, relative to the work tree.
    public static let templateRelativePath = ".claude/templates/handoff.md"

    public init() {}

    public struct Outcome: Sendable {
        public var result: HandoffResult
        /// The request the handoff was written from.
        public var request: HandoffRequest
        /// How many journal notes it took in.
        public var journalNotes: Int
    }

    public func write(repository: Repository) throws(HandoffError) -> Outcome {
        let snapshot: RepositorySnapshot
        do {
            snapshot = try repository.snapshot(scope: scope)
        } catch {
            throw HandoffError(error.description)
        }
        guard let workTree = snapshot.workTree else {
            throw HandoffError("\(snapshot.gitDirectory) is a bare repository: a handoff needs a work tree")
        }
        let destination: HandoffRequest.Destination
        switch output {
        case .standardOutput: destination = .standardOutput
        case .file(let path): destination = .file(path)
        case .handoffFolder: destination = .folder(folder ?? workTree + "/" + HandoffFolder.defaultRelativePath)
        }
        var request = HandoffRequest(destination: destination)
        request.handoffFolder = folder
        let store = SessionStore(gitDirectory: repository.gitDirectory)
        var warnings: [String] = []
        let start: SessionStart?
        do {
            start = try store.readStart()
        } catch {
            warnings.append("\(error.description); counting commits as if no session was started")
            start = nil
        }
        request.sessionStart = start
        request.sessionReflog = start.map { Reflog.entries(since: $0, gitDirectory: repository.gitDirectory) } ?? []
        let given = try notes.read()
        request.format = format
        request.variant = variant
        request.maxCharacters = maxCharacters
        request.failOnSecret = failOnSecret
        request.since = since
        request.automatic = automatic
        request.build = build
        request.ciBranch = ciBranch
        request.clock = clock
        if format == .markdown {
            if let template {
                request.template = (
                    try FileInput.readText(template.path, atMost: FileInput.templateLimit), template.name
                )
            } else {
                let standard = workTree + "/" + Self.templateRelativePath
                if access(standard, F_OK) == 0 {
                    request.template = (
                        try FileInput.readText(standard, atMost: FileInput.templateLimit), Self.templateRelativePath
                    )
                }
            }
        }
        // Printing only previews: the journal stays for the handoff that is saved.
        let journal = output == .standardOutput ? try store.peekJournal() : try store.claimJournal()
        for problem in journal?.problems ?? [] { warnings.append(problem) }
        if let copy = journal?.corruptCopy {
            warnings.append("the journal has unreadable lines; it is kept as \(copy) (its readable notes are used)")
        }
        var combined = journal?.notes ?? SessionNotes()
        combined.merge(given)
        request.notes = combined
        // Learnings recorded by `handoff learn` since the last handoff; taken only when saved.
        let pending = PendingLearnings(gitDirectory: snapshot.gitDirectory)
        let claim = output == .standardOutput || variant == .compact ? nil : pending.claim()
        request.notes.learnings += (claim?.learnings ?? pending.peek()).filter {
            !request.notes.learnings.contains($0)
        }
        var result: HandoffResult
        do {
            result = try HandoffWriter(request: request).write(
                snapshot: snapshot, history: GitStateHistory(repository: repository, scope: scope))
        } catch {
            journal?.restore()
            claim?.settle(saved: false)
            throw error
        }
        claim?.settle(saved: true)
        journal?.finish()
        if result.path != nil, let start { store.end(start) }
        result.warnings = warnings + result.warnings
        return Outcome(result: result, request: request, journalNotes: journal?.entries.count ?? 0)
    }
}
