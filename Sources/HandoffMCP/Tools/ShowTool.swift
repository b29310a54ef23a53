import Handoff
import MCP

/// `show`: a saved handoff, as it was saved.
enum ShowTool: HandoffTool {
    static let definition = Tool(
        name: "show",
        description: "A saved handoff as it was saved: the latest by default, or the N-th of `list` (1 is the newest).",
        inputSchema: Schema.object(["handoff": Schema.selector]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let selected = try context.project().select(try arguments.selector("handoff"))
        return ToolOutput(text: selected.text, structured: .object(["path": .string(selected.path)]))
    }
}
