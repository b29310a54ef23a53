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
        let project = try context.project()
        let handoffs = HandoffFolder(path: project.folder).handoffs()
        if handoffs.isEmpty {
            return ToolOutput(
                text: "No handoffs in \(Paths.display(project.folder)) yet; write one with `handoff`.",
                structured: .object(["handoffs": []]))
        }
        let rows = handoffs.enumerated().map { index, handoff in
            [
                String(index + 1), when(handoff), handoff.record?.branchPhrase ?? "?", handoff.name,
                handoff.record?.resume.map { String($0.prefix { $0 != "\n" }) } ?? "",
            ]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            let number = String(repeating: " ", count: widths[0] - row[0].count) + row[0]
            let cells = [number] + (1..<4).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
            return trimmed((cells + [row[4]]).joined(separator: "  "))
        }
        let entries: [Value] = handoffs.enumerated().map { index, handoff in
            .object([
                "number": .int(index + 1), "name": .string(handoff.name), "path": .string(handoff.path),
                "time": handoff.record?.time.map { .string($0) } ?? .null,
                "branch": handoff.record?.branch.map { .string($0) } ?? .null,
                "resume_command": handoff.record?.resume.map { .string($0) } ?? .null,
            ])
        }
        return ToolOutput(text: lines.joined(separator: "\n"), structured: .object(["handoffs": .array(entries)]))
    }

    /// `2026-03-14 16:09` from the recorded time (in the writer's zone), else the name's day.
    static func when(_ handoff: SavedHandoff) -> String {
        guard let time = handoff.record?.time, time.count >= 16 else { return handoff.day + "      " }
        return String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5))
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
