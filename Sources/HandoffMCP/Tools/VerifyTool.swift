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
        let verification = try HandoffVerification(
            path: selected.path, text: selected.text,
            live: { () throws(HandoffError) in RecordedState(snapshot: try project.snapshot(), filter: project.filter)
            },
            history: GitStateHistory(repository: project.repository))
        let lines = verification.warnings.map { "handoff: warning: \($0)" } + verification.lines
        return ToolOutput(
            text: lines.joined(separator: "\n"),
            structured: .object([
                "current": .bool(verification.isCurrent), "handoff": .string(selected.path),
                "differences": .array(verification.differences.map { .string($0) }),
            ]))
    }
}
