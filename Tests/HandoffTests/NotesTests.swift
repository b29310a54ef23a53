import Foundation
import TestSupport
import Testing

@testable import Handoff

@Suite struct FlagSyntaxTests {
    @Test(arguments: [
        ("Budget fitting @ Sources/Fit.swift:40", "Budget fitting", "Sources/Fit.swift:40"),
        ("Budget fitting (Sources/Fit.swift:40)", "Budget fitting", "Sources/Fit.swift:40"),
        ("Budget fitting — resume at `Sources/Fit.swift:40:7`", "Budget fitting", "Sources/Fit.swift:40:7"),
    ])
    func workItemWithLocation(input: String, text: String, location: String) {
        #expect(NoteSyntax.workItem(input) == WorkItem(text: text, location: location))
    }

    @Test func workItemWithoutLocationKeepsItsText() {
        #expect(NoteSyntax.workItem("Ask about (the plan)") == WorkItem(text: "Ask about (the plan)"))
        #expect(NoteSyntax.workItem("Email me @ noon") == WorkItem(text: "Email me @ noon"))
    }

    @Test func blockedNeedsAReason() throws {
        #expect(
            try NoteSyntax.blocked("Release: waiting for review")
                == BlockedItem(item: "Release", reason: "waiting for review"))
        #expect(throws: HandoffError.self) { try NoteSyntax.blocked("Release") }
    }

    @Test func decisionWithTradeOff() throws {
        #expect(
            try NoteSyntax.decision("Mustache: well kept; trade-off: Foundation at start-up")
                == Decision(title: "Mustache", why: "well kept", tradeOff: "Foundation at start-up"))
        #expect(
            try NoteSyntax.decision("**Link**: never overwrites") == Decision(title: "Link", why: "never overwrites"))
        #expect(throws: HandoffError.self) { try NoteSyntax.decision("no colon here") }
    }

    @Test func learningCategory() {
        #expect(
            NoteSyntax.learning("[Git] run it with a fixed clock")
                == Learning(category: "Git", rule: "run it with a fixed clock"))
        #expect(NoteSyntax.learning("plain rule") == Learning(category: "General", rule: "plain rule"))
    }

    @Test func fileNote() throws {
        #expect(
            try NoteSyntax.file("`Sources/A.swift`: new reader")
                == FileNote(path: "Sources/A.swift", description: "new reader"))
        #expect(throws: HandoffError.self) { try NoteSyntax.file("Sources/A.swift") }
    }

    @Test(arguments: [
        ("23 passed, 0 failed", TestResults(passed: 23, failed: 0)),
        ("2 failed; 21 passed; 1 skipped", TestResults(passed: 21, failed: 2, skipped: 1)),
        ("Executed 5 tests, with 1 failure", TestResults(passed: 0, failed: 1)),
    ])
    func testSummaries(input: String, expected: TestResults) throws {
        #expect(try TestResults.parse(input) == expected)
    }

    @Test func testsNotRunAndNonsense() throws {
        #expect(try TestResults.parse("not run") == nil)
        #expect(throws: HandoffError.self) { try TestResults.parse("all good") }
    }
}

