// The only file that imports FoundationXML (libxml2): keep XML parsing here.
import Foundation
import FoundationXML

/// Reads test counts from a JUnit XML report, as most test runners and CI systems write one.
///
/// Counts `<testcase>` elements: one with a `<failure>` or `<error>` child failed, one with
/// `<skipped>` was skipped, the rest passed. A report with `<testsuite tests=…>` totals and
/// no test cases is read from those attributes instead.
public enum JUnitReport {
    public static func read(path: String) throws(HandoffError) -> TestResults {
        try parse(FileInput.read(path), name: path)
    }

    public static func parse(_ data: Data, name: String) throws(HandoffError) -> TestResults {
        let delegate = Counter()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        // XMLParser may return true with an error set (a document that ends early): check both.
        let parsed = parser.parse()
        if !parsed || parser.parserError != nil {
            let code = (parser.parserError as? NSError)?.code ?? 0
            let detail =
                switch code {
                case 4: "empty, or not XML"
                case 5: "the document ends before its elements close"
                case 76: "a closing tag does not match its opening tag"
                default: "malformed XML, libxml2 error \(code)"
                }
            throw HandoffError(
                "\(name): not a readable JUnit XML report at line \(parser.lineNumber), column \(parser.columnNumber) (\(detail))")
        }
        guard delegate.sawSuite || delegate.cases > 0 else {
            throw HandoffError("\(name): no <testsuite> or <testcase> element: not a JUnit XML report")
        }
        if delegate.cases == 0 {
            let failed = delegate.suiteFailures + delegate.suiteErrors
            return TestResults(
                passed: max(0, delegate.suiteTests - failed - delegate.suiteSkipped), failed: failed,
                skipped: delegate.suiteSkipped)
        }
        return TestResults(
            passed: delegate.cases - delegate.failedCases - delegate.skippedCases, failed: delegate.failedCases,
            skipped: delegate.skippedCases)
    }

    private final class Counter: NSObject, XMLParserDelegate {
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

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "testsuite":
                sawSuite = true
                // Only outermost suites: nested suites are already counted by their parents.
                if suiteDepth == 0 {
                    suiteTests += Int(attributes["tests"] ?? "") ?? 0
                    suiteFailures += Int(attributes["failures"] ?? "") ?? 0
                    suiteErrors += Int(attributes["errors"] ?? "") ?? 0
                    suiteSkipped += Int(attributes["skipped"] ?? attributes["disabled"] ?? "") ?? 0
                }
                suiteDepth += 1
            case "testsuites":
                sawSuite = true
            case "testcase":
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

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "testsuite":
                suiteDepth -= 1
            case "testcase":
                guard inCase else { return }
                cases += 1
                if caseFailed { failedCases += 1 } else if caseSkipped { skippedCases += 1 }
                inCase = false
            default:
                break
            }
        }
    }
}
