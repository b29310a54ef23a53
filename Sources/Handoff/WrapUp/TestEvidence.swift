import FoundationEssentials

/// The session's last test result, and where it came from: `--tests`/`--junit` given to
/// wrap-up, a JUnit report the settings name (written since the session started), or the
/// journal's last `handoff note --tests`; the newest wins.
public struct TestEvidence: Sendable, Equatable {
    public var results: TestResults
    /// The failing tests' names, when the source names them (a JUnit report does).
    public var failing: [String]
    /// "--tests", "the journal (09:40)", ".build/report.xml".
    public var source: String
    /// When the result was recorded, in seconds since the epoch; `nil` when given now.
    public var time: Double?

    public init(results: TestResults, failing: [String] = [], source: String, time: Double? = nil) {
        self.results = results
        self.failing = failing
        self.source = source
        self.time = time
    }

    /// The result given to wrap-up itself: a summary ("23 passed, 1 failed", `--tests`) or a
    /// JUnit report (`--junit`, relative to `base`), never both; `nil` when neither is given.
    /// Shared by `handoff wrap-up` and the MCP server's `wrap_up` tool, which take the same two.
    public static func given(tests: String?, junit: String?, from base: String) throws(HandoffError) -> TestEvidence? {
        if tests != nil && junit != nil { throw HandoffError("--tests and --junit cannot be combined") }
        if let tests, let results = try TestResults.parse(tests) {
            return TestEvidence(results: results, source: "--tests")
        }
        guard let junit else { return nil }
        let path = Paths.absolute(junit, from: base)
        return TestEvidence(
            results: try JUnitReport.read(path: path), failing: try JUnitReport.failingTests(path: path), source: junit)
    }

    /// The newest of the journal's last tests note and the reports that exist and were written
    /// at or after `since` (all of them when `since` is `nil`). Paths relative to `workTree`.
    static func latest(
        journal: [JournalEntry], reports: [String], workTree: String, since: Double?
    ) throws(HandoffError) -> TestEvidence? {
        var candidates: [TestEvidence] = []
        if let entry = journal.last(where: { $0.kind == .tests }), let results = try? TestResults.parse(entry.text) {
            let time = (try? Date(entry.time, strategy: .iso8601))?.timeIntervalSince1970
            let clock = entry.time.split(separator: "T").last.map { String($0.prefix(5)) } ?? entry.time
            candidates.append(
                TestEvidence(results: results, source: "handoff note --tests at \(clock)", time: time))
        }
        for report in reports {
            let path = report.hasPrefix("/") ? report : workTree + "/" + report
            guard let written = FileSystem.modificationTime(of: path) else { continue }
            if let since, written < since { continue }
            candidates.append(
                TestEvidence(
                    results: try JUnitReport.read(path: path), failing: try JUnitReport.failingTests(path: path),
                    source: report, time: written))
        }
        return candidates.max { ($0.time ?? 0) < ($1.time ?? 0) }
    }
}
