import Handoff
import MCP

/// `resume`: a saved handoff's resume command, alone.
enum ResumeTool: HandoffTool {
    static let definition = Tool(
        name: "resume",
        description:
            "The resume command of the latest saved handoff (or another one), alone: where to pick the work up.",
        inputSchema: Schema.object(["handoff": Schema.selector]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let selected = try context.project().select(try arguments.selector("handoff"))
        guard let resume = RecordedState.read(from: selected.text)?.resume, !resume.isEmpty else {
            throw HandoffError("\(Paths.display(selected.path)) has no resume command")
        }
        return ToolOutput(text: resume)
    }
}
