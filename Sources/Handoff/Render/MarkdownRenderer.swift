/// The document's sections, in the order the default layout prints them.
public enum DocumentSection: String, CaseIterable, Sendable {
    case status = "Status"
    case push = "Push"
    case done = "What's Done"
    case inProgress = "What's In Progress"
    case pending = "What's Pending"
    case decisions = "Key Decisions Made"
    case learnings = "Learnings Captured"
    case files = "Files Touched"
    case gotchas = "Gotchas for Next Session"
    case diff = "Uncommitted Diff"
    case resume = "Resume Command"

    /// The placeholder a custom template uses for the section's body.
    public var placeholder: String {
        switch self {
        case .status: "STATUS"
        case .push: "PUSH"
        case .done: "DONE"
        case .inProgress: "IN_PROGRESS"
        case .pending: "PENDING"
        case .decisions: "DECISIONS"
        case .learnings: "LEARNINGS"
        case .files: "FILES_TOUCHED"
        case .gotchas: "GOTCHAS"
        case .diff: "DIFF"
        case .resume: "RESUME_COMMAND"
        }
    }
}

/// How much of the document to write.
public enum DocumentVariant: String, Sendable, CaseIterable {
    /// Every section with content.
    case standard
    /// The resume command and the key context only.
    case compact
    /// Everything, plus the uncommitted diff.
    case full
}

/// Renders a `HandoffDocument` as Markdown: the default layout, and each section's body
/// for custom templates.
public struct MarkdownRenderer {
    public var document: HandoffDocument

    public init(document: HandoffDocument) {
        self.document = document
    }

