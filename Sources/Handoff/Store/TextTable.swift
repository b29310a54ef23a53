/// The tables `handoff list` and `handoff list --notes` print: columns two spaces apart, each
/// padded to its widest cell but the last, which is left as it is; no trailing blanks.
enum TextTable {
    /// The first column right-aligned (numbers) or left-aligned (object ids).
    enum FirstColumn {
        case right, left
    }

    static func lines(_ rows: [[String]], firstColumn: FirstColumn) -> [String] {
        guard let columns = rows.first?.count, columns > 1 else { return [] }
        let widths = (0..<columns - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let padding = String(repeating: " ", count: widths[0] - row[0].count)
            let first = firstColumn == .right ? padding + row[0] : row[0] + padding
            let cells =
                [first] + (1..<columns - 1).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
            var line = Substring((cells + [row[columns - 1]]).joined(separator: "  "))
            while line.last?.isWhitespace == true { line.removeLast() }
            return String(line)
        }
    }

    /// `2026-03-14 16:09` from a recorded time (`2026-03-14T16:09:…`, in the writer's zone).
    static func minute(_ time: String?) -> String? {
        guard let time, time.count >= 16 else { return nil }
        return String(time.prefix(10)) + " " + String(time.dropFirst(11).prefix(5))
    }

    /// A resume command's first line.
    static func firstLine(_ text: String?) -> String {
        text.map { String($0.prefix { $0 != "\n" }) } ?? ""
    }
}
