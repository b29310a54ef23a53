import GitState

/// The handoffs published as git notes in `refs/notes/handoff`, newest first, as `handoff list
/// --notes` (and the MCP server's `list` tool with `notes`) show them: the commit (for `handoff
/// show --note REV`), when the handoff was written, the branch and the resume command's first line.
public struct PublishedHandoffList: Sendable {
    /// Newest first.
    public let handoffs: [PublishedHandoff]

    public init(repository: Repository) throws(HandoffError) {
        handoffs = try PublishedHandoff.all(in: repository)
    }

    /// The table's lines, columns aligned; one line saying how to get some when there is none.
    public var lines: [String] {
        let ref = HandoffPublisher.notesRef
        if handoffs.isEmpty {
            return [
                "No handoffs published in \(ref) yet; publish one with `handoff publish`, or fetch them: git fetch origin \(ref):\(ref)"
            ]
        }
        let rows = handoffs.map { handoff in
            [
                handoff.shortObject, TextTable.minute(handoff.record?.time) ?? "?", handoff.record?.branchPhrase ?? "?",
                TextTable.firstLine(handoff.record?.resume),
            ]
        }
        return TextTable.lines(rows, firstColumn: .left)
    }
}
