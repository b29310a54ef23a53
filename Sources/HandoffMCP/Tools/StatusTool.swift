import Foundation
import GitState
import Handoff
import MCP

/// `status`: the repository state as `handoff status --json` prints it (the JSON contract).
enum StatusTool: HandoffTool {
    static let definition = Tool(
        name: "status",
        description: """
            The git state a handoff records, exactly as git reports it: branch, upstream, ahead/behind, \
            operation in progress, status (porcelain v2 XY codes), staged and unstaged line counts, \
            recent log, stash count. The JSON of `handoff status --json`.
            """,
        inputSchema: Schema.object([
            "log": Schema.integer("How many recent commits to include (default 10).", minimum: 0)
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let logLimit = try arguments.integer("log", minimum: 0) ?? 10
        let snapshot: RepositorySnapshot
        do {
            snapshot = try Repository(discoveringFrom: context.base).snapshot(logLimit: logLimit)
        } catch {
            throw HandoffError(error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(snapshot)
            let structured = try JSONDecoder().decode(Value.self, from: data)
            return ToolOutput(text: String(decoding: data, as: UTF8.self), structured: structured)
        } catch {
            throw HandoffError("cannot encode the status: \(error)")
        }
    }
}
