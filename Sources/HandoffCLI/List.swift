import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff list`: the saved handoffs, newest first.
    struct List: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the saved handoffs, newest first.",
            discussion: """
                One line per handoff in this worktree's handoff folder: its number (for \
                `handoff show N`), when it was written, the branch, the file, and the first \
                line of its resume command.

                Examples:
                  handoff list
                  handoff list | head -3
                  handoff show 2
                  handoff list --dir docs/handoffs
                """)

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            let workspace = try location.workspace()
            let handoffs = HandoffFolder(path: workspace.folder).handoffs()
            if handoffs.isEmpty {
                print("No handoffs in \(Paths.display(workspace.folder)) yet; write one with `handoff`.")
                return
            }
            let rows = handoffs.enumerated().map { index, handoff in
                [
                    String(index + 1), Self.when(handoff), handoff.record?.branchPhrase ?? "?", handoff.name,
                    handoff.record?.resume.map { String($0.prefix { $0 != "\n" }) } ?? "",
                ]
            }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let number = String(repeating: " ", count: widths[0] - row[0].count) + row[0]
                let cells =
                    [number] + (1..<4).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
                print((cells + [row[4]]).joined(separator: "  ").trimmed)
            }
        }

        /// `2026-03-14 16:09` from the recorded time (in the writer's zone), else the name's day.
        static func when(_ handoff: SavedHandoff) -> String {
            guard let time = handoff.record?.time, time.count >= 16 else { return handoff.day + "      " }
            return String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5))
        }
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