@Suite struct JSONNotesTests {
    @Test func stringAndObjectForms() throws {
        let json = """
            {
              "done": ["Reader"],
              "in_progress": ["Fit @ Sources/Fit.swift:4", {"item": "Docs", "resume_at": "README.md:10"}],
              "todo": ["Schema"],
              "blocked": ["Release: review", {"item": "CI", "reason": "runner down"}],
              "decisions": ["Link: safe; trade-off: temp file", {"title": "T", "why": "W", "trade_off": null}],
              "learnings": ["[Git] fixed clock", {"category": "Swift", "rule": "typed throws"}],
              "files": ["a.swift: new", {"path": "b.swift", "description": "old"}],
              "gotchas": ["G"], "context": "C", "next": "N",
              "tests": {"passed": 3, "failed": 1, "skipped": 0}
            }
            """
        let notes = try JSONNotesReader.read(Data(json.utf8), name: "notes.json")
        #expect(notes.done == ["Reader"])
        #expect(
            notes.inProgress == [
                WorkItem(text: "Fit", location: "Sources/Fit.swift:4"),
                WorkItem(text: "Docs", location: "README.md:10"),
            ])
        #expect(
            notes.blocked == [
                BlockedItem(item: "Release", reason: "review"), BlockedItem(item: "CI", reason: "runner down"),
            ])
        #expect(
            notes.decisions == [
                Decision(title: "Link", why: "safe", tradeOff: "temp file"), Decision(title: "T", why: "W"),
            ])
        #expect(notes.learnings.map(\.category) == ["Git", "Swift"])
        #expect(
            notes.files == [
                FileNote(path: "a.swift", description: "new"), FileNote(path: "b.swift", description: "old"),
            ])
        #expect(notes.context == "C" && notes.next == "N" && notes.gotchas == ["G"] && notes.todo == ["Schema"])
        #expect(notes.tests == TestResults(passed: 3, failed: 1))
    }

    @Test func testsAsText() throws {
        let notes = try JSONNotesReader.read(Data(#"{"tests": "10 passed, 2 failed"}"#.utf8), name: "n")
        #expect(notes.tests == TestResults(passed: 10, failed: 2))
    }

    @Test func invalidJSONNamesLineAndColumn() {
        let json = "{\n  \"done\": [\"a\",\n    oops]\n}"
        let error = #expect(throws: HandoffError.self) { try JSONNotesReader.read(Data(json.utf8), name: "notes.json") }
        #expect(error?.description == "notes.json: invalid JSON at line 3, column 5: expected a value, found 'o'")
    }

    @Test func truncatedJSONIsLocated() {
        let error = #expect(throws: HandoffError.self) {
            try JSONNotesReader.read(Data("{\"done\": [\"a\"]".utf8), name: "n.json")
        }
        #expect(
            error?.description == "n.json: invalid JSON at line 1, column 15: expected ',' or '}', found end of input")
    }

    @Test func unknownKeyIsAnError() {
        let error = #expect(throws: HandoffError.self) {
            try JSONNotesReader.read(Data(#"{"in-progress": ["x"]}"#.utf8), name: "n.json")
        }
        #expect(error?.description.contains("unknown key \"in-progress\"") == true)
    }

    @Test func wrongTypeNamesThePath() {
        let error = #expect(throws: HandoffError.self) {
            try JSONNotesReader.read(Data(#"{"done": "just one"}"#.utf8), name: "n.json")
        }
        #expect(error?.description.hasPrefix("n.json: done:") == true)
    }

    @Test func badItemInsideJSONNamesIt() {
        let error = #expect(throws: HandoffError.self) {
            try JSONNotesReader.read(Data(#"{"blocked": ["fine: ok", "no reason"]}"#.utf8), name: "n.json")
        }
        #expect(error?.description.contains("blocked[1]") == true)
    }
}

@Suite struct MarkdownNotesTests {
    @Test func documentHeadings() throws {
        let text = """
            # My notes
            ## What’s Done
            - Reader
            * Writer
              spanning two lines
            ## What's In Progress
            - [ ] Fit @ Sources/Fit.swift:4
            ## What's Pending
            1. Schema
            2. **Release** — blocked: review
            ## Blocked
            - CI: runner down
            ## Key Decisions Made
            - **Link**: safe; trade-off: temp file
            ## Learnings Captured
            - [Git] fixed clock
            ## Files Touched
            - `a.swift`: new
            ## Gotchas for Next Session
            - G
            ## Context
            Line one
            line two.
            ## Next Step
            Ship it
            ## Tests
            3 passed, 1 failed
            """
        let notes = try MarkdownNotesReader.read(text, name: "notes.md")
        #expect(notes.done == ["Reader", "Writer spanning two lines"])
        #expect(notes.inProgress == [WorkItem(text: "Fit", location: "Sources/Fit.swift:4")])
        #expect(notes.todo == ["Schema"])
        #expect(
            notes.blocked == [
                BlockedItem(item: "Release", reason: "review"), BlockedItem(item: "CI", reason: "runner down"),
            ])
        #expect(notes.decisions == [Decision(title: "Link", why: "safe", tradeOff: "temp file")])
        #expect(notes.learnings == [Learning(category: "Git", rule: "fixed clock")])
        #expect(notes.files == [FileNote(path: "a.swift", description: "new")])
        #expect(notes.gotchas == ["G"])
        #expect(notes.context == "Line one line two.")
        #expect(notes.next == "Ship it")
        #expect(notes.tests == TestResults(passed: 3, failed: 1))
    }

    @Test func unknownHeadingIsNamed() {
        let error = #expect(throws: HandoffError.self) {
            try MarkdownNotesReader.read("## Done\n- a\n## Random Thoughts\n- b", name: "notes.md")
        }
        #expect(error?.description.hasPrefix("notes.md:3: unknown heading \"Random Thoughts\"") == true)
    }

    @Test func aRenderedHandoffReadsBackAsTheSameNotes() throws {
        let notes = GoldenDocumentTests.midFeatureNotes
        let doc = try DocumentBuilder(
            snapshot: Fixtures.snapshot(), notes: notes, clock: Fixtures.clock, history: FixtureHistory()
        ).build()
        let text = MarkdownRenderer(document: doc).render()
        var read = try MarkdownNotesReader.read(text, name: "handoff.md")
        // The rendered document has no Context/Next/Tests sections: they live in the resume command and Status.
        read.context = notes.context
        read.next = notes.next
        read.tests = notes.tests
        #expect(read == notes)
    }

    @Test func formatIsChosenByExtensionOrContent() throws {
        #expect(try NotesFileReader.parse(#"{"done": ["x"]}"#, name: "stdin").done == ["x"])
        #expect(try NotesFileReader.parse("## Done\n- y", name: "stdin").done == ["y"])
        #expect(throws: HandoffError.self) { try NotesFileReader.parse("## Done\n- y", name: "n", path: "n.json") }
    }
}

