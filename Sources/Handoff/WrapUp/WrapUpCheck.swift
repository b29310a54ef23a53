/// One item of `handoff wrap-up`'s checklist, by the name `.claude/handoff.json` and `--json` use.
public enum WrapUpCheck: String, Sendable, CaseIterable, Codable {
    case uncommitted, stashes, unpushed, behind, operation, conflicts, todos, debug, secrets
    case largeFiles = "large_files"
    case tests, notes

    /// The checks whose findings mean "not ready" unless the settings say otherwise: work that
    /// would be lost or left broken. The others are shown for a look, and do not change the exit status.
    public static let blockingByDefault: Set<WrapUpCheck> = [
        .uncommitted, .unpushed, .operation, .conflicts, .secrets, .tests,
    ]

    /// The names, as a settings error lists them.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
