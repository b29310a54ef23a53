/// `handoff insights` in a terminal: a few aligned rows with their sparklines, then the
/// most-touched files and folders, recurring blockers and gotchas, and learnings by category.
public struct InsightsTable: Sendable {
    public var insights: SessionInsights
    public var sparkline: Sparkline

    public init(_ insights: SessionInsights, unicode: Bool) {
        self.insights = insights
        sparkline = Sparkline(unicode: unicode)
    }

    public var text: String {
        guard insights.sessions > 0 else {
            return "No handoffs to read yet; write one with `handoff` (or give --archive DIR).\n"
        }
        var lines = [header]
        lines += aligned(summaryRows)
        lines += list("Most-touched files", insights.files.map { ("\($0.sessions)", $0.path) })
        lines += list("Most-touched folders", insights.directories.map { ("\($0.sessions)", $0.path + "/") })
        lines += list("Recurring blockers", insights.blockers.map { ("\($0.sessions)", $0.text) })
        lines += list("Recurring gotchas", insights.gotchas.map { ("\($0.sessions)", $0.text) })
        lines += list(
            "Learnings by category",
            insights.learnings.map { ("\($0.count)", "[\($0.category)] " + ($0.rules.first ?? "")) })
        if insights.unreadable > 0 { lines += ["", "\(insights.unreadable) handoff files could not be read."] }
        return lines.joined(separator: "\n") + "\n"
    }

    var header: String {
        let sessions = insights.sessions == 1 ? "1 session" : "\(insights.sessions) sessions"
        let weeks = insights.weeks.count == 1 ? "1 week" : "\(insights.weeks.count) weeks"
        return "\(sessions) in \(weeks), \(insights.firstDay ?? "?") → \(insights.lastDay ?? "?")\n"
    }

    var summaryRows: [[String]] {
        let timeline = insights.timeline
        let last = timeline.count == 1 ? "the session" : "last \(timeline.count) sessions"
        var rows: [[String]] = []
        rows.append([
            "Sessions / week", Self.number(Spread(insights.weeks.map(\.sessions))) + " mean",
            sparkline.line(insights.weeks.map(\.sessions)),
            insights.weeks.count == 1 ? "1 week" : "\(insights.weeks.count) weeks",
        ])
        rows.append([
            "Commits / session", Self.spread(insights.commits), sparkline.line(timeline.map(\.commits)), last,
        ])
        rows.append([
            "Duration", Self.spread(insights.durationMinutes, unit: " min"),
            sparkline.line(timeline.map(\.durationMinutes)), last,
        ])
        let percent =
            insights.sessions == 0 ? 0 : (insights.incomplete * 100 + insights.sessions / 2) / insights.sessions
        rows.append([
            "Left incomplete", "\(insights.incomplete) of \(insights.sessions) (\(percent)%)",
            sparkline.line(timeline.map { $0.incomplete ? 1 : 0 }), last,
        ])
        let tests = insights.tests
        rows.append([
            "Tests", tests.sessions == 0 ? "none recorded" : "\(tests.passing) passing, \(tests.failing) failing",
            sparkline.line(timeline.map(\.testsFailed)), "failing tests, \(last)",
        ])
        return rows
    }

    private typealias Spread = SessionInsights.Spread

    static func spread(_ spread: SessionInsights.Spread, unit: String = "") -> String {
        guard spread.sessions > 0 else { return "unknown" }
        return number(spread) + unit + " mean, " + format(spread.median ?? 0) + " median"
    }

    static func number(_ spread: SessionInsights.Spread) -> String { format(spread.mean ?? 0) }

    /// `2`, `2.5`.
    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)
    }

    /// Columns padded to their widest cell, the last left as it is.
    func aligned(_ rows: [[String]]) -> [String] {
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line =
                (0..<3).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }
                .joined(separator: "  ") + "  " + row[3]
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// A titled list, counts right-aligned; nothing when empty.
    func list(_ title: String, _ items: [(String, String)]) -> [String] {
        guard !items.isEmpty else { return [] }
        let width = items.map(\.0.count).max() ?? 0
        return ["", title]
            + items.map { "  " + String(repeating: " ", count: width - $0.0.count) + $0.0 + "  " + $0.1 }
    }
}
