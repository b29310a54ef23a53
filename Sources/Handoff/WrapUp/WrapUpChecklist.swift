import GitState

/// Turns the gathered facts into the checklist's items, one per check, in a fixed order.
struct WrapUpChecklist {
    let facts: WrapUpFacts
    let settings: WrapUpSettings

    /// The most paths or lines one item lists; its counts say how many there are.
    static let detailLimit = 10

    func items() -> [WrapUpItem] {
        [
            uncommitted(), stashes(), unpushed(), behind(), operation(), conflicts(), todos(), debug(), secrets(),
            largeFiles(), tests(), notes(),
        ]
    }

    /// A finding's status: it blocks when its check does.
    func found(_ check: WrapUpCheck) -> WrapUpItem.Status { settings.blocking.contains(check) ? .block : .warn }

    func item(
        _ check: WrapUpCheck, found: Bool, _ summary: String, counts: [String: Int] = [:],
        _ details: [WrapUpDetail] = []
    )
        -> WrapUpItem
    {
        WrapUpItem(
            check: check, status: found ? self.found(check) : .ok, summary: summary, counts: counts,
            details: Array(details.prefix(Self.detailLimit)))
    }

    static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? word : plural ?? word + "s")"
    }

    // MARK: The checks

    func uncommitted() -> WrapUpItem {
        let status = facts.status
        let staged = status.filter(\.isStaged)
        let unstaged = status.filter(\.isUnstaged)
        let untracked = status.filter(\.isUntracked)
        let conflicted = status.filter(\.isConflicted)
        let counts = [
            "staged": staged.count, "unstaged": unstaged.count, "untracked": untracked.count,
            "conflicted": conflicted.count,
        ]
        guard !status.isEmpty else { return item(.uncommitted, found: false, "nothing uncommitted", counts: counts) }
        let parts = [
            ("staged", staged.count), ("unstaged", unstaged.count), ("untracked", untracked.count),
            ("conflicted", conflicted.count),
        ].filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        let details = status.map { entry in
            var kinds: [String] = []
            if entry.isConflicted { kinds.append("conflicted") }
            if entry.isStaged { kinds.append("staged") }
            if entry.isUnstaged { kinds.append("unstaged") }
            if entry.isUntracked { kinds.append("untracked") }
            let renamed = entry.orig.map { ", renamed from \($0)" } ?? ""
            return WrapUpDetail(path: entry.path, text: kinds.joined(separator: ", ") + renamed)
        }
        return item(
            .uncommitted, found: true,
            "\(Self.plural(status.count, "uncommitted file")): \(parts.joined(separator: ", "))", counts: counts,
            details)
    }

    func stashes() -> WrapUpItem {
        guard let start = facts.sessionStartSeconds else {
            let count = facts.stashes.count
            return item(
                .stashes, found: false,
                count == 0
                    ? "no stashes"
                    : "\(Self.plural(count, "stash", "stashes")), none known to be this session's (no session start)",
                counts: ["session": 0, "total": count])
        }
        let made = facts.stashes.filter { $0.time >= start }
        let details = made.map { WrapUpDetail(text: "stash@{\($0.index)}: \($0.message)") }
        return item(
            .stashes, found: !made.isEmpty,
            made.isEmpty
                ? "no stash made this session"
                : "\(Self.plural(made.count, "stash", "stashes")) made this session: apply or drop",
            counts: ["session": made.count, "total": facts.stashes.count], details)
    }

    func unpushed() -> WrapUpItem {
        let snapshot = facts.snapshot
        if snapshot.unborn { return item(.unpushed, found: false, "no commits yet") }
        if snapshot.detached {
            let head = snapshot.head?.short ?? "?"
            return item(.unpushed, found: true, "detached HEAD at \(head): commits made here are on no branch")
        }
        let branch = snapshot.branch ?? "HEAD"
        guard let upstream = snapshot.upstream else {
            // A repository with no remote at all has nowhere to push: worth saying, never blocking.
            if facts.remotes.isEmpty {
                return WrapUpItem(
                    check: .unpushed, status: .warn, summary: "\(branch) has no upstream, and no remote is configured")
            }
            return item(
                .unpushed, found: true,
                "\(branch) has no upstream: push it (git push -u \(facts.remotes.first ?? "origin") \(branch))")
        }
        guard let ahead = snapshot.ahead else {
            return item(.unpushed, found: true, "the upstream \(upstream) is gone: push \(branch) again or set another")
        }
        let details = facts.aheadCommits.map { WrapUpDetail(text: "\($0.shortOID) \($0.summary)") }
        return item(
            .unpushed, found: ahead > 0,
            ahead == 0
                ? "pushed: nothing ahead of \(upstream)" : "\(Self.plural(ahead, "commit")) not pushed to \(upstream)",
            counts: ["ahead": ahead], details)
    }

    func behind() -> WrapUpItem {
        let snapshot = facts.snapshot
        guard let upstream = snapshot.upstream, let behind = snapshot.behind else {
            return item(.behind, found: false, "no upstream to compare with")
        }
        return item(
            .behind, found: behind > 0,
            behind == 0
                ? "up to date with \(upstream) (as of the last fetch)"
                : "\(Self.plural(behind, "commit")) behind \(upstream) (as of the last fetch): pull before going on",
            counts: ["behind": behind])
    }

    func operation() -> WrapUpItem {
        let state = facts.snapshot.state
        guard state != .none else { return item(.operation, found: false, "no operation in progress") }
        let hint: String
        switch state {
        case .bisect: hint = "git bisect reset when done"
        case .merge: hint = "commit it, or git merge --abort"
        default: hint = "git \(state.rawValue) --continue, or --abort"
        }
        return item(.operation, found: true, "\(state.rawValue) in progress: \(hint)")
    }

    func conflicts() -> WrapUpItem {
        let unmerged = facts.status.filter(\.isConflicted)
        let markers = facts.changes.flatMap { change in
            change.addedConflictMarkers.map { WrapUpDetail(path: change.path, line: $0.number, text: $0.text) }
        }
        let details = unmerged.map { WrapUpDetail(path: $0.path, text: "unmerged (\($0.xy))") } + markers
        var parts: [String] = []
        if !unmerged.isEmpty { parts.append(Self.plural(unmerged.count, "unmerged file")) }
        if !markers.isEmpty { parts.append(Self.plural(markers.count, "conflict marker") + " added") }
        return item(
            .conflicts, found: !details.isEmpty,
            parts.isEmpty ? "no conflict markers added" : parts.joined(separator: ", "),
            counts: ["unmerged": unmerged.count, "markers": markers.count], details)
    }

    func todos() -> WrapUpItem {
        let lines = addedLines { _, text in TaskMarker.find(in: text) }
        return item(
            .todos, found: !lines.isEmpty,
            lines.isEmpty ? "no TODO, FIXME or XXX added" : "\(Self.plural(lines.count, "TODO/FIXME/XXX line")) added",
            counts: ["lines": lines.count], lines)
    }

    func debug() -> WrapUpItem {
        guard !settings.debugPatterns.isEmpty else {
            return WrapUpItem(
                check: .debug, status: .off,
                summary: "off: no debug_patterns in \(WrapUpSettings.relativePath) (e.g. {\"swift\": [\"print(\"]})")
        }
        let lines = addedLines { path, text in
            settings.debugPatterns.patterns(for: path).contains { text.contains($0) }
        }
        return item(
            .debug, found: !lines.isEmpty,
            lines.isEmpty ? "no debug leftovers added" : "\(Self.plural(lines.count, "debug leftover")) added",
            counts: ["lines": lines.count], lines)
    }

    func secrets() -> WrapUpItem {
        let redactor = Redactor()
        var details: [WrapUpDetail] = []
        for change in facts.changes where !change.binary {
            for line in change.addedLines {
                let result = redactor.redact(line.text)
                guard !result.findings.isEmpty else { continue }
                // The line as the handoff would show it: the secret itself is never printed.
                details.append(WrapUpDetail(path: change.path, line: line.number, text: Self.cut(result.text)))
            }
        }
        return item(
            .secrets, found: !details.isEmpty,
            details.isEmpty
                ? "no secrets in the session's diff"
                : "\(Self.plural(details.count, "line")) with a possible secret added",
            counts: ["lines": details.count], details)
    }

    func largeFiles() -> WrapUpItem {
        let limit = settings.largeFileBytes
        let large = facts.changes.filter { $0.kind == .added && ($0.newSize ?? 0) > limit }
        let details = large.map { WrapUpDetail(path: $0.path, text: Self.size($0.newSize ?? 0)) }
        return item(
            .largeFiles, found: !large.isEmpty,
            large.isEmpty
                ? "no file over \(Self.size(limit)) added"
                : "\(Self.plural(large.count, "file")) over \(Self.size(limit)) added",
            counts: ["files": large.count], details)
    }

    func tests() -> WrapUpItem {
        guard let evidence = facts.tests else {
            return WrapUpItem(
                check: .tests, status: .warn,
                summary:
                    "no test result this session (handoff note --tests, --junit, or wrap_up.junit in \(WrapUpSettings.relativePath))"
            )
        }
        let results = evidence.results
        let counts = ["passed": results.passed, "failed": results.failed, "skipped": results.skipped]
        guard results.isFailing else {
            return item(
                .tests, found: false, "\(results.passed) passed, 0 failed (from \(evidence.source))", counts: counts)
        }
        return item(
            .tests, found: true,
            "\(results.failed) of \(results.total) failing (from \(evidence.source))", counts: counts,
            evidence.failing.map { WrapUpDetail(text: $0) })
    }

    func notes() -> WrapUpItem {
        guard let notes = facts.notes, notes != SessionNotes() else {
            return WrapUpItem(
                check: .notes, status: .warn,
                summary: "no notes this session: the handoff will have no What's Done and no Next Step (handoff note)")
        }
        var details: [WrapUpDetail] = []
        if notes.next?.trimmed.isEmpty ?? true {
            details.append(WrapUpDetail(text: "no Next Step (handoff note --next \"…\")"))
        }
        for item in notes.inProgress where item.location == nil {
            details.append(WrapUpDetail(text: "in progress without path:line: \(item.text)"))
        }
        return item(
            .notes, found: !details.isEmpty,
            details.isEmpty
                ? "Next Step noted, every in-progress item has path:line"
                : "the handoff will miss \(Self.plural(details.count, "thing"))",
            counts: ["missing": details.count], details)
    }

    // MARK: Helpers

    /// The session's added lines `matches` accepts, as `path:line: text`.
    func addedLines(_ matches: (String, String) -> Bool) -> [WrapUpDetail] {
        facts.changes.filter { !$0.binary }.flatMap { change in
            change.addedLines.filter { matches(change.path, $0.text) }.map {
                WrapUpDetail(path: change.path, line: $0.number, text: Self.cut($0.text))
            }
        }
    }

    static func cut(_ text: String) -> String {
        let trimmed = text.trimmed
        return trimmed.count > 120 ? String(trimmed.prefix(119)) + "…" : trimmed
    }

    /// `1.5 MB`, `800 KB`, `12 bytes` (powers of 1,024, as git's own sizes are).
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return format(Double(bytes) / Double(1 << 20)) + " MB" }
        if bytes >= 1 << 10 { return format(Double(bytes) / Double(1 << 10)) + " KB" }
        return plural(bytes, "byte")
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}

/// `TODO`, `FIXME` and `XXX` as words (not inside `TODOS` or `XXXL`), as a reviewer's search finds them.
enum TaskMarker {
    static let words = ["TODO", "FIXME", "XXX"]

    static func find(in text: String) -> Bool {
        let bytes = Array(text.utf8)
        for word in words {
            let needle = Array(word.utf8)
            var start = 0
            while start + needle.count <= bytes.count {
                if bytes[start..<start + needle.count].elementsEqual(needle) {
                    let before = start == 0 ? nil : bytes[start - 1]
                    let after = start + needle.count < bytes.count ? bytes[start + needle.count] : nil
                    if !isWordByte(before) && !isWordByte(after) { return true }
                }
                start += 1
            }
        }
        return false
    }

    static func isWordByte(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F || byte >= 0x80
    }
}
