import Handoff
import MCP

/// `verify`: whether a handoff still matches the repository, in `handoff verify`'s lines.
/// A stale handoff is an answer (`current: false`), not a failure.
enum VerifyTool: HandoffTool {
    static let definition = Tool(
        name: "verify",
        description: """
            Check whether a saved handoff still matches the repository (branch, HEAD, uncommitted files): \
            "Current: …", or "Stale: …" with one line per difference ("2 commits since", "branch changed: \
            main → topic", …). Check it before resuming from a handoff.
            """,
        inputSchema: Schema.object(["handoff": Schema.selector]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let selector = try arguments.selector("handoff")
        let project = try context.project()
        let selected = try project.select(selector)
        let shown = Paths.display(selected.path)
        guard let recorded = RecordedState.read(from: selected.text), recorded.head != nil || recorded.dirty != nil
        else {
            throw HandoffError("\(shown) records no repository state (not a handoff written by this tool?)")
        }
        var lines: [String] = []
        if recorded.dirty == nil {
            lines.append(
                "handoff: warning: \(shown) does not record its uncommitted files (an older handoff); comparing branch and HEAD only"
            )
        }
        let live = RecordedState(snapshot: try project.snapshot(), filter: project.filter)
        let differences: [String]
        do {
            differences = try HandoffVerifier(
                recorded: recorded, live: live, history: GitStateHistory(repository: project.repository)
            ).differences()
        } catch {
            throw HandoffError("cannot compare \(shown) with the repository: \(error)")
        }
        let written = recorded.time.map { " (written \($0))" } ?? ""
        if differences.isEmpty {
            let dirty =
                recorded.dirty.map { $0.count == 1 ? ", 1 uncommitted file" : ", \($0.count) uncommitted files" } ?? ""
            let head = recorded.head.map { String($0.prefix(7)) } ?? "no commits"
            let place = recorded.branch.map { "\($0) at \(head)" } ?? "detached at \(head)"
            lines.append("Current: \(shown)\(written) matches the repository (\(place)\(dirty)).")
        } else {
            lines.append("Stale: \(shown)\(written)")
            lines += differences
        }
        return ToolOutput(
            text: lines.joined(separator: "\n"),
            structured: .object([
                "current": .bool(differences.isEmpty), "handoff": .string(selected.path),
                "differences": .array(differences.map { .string($0) }),
            ]))
    }
}
