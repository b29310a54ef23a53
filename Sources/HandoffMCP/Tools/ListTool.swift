import GitState
import Handoff
import MCP

/// `list`: the saved handoffs, newest first, in `handoff list`'s table; with `notes`, the
/// published ones (`handoff list --notes`).
enum ListTool: HandoffTool {
    static let definition = Tool(
        name: "list",
        description: """
            The saved handoffs of this worktree, newest first: number (for show, resume and verify), \
            when, branch, file, and the first line of the resume command. With notes: the handoffs \
            published as git notes (refs/notes/handoff, `handoff publish`) instead: commit, when, branch, \
            resume command.
            """,
        inputSchema: Schema.object([
            "notes": Schema.boolean("List the handoffs published as git notes (refs/notes/handoff) instead.")
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        if try arguments.bool("notes") { return try published(in: context) }
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

    /// The published handoffs; a bare repository has them too.
    static func published(in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let repository: Repository
        do {
            repository = try Repository(discoveringFrom: context.base)
        } catch {
            throw HandoffError(error.description)
        }
        let list = try PublishedHandoffList(repository: repository)
        let entries: [Value] = list.handoffs.map { handoff in
            .object([
                "commit": .string(handoff.note.object),
                "time": handoff.record?.time.map { .string($0) } ?? .null,
                "branch": handoff.record?.branch.map { .string($0) } ?? .null,
                "resume_command": handoff.record?.resume.map { .string($0) } ?? .null,
            ])
        }
        return ToolOutput(text: list.lines.joined(separator: "\n"), structured: .object(["published": .array(entries)]))
    }
}
