import ArgumentParser
import FoundationEssentials
import Handoff

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff replay [KEYWORDS]`: the lessons and open items of past handoffs, best first.
    struct Replay: HookModeCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Print past handoffs' learnings and open items most relevant to keywords.",
            discussion: """
                Searches the learnings, in-progress and pending items, gotchas and decisions of \
                the handoffs in .claude/handoffs (Markdown and JSON), the rules in \
                .claude/LEARNED.md and learnings recorded since the last handoff; prints the best \
                matches first (BM25 full-text ranking; a keyword ending in * matches words it \
                begins). Without keywords, prints the most recent items.

                --session-start prints what a new session needs: the latest handoff's resume \
                command, its open items (in progress, pending) and learnings recorded since. \
                It is the SessionStart hook `handoff init` installs: it never fails the agent \
                (problems go to stderr, exit status 0) and prints nothing when there is no handoff.

                Examples:
                  handoff replay clock tests
                  handoff replay "libgit2" --limit 5
                  handoff replay pars*
                  handoff replay --session-start
                """)

        @Argument(help: ArgumentHelp("Words to look for.", valueName: "keywords"))
        var keywords: [String] = []

        @OptionGroup var hookMode: SessionStartFlag

        @Option(help: ArgumentHelp("Print at most N items.", valueName: "n"))
        var limit = 10

        @Option(help: ArgumentHelp("Read handoffs from this folder instead of .claude/handoffs.", valueName: "dir"))
        var dir: String?

        @Option var repository: RepositoryOption = .currentDirectory

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be more than zero, not \(limit)") }
        }

        func execute() throws {
            let project = try repository.project()
            let folder =
                dir.map { Paths.absolute($0, from: repository.base) }
                ?? project.workTree + "/" + HandoffFolder.defaultRelativePath
            let handoffs = HandoffFolder(path: folder).pastHandoffs()
            let pending = PendingLearnings(gitDirectory: project.gitDirectory).peek()
            if hookMode.isOn {
                print(sessionStartText(handoffs: handoffs, pending: pending, folder: folder), terminator: "")
            } else {
                print(searchText(handoffs: handoffs, pending: pending, workTree: project.workTree), terminator: "")
            }
        }

        func sessionStartText(handoffs: [PastHandoff], pending: [Learning], folder: String) -> String {
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

        func searchText(handoffs: [PastHandoff], pending: [Learning], workTree: String) -> String {
            var learned: [ReplayItem] = []
            let learnedPath = workTree + "/" + LearnedFile.relativePath
            if let text = try? FileInput.readText(learnedPath) {
                var info = stat()
                let time = stat(learnedPath, &info) == 0 ? Double(info.st_mtim.tv_sec) : 0
                learned += LearnedFile.learnings(in: text).map {
                    ReplayItem(
                        kind: .learning, text: "[\($0.category)] \($0.rule)", source: LearnedFile.relativePath,
                        time: time)
                }
            }
            learned += pending.map {
                ReplayItem(
                    kind: .learning, text: "[\($0.category)] \($0.rule)", source: "handoff learn", time: .infinity)
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
}