@Suite struct NotesFileTests {
    @Test func missingFileIsOneClearLine() {
        let error = #expect(throws: HandoffError.self) { try NotesFileReader.read(path: "/nonexistent/notes.md") }
        #expect(error?.description == "/nonexistent/notes.md: no such file")
    }

    @Test func folderIsNotAFile() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: HandoffError.self) { try NotesFileReader.read(path: folder.path) }
        #expect(error?.description == "\(folder.path): is a folder, not a file")
    }

    @Test func readsAFileFromDisk() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.json", #"{"next": "ship"}"#)
        #expect(try NotesFileReader.read(path: folder.path + "/notes.json").next == "ship")
    }

    @Test func flagsAddToTheFileAndWinForScalars() {
        var fromFile = SessionNotes()
        fromFile.done = ["a"]
        fromFile.next = "file's"
        var fromFlags = SessionNotes()
        fromFlags.done = ["b"]
        fromFlags.next = "flag's"
        fromFile.merge(fromFlags)
        #expect(fromFile.done == ["a", "b"])
        #expect(fromFile.next == "flag's")
    }
}

@Suite struct JUnitTests {
    @Test func countsTestCases() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="A" tests="4" failures="1" errors="1" skipped="1">
                <testcase name="one"/>
                <testcase name="two"><failure message="boom &amp; more">trace</failure></testcase>
                <testcase name="three"><error message="crash"/></testcase>
                <testcase name="four"><skipped/></testcase>
              </testsuite>
              <testsuite name="B"><testcase name="five"></testcase></testsuite>
            </testsuites>
            """
        #expect(try JUnitReport.parse(Data(xml.utf8), name: "r.xml") == TestResults(passed: 2, failed: 2, skipped: 1))
    }

    @Test func suiteTotalsWithoutCases() throws {
        let xml = #"<testsuite name="S" tests="10" failures="2" errors="0" skipped="3"></testsuite>"#
        #expect(try JUnitReport.parse(Data(xml.utf8), name: "r.xml") == TestResults(passed: 5, failed: 2, skipped: 3))
    }

    @Test func malformedXMLIsAnError() {
        let error = #expect(throws: HandoffError.self) {
            try JUnitReport.parse(Data("<testsuite>\n<testcase></testsuite>".utf8), name: "r.xml")
        }
        #expect(error?.description.hasPrefix("r.xml: not a readable JUnit XML report at line 2") == true)
        let truncated = #expect(throws: HandoffError.self) {
            try JUnitReport.parse(Data("<testsuite><testcase>".utf8), name: "r.xml")
        }
        #expect(truncated?.description.hasSuffix("(the document ends before its elements close)") == true)
    }

    @Test func otherXMLIsNotAReport() {
        #expect(throws: HandoffError.self) { try JUnitReport.parse(Data("<html><body/></html>".utf8), name: "r.xml") }
    }
}

/// `String.lines`, the byte-level line splitter the handoff folder reads with, against the
/// character-level `split` it replaces.
@Suite struct LineSplittingTests {
    static let samples = [
        "", "\n", "\n\n", "a", "a\n", "\na", "a\nb", "a\n\nb\n", "a\r\nb\r\n", "a\r\n\r\nb", "\r\n", "\r", "a\rb\n",
        "a\r\r\nb", "caf\u{e9}\ne\u{301}\n", "\u{1F468}\u{200D}\u{1F469}\n\u{65E5}\n", "## Resume Command\n> go\n",
        "\n\u{301}x", "x\n\u{301}\n",
    ]

    @Test(arguments: samples)
    func sameLinesAsSplittingByCharacters(text: String) {
        for omitting in [true, false] {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: omitting).map(String.init)
            #expect(text.lines(omittingEmpty: omitting).map(String.init) == expected, "omitting empty: \(omitting)")
        }
    }

    @Test func generatedTexts() {
        var generator = SeededRandom(seed: 2026)
        let pieces = ["a", "\n", "\r", "\r\n", " ", "\u{301}", "\u{e9}", "#", ">"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }
            .joined()
            for omitting in [true, false] {
                let expected = text.split(separator: "\n", omittingEmptySubsequences: omitting).map(String.init)
                #expect(
                    text.lines(omittingEmpty: omitting).map(String.init) == expected, "\(Array(text.unicodeScalars))")
            }
        }
    }
}
