import FoundationEssentials
import GitState

/// What the user asked for: where the handoff goes and how it looks.
public struct HandoffRequest: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case markdown, json
    }

    /// Where the document goes.
    public enum Destination: Sendable, Equatable {
        /// The next free `handoff-<day>[-N].<ext>` in this folder (absolute).
        case folder(String)
        /// Exactly this file (absolute); an existing file is an error.
        case file(String)
        /// Standard output.
        case standardOutput
    }

    public var notes = SessionNotes()
    public var format = Format.markdown
    public var variant = DocumentVariant.standard
    public var destination: Destination
    /// The handoff folder (absolute) when it is not `.claude/handoffs` and the destination is a
    /// file or stdout: where the last handoff is looked up, and left out of the changes.
    public var handoffFolder: String?
    /// The template text and its name for errors; `nil` for the default layout.
    public var template: (text: String, name: String)?
    public var maxCharacters: Int?
    public var failOnSecret = false
    public var since: String?
    /// The session start recorded for this worktree, and its HEAD reflog entries since then.
    public var sessionStart: SessionStart?
    public var sessionReflog: [ReflogEntry] = []
    public var clock = HandoffClock()
    /// Written by a hook: the document says so.
    public var automatic = false
    /// CI mode: the build and the branch its variables name (see `CIEnvironment`).
    public var build: BuildFacts?
    public var ciBranch: CIBranch?
    /// The pre-push hook's view of the push.
    public var push: PushFacts?

    public init(destination: Destination) {
        self.destination = destination
    }
}

/// The outcome of a write: where it went (nil for stdout), the text, and warnings for stderr.
public struct HandoffResult: Sendable {
    public var path: String?
    public var text: String
    public var warnings: [String]
    public var document: HandoffDocument
}

/// Builds, renders and saves one handoff. Reads the repository only through the snapshot and
/// the history source; writes only the handoff file (and its folder).
public struct HandoffWriter {
    public var request: HandoffRequest

    public init(request: HandoffRequest) {
        self.request = request
    }

    /// The folders whose contents are the tool's own output, relative to the work tree.
    public func ownFolders(workTree: String) -> [String] {
        var folders = [HandoffFolder.defaultRelativePath]
        if let folder = handoffFolder(workTree: workTree),
            let relative = OwnOutputFilter.relative(folder, to: workTree),
            !relative.isEmpty, !folders.contains(relative)
        {
            folders.append(relative)
        }
        return folders
    }

    /// The folder handoffs live in: the destination folder, else `handoffFolder`, else the default.
    public func handoffFolder(workTree: String) -> String? {
        if case .folder(let path) = request.destination { return path }
        return request.handoffFolder ?? workTree + "/" + HandoffFolder.defaultRelativePath
    }

    public func write(snapshot: RepositorySnapshot, history: any SessionHistorySource) throws(HandoffError)
        -> HandoffResult
    {
        guard let workTree = snapshot.workTree else {
            throw HandoffError("\(snapshot.gitDirectory) is a bare repository: a handoff needs a work tree")
        }
        let folder = handoffFolder(workTree: workTree)
        let base = try SessionBaseFinder(
            handoffFolder: folder, since: request.since, timeZone: request.clock.timeZone,
            sessionStart: request.sessionStart
        ).find(history: history)
        var builder = DocumentBuilder(
            snapshot: snapshot, notes: request.notes, clock: request.clock, base: base, history: history,
            filter: OwnOutputFilter(excluded: ownFolders(workTree: workTree), workTree: workTree),
            includeDiff: request.variant == .full, sessionReflog: request.sessionReflog)
        builder.buildFacts = request.build
        builder.ciBranch = request.ciBranch
        builder.push = request.push
        var document = try builder.build()
        document.automatic = request.automatic
        if request.failOnSecret, document.redactions.total > 0 {
            throw HandoffError(
                "\(document.redactions.total) possible \(document.redactions.total == 1 ? "secret" : "secrets") found (\(document.redactions.summary)); nothing written (--fail-on-secret)"
            )
        }
        let text = try render(document)
        let warnings = DocumentBuilder.concisionWarnings(for: request.notes)
        let store = HandoffStore()
        let path: String?
        switch request.destination {
        case .standardOutput:
            path = nil
        case .file(let file):
            try FileSystem.confine(file, within: workTree)
            path = try store.save(text, at: file)
        case .folder(let folder):
            try FileSystem.confine(folder, within: workTree)
            path = try store.saveNext(
                text, in: folder, day: document.day, fileExtension: request.format == .json ? "json" : "md")
        }
        return HandoffResult(path: path, text: text, warnings: warnings, document: document)
    }

    /// The document as text, in the requested format, fitted to `maxCharacters`.
    public func render(_ document: HandoffDocument) throws(HandoffError) -> String {
        if request.format == .json {
            if request.maxCharacters != nil { throw HandoffError("--max-chars applies to Markdown, not --format json") }
            return JSONRenderer(document: document).render(variant: request.variant)
        }
        let renderOmitting: ([DocumentSection]) throws(HandoffError) -> String
        if let template = request.template {
            let renderer = try TemplateRenderer(text: template.text, name: template.name)
            renderOmitting = { omitted in renderer.render(document, variant: request.variant, omitted: omitted) }
        } else {
            let renderer = MarkdownRenderer(document: document)
            renderOmitting = { omitted in
                renderer.render(variant: request.variant, omitted: omitted, budget: request.maxCharacters)
            }
        }
        guard let limit = request.maxCharacters else { return try renderOmitting([]) }
        let markdown = MarkdownRenderer(document: document)
        let present = Set(
            DocumentSection.allCases.filter { section in
                request.variant != .compact && (section != .diff || request.variant == .full)
                    && markdown.body(of: section) != nil
            })
        return try BudgetFitter(limit: limit, present: present).fit(renderOmitting)
    }
}
