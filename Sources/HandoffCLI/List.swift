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

                With --notes: the handoffs published as git notes (`handoff publish`) in \
                refs/notes/handoff instead, newest first: the commit (for `handoff show --note \
                REV`), when the handoff was written, the branch and the resume command's first \
                line. A fresh clone reads them once it fetched the ref; this works in a bare \
                repository too.

                Examples:
                  handoff list
                  handoff list --notes
                  git fetch origin refs/notes/handoff:refs/notes/handoff && handoff list --notes
                  handoff list | head -3
                  handoff show 2
                  handoff list --dir docs/handoffs
                """)

        @Flag(help: "List the handoffs published as git notes (refs/notes/handoff) instead.")
        var notes = false

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            if notes { return try listNotes() }
            for line in HandoffList(folder: try location.workspace().folder).lines { print(line) }
        }

        func listNotes() throws {
            let published = try PublishedHandoff.all(in: location.repository.open())
            let ref = HandoffPublisher.notesRef
            if published.isEmpty {
                print(
                    "No handoffs published in \(ref) yet; publish one with `handoff publish`, or fetch them: git fetch origin \(ref):\(ref)"
                )
                return
            }
            let rows = published.map { handoff in
                [
                    handoff.shortObject, handoff.record.flatMap(Self.when(time:)) ?? "?",
                    handoff.record?.branchPhrase ?? "?",
                    handoff.record?.resume.map { String($0.prefix { $0 != "\n" }) } ?? "",
                ]
            }
            Self.printTable(rows, rightAligned: false)
        }

        /// Columns padded to their widest cell, the last one left as it is; the first column
        /// right-aligned (numbers) or not (object ids).
        static func printTable(_ rows: [[String]], rightAligned: Bool) {
            guard let columns = rows.first?.count, columns > 1 else { return }
            let widths = (0..<columns - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let padding = String(repeating: " ", count: widths[0] - row[0].count)
                let first = rightAligned ? padding + row[0] : row[0] + padding
                let cells =
                    [first]
                    + (1..<columns - 1).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
                var line = Substring((cells + [row[columns - 1]]).joined(separator: "  "))
                while line.last?.isWhitespace == true { line.removeLast() }
                print(line)
            }
        }

        /// `2026-03-14 16:09` from a recorded time (in the writer's zone).
        static func when(time record: RecordedState) -> String? {
            guard let time = record.time, time.count >= 16 else { return nil }
            return String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5))
        }
    }
}
