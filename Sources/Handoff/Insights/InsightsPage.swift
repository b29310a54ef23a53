/// `handoff insights --html FILE`: one self-contained page, inline CSS and SVG charts, no
/// script and nothing fetched when it is viewed.
///
/// Every figure the JSON has is in an element with a `data-key` naming its JSON path
/// (`sessions`, `commits.total`, `weeks.3.sessions`, `files.0.path`), so a test (or a scraper)
/// can read the page's numbers back and compare them with `--json`'s.
public struct InsightsPage: Sendable {
    public var insights: SessionInsights
    public var title: String

    public init(_ insights: SessionInsights, title: String = "Handoff insights") {
        self.insights = insights
        self.title = title
    }

    public var html: String {
        var body: [String] = []
        body.append("<h1>\(Self.escaped(title))</h1>")
        body.append(
            "<p class=\"range\">\(figure("sessions", insights.sessions)) sessions, "
                + "\(figure("first_day", insights.firstDay ?? "?")) → \(figure("last_day", insights.lastDay ?? "?"))</p>"
        )
        body.append(summary)
        body.append(
            chart(
                "Sessions per week", insights.weeks.map { Double($0.sessions) },
                labels: insights.weeks.map(\.week), keys: insights.weeks.indices.map { "weeks.\($0).sessions" }))
        let timeline = insights.timeline
        body.append(
            chart(
                "Commits per session", timeline.map { $0.commits.map(Double.init) }, labels: timeline.map(\.name),
                keys: timeline.indices.map { "timeline.\($0).commits" }))
        body.append(
            chart(
                "Minutes per session", timeline.map { $0.durationMinutes.map(Double.init) },
                labels: timeline.map(\.name), keys: timeline.indices.map { "timeline.\($0).duration_minutes" }))
        body.append(
            chart(
                "Failing tests per session", timeline.map { $0.testsFailed.map(Double.init) },
                labels: timeline.map(\.name), keys: timeline.indices.map { "timeline.\($0).tests_failed" },
                colour: "#c0392b"))
        body.append(table("Most-touched files", key: "files", rows: insights.files.map { ($0.path, $0.sessions) }))
        body.append(
            table("Most-touched folders", key: "directories", rows: insights.directories.map { ($0.path, $0.sessions) })
        )
        body.append(
            table("Recurring blockers", key: "blockers", rows: insights.blockers.map { ($0.text, $0.sessions) }))
        body.append(table("Recurring gotchas", key: "gotchas", rows: insights.gotchas.map { ($0.text, $0.sessions) }))
        body.append(
            table(
                "Learnings by category", key: "learnings", countKey: "count",
                rows: insights.learnings.map { ($0.category, $0.count) }))
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escaped(title))</title>
            <style>
            body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 960px; padding: 0 1em; color: #222; background: #fff; }
            h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
            table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2em .6em; border-bottom: 1px solid #ddd; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            .cards { display: flex; flex-wrap: wrap; gap: 1em; } .card { border: 1px solid #ddd; border-radius: 6px; padding: .6em 1em; min-width: 9em; }
            .card b { display: block; font-size: 1.5em; } svg { width: 100%; height: auto; background: #fafafa; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    var summary: String {
        let tests = insights.tests
        let cards: [(String, String)] = [
            ("commits in all", figure("commits.total", insights.commits.total)),
            ("commits per session (mean)", figure("commits.mean", insights.commits.mean.map(Self.number) ?? "–")),
            (
                "minutes per session (median)",
                figure("duration_minutes.median", insights.durationMinutes.median.map(Self.number) ?? "–")
            ),
            ("left incomplete", figure("incomplete", insights.incomplete)),
            ("sessions with tests passing", figure("tests.passing", tests.passing)),
            ("sessions with tests failing", figure("tests.failing", tests.failing)),
        ]
        return "<div class=\"cards\">"
            + cards.map { "<div class=\"card\"><b>\($0.1)</b>\(Self.escaped($0.0))</div>" }.joined() + "</div>"
    }

    func figure(_ key: String, _ value: some CustomStringConvertible) -> String {
        "<span data-key=\"\(key)\">\(Self.escaped(value.description))</span>"
    }

    /// A bar chart: one bar per value, its value in a `<title>` (shown on hover) and a `data-value`.
    /// A value not recorded (JSON's null) is a grey tick on the baseline shown as `–`, not a bar of 0.
    func chart(_ title: String, _ values: [Double?], labels: [String], keys: [String], colour: String = "#2e86c1")
        -> String
    {
        let width = 900.0
        let height = 160.0
        let recorded = values.compactMap { $0 }
        let largest = max(recorded.max() ?? 0, 1)
        let step = values.isEmpty ? width : width / Double(values.count)
        var bars: [String] = []
        for (index, value) in values.enumerated() {
            let x = Self.number(Double(index) * step + step * 0.1)
            let barWidth = Self.number(step * 0.8)
            guard let value else {
                bars.append(
                    "<rect x=\"\(x)\" y=\"\(Self.number(height - 2))\" width=\"\(barWidth)\" height=\"2\" "
                        + "fill=\"#bbb\" data-key=\"\(keys[index])\" data-value=\"–\">"
                        + "<title>\(Self.escaped(labels[index])): not recorded</title></rect>")
                continue
            }
            let barHeight = (value / largest * (height - 20)).rounded()
            bars.append(
                "<rect x=\"\(x)\" y=\"\(Self.number(height - barHeight))\" "
                    + "width=\"\(barWidth)\" height=\"\(Self.number(barHeight))\" fill=\"\(colour)\" "
                    + "data-key=\"\(keys[index])\" data-value=\"\(Self.number(value))\">"
                    + "<title>\(Self.escaped(labels[index])): \(Self.number(value))</title></rect>")
        }
        return """
            <h2>\(Self.escaped(title))</h2>
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(Self.escaped(title))">\
            <text x="4" y="14" font-size="12" fill="#555">max \(Self.number(recorded.max() ?? 0))</text>\(bars.joined())</svg>
            """
    }

    func table(_ title: String, key: String, countKey: String = "sessions", rows: [(String, Int)]) -> String {
        guard !rows.isEmpty else { return "<h2>\(Self.escaped(title))</h2>\n<p>None yet.</p>" }
        let cells = rows.enumerated().map { index, row in
            "<tr><td class=\"n\" data-key=\"\(key).\(index).\(countKey)\">\(row.1)</td><td>\(Self.escaped(row.0))</td></tr>"
        }
        return "<h2>\(Self.escaped(title))</h2>\n<table>\n" + cells.joined(separator: "\n") + "\n</table>"
    }

    /// Writes the page at `path`, whole or not at all, never over anything already there.
    public func write(to path: String) throws(HandoffError) {
        guard try FileSystem.createExclusively(Array(html.utf8), at: path) else {
            throw HandoffError("\(path) already exists; insights never overwrites a file, give another name")
        }
    }

    /// `2`, `2.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
