/// The saved handoffs of a folder, newest first, as `handoff list` (and the MCP server's `list`
/// tool) show them: number (for show, resume and verify), when, branch, file, and the first line
/// of the resume command.
public struct HandoffList: Sendable {
    public let folder: String
    /// Newest first: the first is number 1.
    public let handoffs: [SavedHandoff]

    public init(folder: String) {
        self.folder = folder
        handoffs = HandoffFolder(path: folder).handoffs()
    }

    /// The table's lines, columns aligned; one line saying so when there is no handoff.
    public var lines: [String] {
        if handoffs.isEmpty {
            return ["No handoffs in \(Paths.display(folder)) yet; write one with `handoff`."]
        }
        let rows = handoffs.enumerated().map { index, handoff in
            [
                String(index + 1), Self.when(handoff), handoff.record?.branchPhrase ?? "?", handoff.name,
                TextTable.firstLine(handoff.record?.resume),
            ]
        }
        return TextTable.lines(rows, firstColumn: .right)
    }

    /// `2026-03-14 16:09` from the recorded time (in the writer's zone), else the name's day.
    static func when(_ handoff: SavedHandoff) -> String {
        TextTable.minute(handoff.record?.time) ?? handoff.day + "      "
    }
}
