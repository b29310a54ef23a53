/// What `handoff init` puts in a project for coding agents, and how it comes out again.
///
/// Three files: the `/handoff` slash command (`.claude/commands/handoff.md`), three hooks in
/// `.claude/settings.json` (replay at session start, a compact automatic handoff before
/// compaction and at session end when the session has unsaved notes), and a delimited section in `AGENTS.md`. Each has an "add" that leaves what is
/// there untouched and a "strip" that takes out exactly what was added.
public enum AgentFiles {
    /// The hook commands, as written into `.claude/settings.json`.
    public static let sessionStartCommand = "handoff replay --session-start"
    public static let preCompactCommand = "handoff --compact --auto"
    public static let sessionEndCommand = "handoff --session-end"

    /// Work-tree-relative paths of the three files.
    public static let slashCommandPath = ".claude/commands/handoff.md"
    public static let settingsPath = ".claude/settings.json"
    public static let agentsPath = "AGENTS.md"

    public static let sectionBegin = "<!-- handoff:begin -->"
    public static let sectionEnd = "<!-- handoff:end -->"

    // MARK: The slash command

    public static let slashCommand = """
        ---
        description: Write a session handoff so the next session resumes in a minute
        argument-hint: [--compact|--full]
        ---
        Write a session handoff for this repository with the `handoff` tool.

        First run `handoff wrap-up` and show its checklist to the user. For each ✗ item, do what \
        it says (commit, push, finish or abort the operation, remove the marker or secret, fix \
        the failing test) or say why it stays; its suggested commit message is only a \
        suggestion: never commit without being asked.

        handoff reads the git state itself (branch, commits, uncommitted changes): do not list \
        those. Gather from this session, briefly and concretely:

        - **What's Done**: what was finished (at most 5 items).
        - **What's In Progress**: work started and not finished, each with where to resume as \
        `item @ path:line`.
        - **What's Pending**: what is left and why; a blocked item as `item — blocked: reason`.
        - **Key Decisions Made**: `title: why; trade-off: cost` (the 3 that matter).
        - **Learnings Captured**: rules learned the hard way, as `[Category] rule`.
        - **Gotchas for Next Session**: traps the next session should know about.
        - **Next Step**: the single next action.
        - **Tests**: `N passed, N failed`, or `not run`.

        Then pass them as Markdown notes on standard input, with exactly these headings \
        (leave out empty ones), honouring this command's arguments:

        ```bash
        handoff --notes - $ARGUMENTS <<'NOTES'
        ## What's Done
        - …
        ## What's In Progress
        - … @ path:line
        ## What's Pending
        - …
        ## Key Decisions Made
        - title: why; trade-off: cost
        ## Learnings Captured
        - [Category] rule
        ## Gotchas for Next Session
        - …
        ## Next Step
        …
        ## Tests
        N passed, N failed
        NOTES
        ```

        `--compact` writes only the resume command and the key context; `--full` adds the \
        uncommitted diff. Report the path handoff prints, and its resume command.

        """

    // MARK: AGENTS.md

    public static let agentsSection = """
        \(sectionBegin)
        ## Session handoffs

        Session handoffs live in `.claude/handoffs/`, written by the `handoff` tool.

        - Starting a session: `handoff replay --session-start` prints the latest handoff's resume \
        command and open items; `handoff replay KEYWORDS` prints the past learnings and open \
        items most relevant to what you are about to touch.
        - Learned a rule the hard way: `handoff learn "[Category] rule"` (kept in `.claude/LEARNED.md`).
        - Before stopping: `handoff wrap-up` lists what is left (uncommitted or unpushed work, \
        TODOs and secrets added, failing tests, notes the handoff will miss) and exits 1 while \
        something blocks; `--json` for agents.
        - Ending a session: pipe Markdown notes into `handoff --notes -` with the headings \
        What's Done, What's In Progress (`item @ path:line`), What's Pending, Key Decisions Made, \
        Learnings Captured (`[Category] rule`), Gotchas for Next Session and Next Step.
        - When your agent has a session-end hook (Claude Code's SessionEnd is installed by \
        `handoff init`; for Codex, Cursor and others, run it from theirs or from your wrapper \
        script): `handoff --session-end` writes a compact handoff if notes were taken \
        (`handoff note`) or a session started since the last saved handoff, and otherwise does \
        nothing; it never fails (exit status 0, problems in one line on stderr).
        \(sectionEnd)

        """

