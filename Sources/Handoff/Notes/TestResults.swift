/// Test counts as a runner reports them.
public struct TestResults: Sendable, Codable, Equatable {
    public var passed: Int
    public var failed: Int
    public var skipped: Int

    public init(passed: Int, failed: Int, skipped: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
    }

    public var total: Int { passed + failed + skipped }
    public var isFailing: Bool { failed > 0 }

    /// Reads the summary forms runners print: `23 passed, 0 failed`, `23 passed; 2 failed; 1 skipped`,
    /// `2 failed, 21 passed`, `5 passing`, `1 failure`, `3 errors`. Returns `nil` for `not run` / `none`.
    public static func parse(_ text: String) throws(HandoffError) -> TestResults? {
        let lowered = text.lowercased().trimmed
        if ["not run", "none", "skipped", "n/a", ""].contains(lowered) { return nil }
        var results = TestResults(passed: 0, failed: 0)
        var understood = false
        let words = lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var index = 0
        while index + 1 < words.count {
            if let count = Int(words[index]) {
                let word = words[index + 1]
                switch word {
                case "passed", "passing", "pass", "passes", "ok", "succeeded", "success", "successes":
                    results.passed += count; understood = true
                case "failed", "failing", "fail", "failures", "failure", "errors", "error", "broken":
                    results.failed += count; understood = true
                case "skipped", "skipping", "skip", "pending", "ignored", "disabled":
                    results.skipped += count; understood = true
                default: break
                }
            }
            index += 1
        }
        guard understood else {
            throw HandoffError(
                "--tests needs counts like \"23 passed, 0 failed\" or \"not run\", got \"\(text.trimmed)\"")
        }
        return results
    }
}
