import Handoff
import MCP

/// `replay`: past handoffs' learnings and open items most relevant to keywords (BM25), or what
/// a new session needs, as `handoff replay` prints them.
enum ReplayTool: HandoffTool {
    static let definition = Tool(
        name: "replay",
        description: """
            The learnings, open items, gotchas and decisions of past handoffs (and .claude/LEARNED.md) most \
            relevant to the keywords, best first; a keyword ending in * matches words it begins. Without \
            keywords, the most recent. session_start: the latest handoff's resume command and open items.
            """,
        inputSchema: Schema.object([
            "keywords": Schema.strings("Words to look for."),
            "limit": Schema.integer("At most this many items (default 10).", minimum: 1),
            "session_start": Schema.boolean("The latest handoff's resume command and open items instead."),
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let keywords = try arguments.strings("keywords")
        let limit = try arguments.integer("limit", minimum: 1) ?? 10
        let sessionStart = try arguments.bool("session_start")
        let project = try context.project()
        let report = ReplayReport(
            folder: project.folder, workTree: project.workTree, gitDirectory: project.gitDirectory)
        let text = sessionStart ? report.sessionStart() : report.search(keywords, limit: limit)
        return ToolOutput(text: text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }
}