    /// `AGENTS.md` with the section appended (after a blank line); `nil` when it is already there.
    public static func addingSection(to text: String?) -> String? {
        guard let text, !text.isEmpty else { return agentsSection }
        if text.contains(sectionBegin) { return nil }
        return text + (text.hasSuffix("\n") ? "\n" : "\n\n") + agentsSection
    }

    /// `AGENTS.md` without the section (and the blank line written before it); `nil` when absent.
    public static func removingSection(from text: String) -> String? {
        guard let begin = text.firstRange(of: sectionBegin),
            let end = text[begin.upperBound...].firstRange(of: sectionEnd)
        else { return nil }
        var after = end.upperBound
        if after < text.endIndex, text[after] == "\n" { after = text.index(after: after) }
        var before = String(text[..<begin.lowerBound])
        if before.hasSuffix("\n\n") { before.removeLast() }
        return before + text[after...]
    }

    // MARK: settings.json

    /// The three hooks, by Claude Code event.
    public static let hooks: [(event: String, command: String)] = [
        ("SessionStart", sessionStartCommand),
        ("PreCompact", preCompactCommand),
        ("SessionEnd", sessionEndCommand),
    ]

    /// The settings with the hooks added (existing keys and hooks kept, in order); `nil` when
    /// both are there already.
    public static func addingHooks(to settings: JSONValue) throws(HandoffError) -> JSONValue? {
        guard case .object = settings else { throw HandoffError("the top level is not a JSON object") }
        var hooksObject = settings["hooks"] ?? .object([])
        guard case .object = hooksObject else { throw HandoffError("\"hooks\" is not a JSON object") }
        var changed = false
        for (event, command) in hooks {
            var entries: [JSONValue] = []
            if let existing = hooksObject[event] {
                guard let array = existing.arrayValue else {
                    throw HandoffError("\"hooks\".\"\(event)\" is not a JSON array")
                }
                entries = array
            }
            if entries.contains(where: { contains($0, command: command) }) { continue }
            entries.append(
                .object([
                    ("matcher", .string("")),
                    ("hooks", .array([.object([("type", .string("command")), ("command", .string(command))])])),
                ]))
            hooksObject = hooksObject.setting(event, to: .array(entries))
            changed = true
        }
        return changed ? settings.setting("hooks", to: hooksObject) : nil
    }

    /// The settings without the hooks: entries left empty go, then events left empty, then
    /// `hooks` when left empty; `nil` when neither hook is there.
    public static func removingHooks(from settings: JSONValue) -> JSONValue? {
        guard let hooksObject = settings["hooks"], case .object(let events) = hooksObject else { return nil }
        var changed = false
        var keptEvents: [(key: String, value: JSONValue)] = []
        for (event, value) in events {
            guard let command = hooks.first(where: { $0.event == event })?.command, let entries = value.arrayValue
            else {
                keptEvents.append((event, value))
                continue
            }
            var keptEntries: [JSONValue] = []
            for entry in entries {
                guard contains(entry, command: command), let inner = entry["hooks"]?.arrayValue else {
                    keptEntries.append(entry)
                    continue
                }
                changed = true
                let rest = inner.filter { $0["command"]?.stringValue != command }
                if !rest.isEmpty { keptEntries.append(entry.setting("hooks", to: .array(rest))) }
            }
            if !keptEntries.isEmpty { keptEvents.append((event, .array(keptEntries))) }
        }
        guard changed else { return nil }
        return keptEvents.isEmpty ? settings.removing("hooks") : settings.setting("hooks", to: .object(keptEvents))
    }

    static func contains(_ entry: JSONValue, command: String) -> Bool {
        entry["hooks"]?.arrayValue?.contains { $0["command"]?.stringValue == command } ?? false
    }
}
