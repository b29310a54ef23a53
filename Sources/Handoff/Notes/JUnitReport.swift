import FoundationEssentials

/// Reads test counts from a JUnit XML report, as most test runners and CI systems write one.
///
/// Counts `<testcase>` elements: one with a `<failure>` or `<error>` child failed, one with
/// `<skipped>` was skipped, the rest passed. A report with `<testsuite tests=…>` totals and
/// no test cases is read from those attributes instead.
public enum JUnitReport {
    public static func read(path: String) throws(HandoffError) -> TestResults {
        try parse(FileInput.read(path), name: path)
    }

    /// The failing test cases' names (`classname.name`, or `name` alone), in report order.
    public static func failingTests(path: String) throws(HandoffError) -> [String] {
        try scan(FileInput.read(path), name: path).failing
    }

    public static func parse(_ data: Data, name: String) throws(HandoffError) -> TestResults {
        let delegate = try scan(data, name: name)
        guard delegate.sawSuite || delegate.cases > 0 else {
            throw HandoffError("\(name): no <testsuite> or <testcase> element: not a JUnit XML report")
        }
        if delegate.cases == 0 {
            let failed = saturatingSum(delegate.suiteFailures, delegate.suiteErrors)
            let notPassed = saturatingSum(failed, delegate.suiteSkipped)
            return TestResults(
                passed: delegate.suiteTests - min(delegate.suiteTests, notPassed), failed: failed,
                skipped: delegate.suiteSkipped)
        }
        return TestResults(
            passed: delegate.cases - delegate.failedCases - delegate.skippedCases, failed: delegate.failedCases,
            skipped: delegate.skippedCases)
    }

    /// `left + right` of two counts that are never negative, `Int.max` where that overflows: a
    /// report's totals are text (`tests="9223372036854775807"` twice trapped the sum).
    static func saturatingSum(_ left: Int, _ right: Int) -> Int {
        let (sum, overflow) = left.addingReportingOverflow(right)
        return overflow ? .max : sum
    }

    /// A count attribute: a number that is not negative, else none (0).
    static func count(_ text: String?) -> Int {
        guard let text, let number = Int(text), number >= 0 else { return 0 }
        return number
    }

    private static func scan(_ data: Data, name: String) throws(HandoffError) -> Counter {
        var delegate = Counter()
        var scanner = XMLScanner(data)
        do {
            try scanner.scan { delegate.handle($0) }
        } catch {
            throw HandoffError(
                "\(name): not a readable JUnit XML report at line \(error.line), column \(error.column) (\(error.detail))"
            )
        }
        return delegate
    }

    private struct Counter {
        var failing: [String] = []
        private var caseName = ""
        var cases = 0
        var failedCases = 0
        var skippedCases = 0
        var sawSuite = false
        var suiteTests = 0
        var suiteFailures = 0
        var suiteErrors = 0
        var suiteSkipped = 0
        private var inCase = false
        private var caseFailed = false
        private var caseSkipped = false
        private var suiteDepth = 0

        mutating func handle(_ event: XMLScanner.Event) {
            switch event {
            case .start(let name, let attributes): start(name, attributes)
            case .end(let name): end(name)
            }
        }

        private mutating func start(_ name: String, _ attributes: [String: String]) {
            switch name {
            case "testsuite":
                sawSuite = true
                // Only outermost suites: nested suites are already counted by their parents.
                if suiteDepth == 0 {
                    suiteTests = saturatingSum(suiteTests, count(attributes["tests"]))
                    suiteFailures = saturatingSum(suiteFailures, count(attributes["failures"]))
                    suiteErrors = saturatingSum(suiteErrors, count(attributes["errors"]))
                    suiteSkipped = saturatingSum(suiteSkipped, count(attributes["skipped"] ?? attributes["disabled"]))
                }
                suiteDepth += 1
            case "testsuites":
                sawSuite = true
            case "testcase":
                let name = attributes["name"] ?? ""
                caseName = attributes["classname"].map { $0.isEmpty ? name : $0 + "." + name } ?? name
                inCase = true
                caseFailed = false
                caseSkipped = false
            case "failure", "error":
                if inCase { caseFailed = true }
            case "skipped":
                if inCase { caseSkipped = true }
            default:
                break
            }
        }

        private mutating func end(_ name: String) {
            switch name {
            case "testsuite":
                suiteDepth -= 1
            case "testcase":
                guard inCase else { return }
                cases += 1
                if caseFailed {
                    failedCases += 1
                    failing.append(caseName)
                } else if caseSkipped {
                    skippedCases += 1
                }
                inCase = false
            default:
                break
            }
        }
    }
}