    /// The whole document. `omitted` sections are left out and named in a "cut" note
    /// (used by `--max-chars`).
    public func render(variant: DocumentVariant = .standard, omitted: [DocumentSection] = [], budget: Int? = nil)
        -> String
    {
        var blocks: [String] = ["# Session Handoff — \(document.day) \(document.time)"]
        if document.automatic { blocks.append(AutomaticMarker.line) }
        if let warning = incompleteBlock { blocks.append(warning) }
        if variant == .compact {
            blocks.append("## Key Context\n" + keyContext)
        } else {
            for section in DocumentSection.allCases where section != .resume && !omitted.contains(section) {
                if section == .diff && variant != .full { continue }
                guard let body = body(of: section) else { continue }
                blocks.append("## \(section.rawValue)\n" + body)
            }
        }
        if !omitted.isEmpty {
            let names = omitted.map(\.rawValue).joined(separator: ", ")
            blocks.append("_Cut to fit \(budget.map { "\($0) characters" } ?? "the budget"): \(names)._")
        }
        blocks.append("## Resume Command\n" + resumeBlock)
        blocks.append(RecordedState.markerLines(for: document))
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// `> Continue on …` — the copy-pasteable quote block.
    public var resumeBlock: String { "> " + document.resumeCommand }

    public var incompleteBlock: String? {
        guard document.isIncomplete else { return nil }
        return "> ⚠️ **Incomplete work — do not merge yet**\n"
            + document.incompleteReasons.map { "> - \(MarkdownText.inline($0))" }.joined(separator: "\n")
    }

    /// A section's body without its heading; `nil` when the section is empty (Status never is).
    public func body(of section: DocumentSection) -> String? {
        let notes = document.notes
        switch section {
        case .status: return statusBody
        case .push: return pushBody
        case .done: return list(notes.done.map(MarkdownText.inline))
        case .inProgress:
            return list(
                notes.inProgress.map { item in
                    MarkdownText.inline(item.text)
                        + (item.location.map { " — resume at \(MarkdownText.code($0))" } ?? "")
                })
        case .pending:
            return list(
                notes.todo.map(MarkdownText.inline)
                    + notes.blocked.map {
                        "**\(MarkdownText.oneLine($0.item))** — blocked: \(MarkdownText.inline($0.reason))"
                    }
            )
        case .decisions:
            return list(
                notes.decisions.map { decision in
                    "**\(MarkdownText.oneLine(decision.title))**: \(MarkdownText.inline(decision.why))"
                        + (decision.tradeOff.map { "; trade-off: \(MarkdownText.inline($0))" } ?? "")
                })
        case .learnings:
            return list(
                notes.learnings.map { "[\(MarkdownText.oneLine($0.category))] \(MarkdownText.inline($0.rule))" })
        case .files: return filesBody
        case .gotchas: return list(notes.gotchas.map(MarkdownText.inline))
        case .diff:
            guard let diff = document.diff else { return nil }
            if let patch = diff.patch {
                return patch.isEmpty ? "_No uncommitted changes._" : MarkdownText.fencedBlock(patch, info: "diff")
            }
            return "_Not included: \(diff.unavailableReason ?? "unavailable")._"
        case .resume: return resumeBlock
        }
    }

    private func list(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.map { "- " + $0 }.joined(separator: "\n")
    }

    // MARK: Status

    var statusBody: String {
        var lines: [String] = []
        lines.append("- **Branch**: " + branchText)
        if let paths = document.git.paths {
            lines.append(
                "- **Scope**: " + paths.map { MarkdownText.code($0.isEmpty ? "." : $0) }.joined(separator: ", "))
        }
        lines.append("- **Commits this session**: \(document.session.commits.count) \(basePhrase)")
        for commit in document.session.commits {
            lines.append("  - \(MarkdownText.code(commit.shortOID)) \(MarkdownText.inline(commit.summary))")
        }
        lines.append("- **Uncommitted changes**: " + changesText)
        lines.append("- **Tests**: " + testsText)
        if document.git.operation != .none {
            lines.append("- **Operation in progress**: \(document.git.operation.rawValue)")
        }
        if document.git.stash > 0 {
            lines.append("- **Stash**: \(document.git.stash) \(document.git.stash == 1 ? "entry" : "entries")")
        }
        if document.redactions.total > 0 {
            lines.append("- **Secrets redacted**: \(document.redactions.total) (\(document.redactions.summary))")
        }
        lines += buildLines
        return lines.joined(separator: "\n")
    }

    var branchText: String {
        let git = document.git
        var text: String
        if let branch = git.branch {
            text = MarkdownText.code(branch) + (git.unborn ? " (no commits yet)" : "")
        } else if let ciBranch = git.ciBranch {
            text = ciBranchText(ciBranch)
        } else {
            text = "detached at \(MarkdownText.code(git.shortHead ?? "?"))"
        }
        if let upstream = git.upstream {
            if let ahead = git.ahead, let behind = git.behind {
                text += ", tracking \(MarkdownText.code(upstream)) (ahead \(ahead), behind \(behind))"
            } else {
                text += ", tracking \(MarkdownText.code(upstream)) (gone)"
            }
        }
        return text
    }

    var basePhrase: String {
        var phrase = document.session.base == .none ? "— " + document.session.base.phrase : document.session.base.phrase
        if !document.session.complete {
            phrase += " — only the newest \(document.session.commits.count) are listed, this list is incomplete"
        }
        return phrase
    }

    var changesText: String {
        let changes = document.changes
        if changes.total == 0 { return "none" }
        return
            "\(changes.staged) staged, \(changes.unstaged) unstaged, \(changes.untracked) untracked, \(changes.conflicted) conflicted"
    }

    var testsText: String {
        guard let tests = document.notes.tests else { return "not run" }
        var parts: [String] = []
        if tests.isFailing { parts.append("\(tests.failed) failing") }
        parts.append("\(tests.passed) passing")
        if tests.skipped > 0 { parts.append("\(tests.skipped) skipped") }
        return (tests.isFailing ? "❌ " : "✅ ") + parts.joined(separator: ", ")
    }

    // MARK: Files

    /// Past this many files, undescribed files are summarised by folder.
    static let fileLimit = 10

    var filesBody: String? {
        let table = filesTable
        guard !document.session.committedFilesKnown else { return table }
        let count = document.session.commits.count
        let note =
            "_Files changed by this session's \(count == 1 ? "commit" : "\(count) commits") are not listed: there is no base commit to compare with._"
        return table.map { $0 + "\n\n" + note } ?? note
    }

    var filesTable: String? {
        let files = document.filesTouched
        guard !files.isEmpty else { return nil }
        var rows = ["| File | Lines | State | Notes |", "| --- | --- | --- | --- |"]
        let (shown, rest) = Self.split(files)
        rows += shown.map(row)
        var folders: [String: (count: Int, added: Int, deleted: Int, binary: Int)] = [:]
        for file in rest {
            let folder = file.path.lastIndex(of: "/").map { String(file.path[..<$0]) + "/" } ?? "./"
            var summary = folders[folder] ?? (0, 0, 0, 0)
            summary.count += 1
            summary.added += file.added ?? 0
            summary.deleted += file.deleted ?? 0
            if file.binary { summary.binary += 1 }
            folders[folder] = summary
        }
        for (folder, summary) in folders.sorted(by: { $0.key < $1.key }) {
            var lines = summary.binary == summary.count ? "" : "+\(summary.added) −\(summary.deleted)"
            if summary.binary > 0 { lines += (lines.isEmpty ? "" : ", ") + "\(summary.binary) binary" }
            rows.append("| + \(summary.count) more in \(MarkdownText.code(folder, inTable: true)) | \(lines) | | |")
        }
        return rows.joined(separator: "\n")
    }

    /// The files that get a row of their own (every file with a note, then the most changed
    /// ones, up to `fileLimit` rows, in path order) and the rest, summarised by folder.
    static func split(_ files: [TouchedFile]) -> (shown: [TouchedFile], rest: [TouchedFile]) {
        guard files.count > fileLimit else { return (files, []) }
        let noted = files.filter { $0.note != nil }
        let others = files.filter { $0.note == nil }.enumerated().sorted { left, right in
            let a = (left.element.added ?? 0) + (left.element.deleted ?? 0)
            let b = (right.element.added ?? 0) + (right.element.deleted ?? 0)
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
        let extra = others.prefix(max(0, fileLimit - noted.count))
        let shownPaths = Set(noted.map(\.path) + extra.map(\.path))
        return (files.filter { shownPaths.contains($0.path) }, files.filter { !shownPaths.contains($0.path) })
    }

    private func row(_ file: TouchedFile) -> String {
        let lines: String
        if file.binary {
            lines = "binary"
        } else if let added = file.added, let deleted = file.deleted {
            lines = "+\(added) −\(deleted)"
        } else {
            lines = "—"
        }
        // A note says it best; without one, what git says changed.
        let notes = file.note.map(MarkdownText.cell) ?? file.change.map { ChangePhrase(facts: $0).markdown } ?? ""
        return
            "| \(MarkdownText.code(file.path, inTable: true)) | \(lines) | \(file.states.map(\.rawValue).joined(separator: ", ")) | \(notes) |"
    }

    // MARK: Compact

    var keyContext: String {
        var lines = ["- **Branch**: " + branchText]
        lines.append("- **Commits this session**: \(document.session.commits.count) \(basePhrase)")
        lines.append("- **Uncommitted changes**: " + changesText)
        lines.append("- **Tests**: " + testsText)
        if document.git.operation != .none {
            lines.append("- **Operation in progress**: \(document.git.operation.rawValue)")
        }
        for item in document.notes.inProgress {
            lines.append(
                "- **In progress**: \(MarkdownText.inline(item.text))"
                    + (item.location.map { " — resume at \(MarkdownText.code($0))" } ?? ""))
        }
        for item in document.notes.blocked {
            lines.append("- **Blocked**: \(MarkdownText.inline(item.item)) — \(MarkdownText.inline(item.reason))")
        }
        if document.redactions.total > 0 {
            lines.append("- **Secrets redacted**: \(document.redactions.total) (\(document.redactions.summary))")
        }
        return lines.joined(separator: "\n")
    }
}
