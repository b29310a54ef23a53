import GitState

/// Whether one saved handoff still matches the repository, and the report `handoff verify` (and
/// the MCP server's `verify` tool) give: "Current: …", or "Stale: …" and one line per difference.
public struct HandoffVerification: Sendable {
    /// The handoff's path.
    public let path: String
    public let differences: [String]
    /// Said before the report (an older handoff that does not record its uncommitted files).
    public let warnings: [String]
    /// The report's lines.
    public let lines: [String]

    public var isCurrent: Bool { differences.isEmpty }

    /// Compares the handoff at `path` (its `text`) with `live`, the repository's state now.
    public init(
        path: String, text: String, live: () throws(HandoffError) -> RecordedState, history: any SessionHistorySource
    ) throws(HandoffError) {
        self.path = path
        let shown = Paths.display(path)
        guard let recorded = RecordedState.read(from: text), recorded.head != nil || recorded.dirty != nil else {
            throw HandoffError("\(shown) records no repository state (not a handoff written by this tool?)")
        }
        warnings =
            recorded.dirty == nil
            ? ["\(shown) does not record its uncommitted files (an older handoff); comparing branch and HEAD only"]
            : []
        let state = try live()
        do {
            differences = try HandoffVerifier(recorded: recorded, live: state, history: history).differences()
        } catch {
            throw HandoffError("cannot compare \(shown) with the repository: \(error)")
        }
        let written = recorded.time.map { " (written \($0))" } ?? ""
        if differences.isEmpty {
            let dirty =
                recorded.dirty.map { $0.count == 1 ? ", 1 uncommitted file" : ", \($0.count) uncommitted files" } ?? ""
            let head = recorded.head.map { ObjectID.short($0) } ?? "no commits"
            let place = recorded.branch.map { "\($0) at \(head)" } ?? "detached at \(head)"
            lines = ["Current: \(shown)\(written) matches the repository (\(place)\(dirty))."]
        } else {
            lines = ["Stale: \(shown)\(written)"] + differences
        }
    }
}
