import Handoff
import MCP

#if canImport(Glibc)
import Glibc
#endif

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
        let handoffs = HandoffFolder(path: project.folder).pastHandoffs()
        let pending = PendingLearnings(gitDirectory: project.gitDirectory).peek()
        let text =
            sessionStart
            ? sessionStartText(handoffs: handoffs, pending: pending, folder: project.folder)
            : searchText(keywords, limit: limit, handoffs: handoffs, pending: pending, workTree: project.workTree)
        return ToolOutput(text: text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }

    static func sessionStartText(handoffs: [PastHandoff], pending: [Learning], folder: String) -> String {
        var blocks: [String] = []
        if let latest = handoffs.last {
            var lines = [
                "Latest session handoff: \(Paths.display(folder + "/" + latest.name))"
                    + (latest.automatic ? " (written automatically by a hook)" : "")
            ]
            if let resume = latest.resumeCommand { lines.append("Resume command: \(resume)") }
            blocks.append(lines.joined(separator: "\n"))
            // A hook's handoff carries no notes: the open items come from the last one written with notes.
            let source = latest.automatic ? handoffs.last { !$0.automatic } ?? latest : latest
            let from = source.name == latest.name ? "" : " (from \(source.name))"
            if !source.inProgress.isEmpty {
                blocks.append("In progress\(from):\n" + source.inProgress.map { "- " + $0 }.joined(separator: "\n"))
            }
            if !source.pending.isEmpty {
                blocks.append("Pending\(from):\n" + source.pending.map { "- " + $0 }.joined(separator: "\n"))
            }
        }
        if !pending.isEmpty {
            blocks.append(
                "Learned since (handoff learn):\n"
                    + pending.map { "- [\($0.category)] \($0.rule)" }.joined(separator: "\n"))
        }
        return blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n"
    }

    static func searchText(
        _ keywords: [String], limit: Int, handoffs: [PastHandoff], pending: [Learning], workTree: String
    ) -> String {
        var learned: [ReplayItem] = []
        let learnedPath = workTree + "/" + LearnedFile.relativePath
        if let text = try? FileInput.readText(learnedPath) {
            var info = stat()
            let time = stat(learnedPath, &info) == 0 ? Double(info.st_mtim.tv_sec) : 0
            learned += LearnedFile.learnings(in: text).map {
                ReplayItem(
                    kind: .learning, text: "[\($0.category)] \($0.rule)", source: LearnedFile.relativePath, time: time)
            }
        }
        learned += pending.map {
            ReplayItem(kind: .learning, text: "[\($0.category)] \($0.rule)", source: "handoff learn", time: .infinity)
        }
        let index = ReplayIndex(handoffs: handoffs, learned: learned)
        let results = index.search(keywords, limit: limit)
        guard !results.isEmpty else {
            if index.items.isEmpty {
                return "No learnings or open items yet: no handoff in .claude/handoffs, no .claude/LEARNED.md.\n"
            }
            return "Nothing matches \(keywords.joined(separator: " ")).\n"
        }
        return results.map { "- \($0.item.text) (\($0.item.kind.rawValue), \($0.item.source))" }.joined(
            separator: "\n") + "\n"
    }
}
