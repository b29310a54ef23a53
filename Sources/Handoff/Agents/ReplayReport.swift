#if canImport(Glibc)
import Glibc
#endif

/// What `handoff replay` (and the MCP server's `replay` tool) print: past handoffs' learnings and
/// open items most relevant to keywords, best first, or what a new session needs.
public struct ReplayReport: Sendable {
    /// The handoff folder.
    public let folder: String
    public let workTree: String
    public let gitDirectory: String

    public init(folder: String, workTree: String, gitDirectory: String) {
        self.folder = folder
        self.workTree = workTree
        self.gitDirectory = gitDirectory
    }

    var handoffs: [PastHandoff] { HandoffFolder(path: folder).pastHandoffs() }
    var pending: [Learning] { PendingLearnings(gitDirectory: gitDirectory).peek() }

    /// The latest handoff's resume command and open items, and the learnings recorded since;
    /// empty when there is nothing.
    public func sessionStart() -> String {
        let handoffs = handoffs
        let pending = pending
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

    /// The `limit` items best matching `keywords` (BM25; the most recent without keywords), one
    /// line each, or a line saying why there is none.
    public func search(_ keywords: [String], limit: Int) -> String {
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
