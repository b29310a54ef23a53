import Foundation
import Testing

@testable import Handoff

/// Text nested 100,000 deep, wherever handoff reads text it did not write: a clear error or a
/// correct reading, never a stack overflow. (The readers of lines and tags keep what is open in
/// an array; the recursive ones, JSON and templates, stop at a depth: 512 and 100.)
@Suite struct HostileTextTests {
    static let depth = 100_000

    static let nestedArrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)

    @Test func jsonNestedTooDeeplyIsAnError() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Self.nestedArrays) }
        do {
            _ = try JSONValue.parse(Self.nestedArrays)
        } catch {
            #expect(error.message == "nested too deeply" && error.column == 513, "\(error)")
        }
        // Just inside the limit, the value reads and writes back.
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let value = try? JSONValue.parse(deepest)
        #expect(value.map { (try? JSONValue.parse($0.formatted)) == $0 } == true)
    }

    @Test func notesAndJournalNestedTooDeeply() {
        let notes = "{\"done\": " + Self.nestedArrays + "}"
        #expect(throws: HandoffError.self) { try JSONNotesReader.read(Data(notes.utf8), name: "notes.json") }
        #expect(throws: HandoffError.self) { try JournalEntry.parse(Substring(Self.nestedArrays)) }
        #expect(throws: HandoffError.self) { try AgentFiles.addingHooks(to: .array([])) }
        let handoff = "# Handoff\n" + RecordedState.statePrefix + Self.nestedArrays + " -->\n"
        #expect(RecordedState.read(from: handoff) == nil)
    }

    /// Lists nested by their markers on one line, and quotes nested as deep: one done item.
    @Test func markdownNestedListsAndQuotes() throws {
        let text =
            "## What's Done\n" + String(repeating: "- ", count: Self.depth) + "deep\n"
            + String(repeating: ">", count: Self.depth)
            + " quoted\n"
        let notes = try MarkdownNotesReader.read(text, name: "notes.md")
        #expect(notes.done.count == 1)
        #expect(notes.done.first?.hasSuffix("deep") == true)
    }

    @Test func junitNestedElements() throws {
        let xml =
            "<testsuite tests=\"1\">" + String(repeating: "<a>", count: 10_000) + "<testcase/>"
            + String(repeating: "</a>", count: 10_000) + "</testsuite>"
        #expect(try JUnitReport.parse(Data(xml.utf8), name: "report.xml") == TestResults(passed: 1, failed: 0))
    }

    /// Totals are text: two suites of `Int.max` tests trapped the sum, negative counts came out negative.
    @Test func junitTotalsHugeAndNegative() throws {
        let huge =
            "<testsuites><testsuite tests=\"\(Int.max)\" failures=\"\(Int.max)\" skipped=\"\(Int.max)\"/>"
            + "<testsuite tests=\"\(Int.max)\" errors=\"\(Int.max)\"/></testsuites>"
        #expect(
            try JUnitReport.parse(Data(huge.utf8), name: "r.xml")
                == TestResults(passed: 0, failed: .max, skipped: .max))
        let negative = "<testsuite tests=\"-5\" failures=\"-3\" errors=\"2\" skipped=\"-1\"/>"
        #expect(try JUnitReport.parse(Data(negative.utf8), name: "r.xml") == TestResults(passed: 0, failed: 2))
        let plain = "<testsuite tests=\"10\" failures=\"2\" errors=\"1\" skipped=\"3\"/>"
        #expect(try JUnitReport.parse(Data(plain.utf8), name: "r.xml") == TestResults(passed: 4, failed: 3, skipped: 3))
    }

    /// 100,000 nested sections overflowed the template parser's stack: now an error naming the line.
    @Test func templateSectionsNestedTooDeeply() {
        let template =
            String(repeating: "{{#DONE}}", count: Self.depth) + "x" + String(repeating: "{{/DONE}}", count: Self.depth)
        #expect(throws: HandoffError.self) { try TemplateRenderer(text: template, name: "t.md") }
        do {
            _ = try TemplateRenderer(text: template, name: "t.md")
        } catch {
            #expect(error.description.hasPrefix("t.md:1: invalid template (sections nested deeper than 100)"))
        }
        let deepest =
            String(repeating: "{{#DONE}}", count: 100) + "x" + String(repeating: "{{/DONE}}", count: 100)
        #expect((try? SectionTemplate(parsing: deepest).render(["DONE": "v"])) == "x")
    }
}
