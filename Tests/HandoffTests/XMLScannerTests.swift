import FoundationEssentials
import Testing

@testable import Handoff

/// The small XML reader behind JUnit reports.
@Suite struct XMLScannerTests {
    func events(_ text: String) throws -> [String] {
        var scanner = XMLScanner(Data(text.utf8))
        var result: [String] = []
        try scanner.scan { event in
            switch event {
            case .start(let name, let attributes):
                result.append(
                    "<\(name)" + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + ">")
            case .end(let name):
                result.append("</\(name)>")
            }
        }
        return result
    }

    @Test func skipsPrologCommentsCDATAAndDoctype() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE testsuites>
            <!-- a <fake> tag in a comment -->
            <testsuites><testcase name='a &amp; b &#65;&#x42;'><![CDATA[<not-a-tag>]]></testcase><skipped/></testsuites>
            """
        #expect(
            try events(text) == [
                "<testsuites>", "<testcase name=a & b AB>", "</testcase>", "<skipped>", "</skipped>", "</testsuites>",
            ])
    }

    @Test(arguments: [
        ("", "empty, or not XML"),
        ("just text", "empty, or not XML"),
        ("<a><b></a>", "a closing tag does not match its opening tag"),
        ("<a x=\"1></a>", "the document ends before its elements close"),
        ("<a x=1></a>", "malformed XML: an attribute value without quotes"),
        ("<a/><b/>", "malformed XML: more than one root element"),
        ("<a><!-- never closed", "the document ends before its elements close"),
    ])
    func rejects(text: String, detail: String) {
        var scanner = XMLScanner(Data(text.utf8))
        do {
            try scanner.scan { _ in }
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.detail == detail)
        }
    }

    @Test func reportsTheLineAndColumnOfAMismatch() {
        var scanner = XMLScanner(Data("<a>\n  <b>\n  </c>\n</a>".utf8))
        do {
            try scanner.scan { _ in }
            Issue.record("accepted a mismatched tag")
        } catch {
            #expect(error.line == 3 && error.column == 3)
        }
    }
}
