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
                handoff.record?.resume.map { String($0.prefix { $0 != "\n" }) } ?? "",
            ]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let number = String(repeating: " ", count: widths[0] - row[0].count) + row[0]
            let cells = [number] + (1..<4).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
            return Self.trimmed((cells + [row[4]]).joined(separator: "  "))
        }
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
