import Handoff
import MCP

/// `list`: the saved handoffs, newest first, in `handoff list`'s table.
enum ListTool: HandoffTool {
    static let definition = Tool(
        name: "list",
        description: """
            The saved handoffs of this worktree, newest first: number (for show, resume and verify), \
            when, branch, file, and the first line of the resume command.
            """,
        inputSchema: Schema.object([:]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let list = HandoffList(folder: try context.project().folder)
        let entries: [Value] = list.handoffs.enumerated().map { index, handoff in
            .object([
                "number": .int(index + 1), "name": .string(handoff.name), "path": .string(handoff.path),
                "time": handoff.record?.time.map { .string($0) } ?? .null,
                "branch": handoff.record?.branch.map { .string($0) } ?? .null,
                "resume_command": handoff.record?.resume.map { .string($0) } ?? .null,
            ])
        }
        return ToolOutput(text: list.lines.joined(separator: "\n"), structured: .object(["handoffs": .array(entries)]))
    }
}
