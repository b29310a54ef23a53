import Foundation
import GitState
import Testing

@testable import Handoff

@Suite struct TemplateTests {
    func document(_ notes: SessionNotes = GoldenDocumentTests.midFeatureNotes) throws -> HandoffDocument {
        try DocumentBuilder(
            snapshot: Fixtures.snapshot(log: Fixtures.sessionLog), notes: notes, clock: Fixtures.clock,
            history: FixtureHistory()
        )
        .build()
    }

    @Test func dollarPlaceholders() throws {
        let template = "# $DATE $TIME on $BRANCH\n\n## Done\n$DONE\n\n$RESUME_COMMAND\nCost: $$5, $lower stays\n"
        let doc = try document()
        let text = try TemplateRenderer(text: template, name: "t.md").render(doc, variant: .standard)
        #expect(
            text == """
                # 2026-03-14 16:09 on main

                ## Done
                - Markdown notes reader with the document's headings
                - Redactor for tokens and keys

                > \(doc.resumeCommand)
                Cost: $5, $lower stays

                \(RecordedState.markerLines(for: doc))

                """)
    }

    @Test func mustacheSectionsShowOnlyWhatHasContent() throws {
        let template =
            "{{#GOTCHAS}}## Gotchas\n{{GOTCHAS}}\n{{/GOTCHAS}}{{^LEARNINGS}}no learnings\n{{/LEARNINGS}}<{{BRANCH}}>\n"
        var notes = SessionNotes()
        notes.gotchas = ["a & <b>"]
        let text = try TemplateRenderer(text: template, name: "t").render(try document(notes), variant: .standard)
        #expect(text.hasPrefix("## Gotchas\n- a & \\<b>\nno learnings\n<main>\n"), "no HTML escaping")
    }

    @Test func unknownPlaceholderIsNamed() {
        let error = #expect(throws: HandoffError.self) { try TemplateRenderer(text: "a\n$DATE $AUTHOR", name: "t.md") }
        #expect(error?.description.hasPrefix("t.md:2: unknown placeholder $AUTHOR (known: $DATE,") == true)
        let mustache = #expect(throws: HandoffError.self) {
            try TemplateRenderer(text: "{{#WHO}}x{{/WHO}}", name: "t.md")
        }
        #expect(mustache?.description.hasPrefix("t.md:1: unknown placeholder {{WHO}}") == true)
    }

    @Test func brokenMustacheIsAnError() {
        let error = #expect(throws: HandoffError.self) { try TemplateRenderer(text: "{{#DONE}}open", name: "t.md") }
        #expect(error?.description.hasPrefix("t.md:") == true)
    }

    @Test func everySectionHasAPlaceholder() throws {
        let template = DocumentSection.allCases.map { "[\($0.placeholder)]\n{{\($0.placeholder)}}" }.joined(
            separator: "\n")
        let text = try TemplateRenderer(text: template, name: "t").render(try document(), variant: .standard)
        #expect(text.contains("[STATUS]\n- **Branch**: `main`"))
        #expect(text.contains("[PENDING]\n- Document the JSON schema in the README"))
        #expect(text.contains("[FILES_TOUCHED]\n| File |"))
    }
}

@Suite struct BudgetTests {
    func document() throws -> HandoffDocument {
        try DocumentBuilder(
            snapshot: Fixtures.snapshot(log: Fixtures.sessionLog), notes: GoldenDocumentTests.midFeatureNotes,
            clock: Fixtures.clock, base: .lastHandoff(oid: Fixtures.base, file: "handoff-2026-03-13.md"),
            history: FixtureHistory()
        ).build()
    }

    func render(_ doc: HandoffDocument, limit: Int) throws(HandoffError) -> String {
        var request = HandoffRequest(destination: .standardOutput)
        request.maxCharacters = limit
        return try HandoffWriter(request: request).render(doc)
    }

    @Test func fitsByCuttingInOrderAndSaysWhat() throws {
        let doc = try document()
        let whole = MarkdownRenderer(document: doc).render()
        #expect(try render(doc, limit: whole.count) == whole, "no cut when it fits")
        let text = try render(doc, limit: whole.count - 1)
        #expect(text.count <= whole.count - 1)
        #expect(text.contains("_Cut to fit \(whole.count - 1) characters: Learnings Captured._"))
        #expect(!text.contains("## Learnings Captured"))
        #expect(text.contains("## Gotchas for Next Session"))
    }

    @Test func keepsResumeInProgressPendingDecisionsLast() throws {
        let doc = try document()
        let minimal = MarkdownRenderer(document: doc).render(
            omitted: Array(BudgetFitter.cutOrder.prefix(6)), budget: 900)
        let text = try render(doc, limit: minimal.count)
        for kept in ["## What's In Progress", "## What's Pending", "## Key Decisions Made", "## Resume Command"] {
            #expect(text.contains(kept))
        }
        for cut in ["## Status", "## What's Done", "## Files Touched", "## Gotchas", "## Learnings"] {
            #expect(!text.contains(cut))
        }
        #expect(text.contains("> " + doc.resumeCommand))
    }

    @Test func tooSmallIsAnError() throws {
        let doc = try document()
        let error = #expect(throws: HandoffError.self) { try render(doc, limit: 50) }
        #expect(error?.description.hasPrefix("--max-chars 50 is too small") == true)
    }
}

@Suite struct MarkdownSafetyTests {
    @Test func notesFullOfMarkdownCharactersRenderAsIntended() throws {
        var notes = SessionNotes()
        notes.done = ["# not a heading", "two\nlines", "1. not a list", "<!-- not hidden -->"]
        notes.inProgress = [WorkItem(text: "`code` | pipe", location: "we`ird.swift:3")]
        notes.files = [FileNote(path: "odd|name`.swift", description: "a | b\nc")]
        notes.next = "line one\nline two."
        let doc = try DocumentBuilder(
            snapshot: Fixtures.snapshot(), notes: notes, clock: Fixtures.clock, history: FixtureHistory()
        ).build()
        let text = MarkdownRenderer(document: doc).render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("- \\# not a heading"))
        #expect(lines.contains("- two lines"))
        #expect(lines.contains("- 1\\. not a list"))
        #expect(lines.contains("- \\<!-- not hidden -->"))
        #expect(lines.contains("- `code` | pipe — resume at ``we`ird.swift:3``"))
        #expect(lines.contains("| ``odd\\|name`.swift`` | — | noted | a \\| b c |"))
        #expect(
            lines.filter { $0.hasPrefix("#") }.allSatisfy { $0.hasPrefix("# Session Handoff") || $0.hasPrefix("## ") })
        #expect(doc.resumeCommand.hasSuffix("Next step: line one line two."))
        #expect(!doc.resumeCommand.contains("\n"))
    }

    @Test func concisionWarnings() {
        var notes = SessionNotes()
        notes.done = (1...6).map { "item \($0)" }
        notes.decisions = (1...4).map { Decision(title: "d\($0)", why: "w") }
        let warnings = DocumentBuilder.concisionWarnings(for: notes)
        #expect(warnings.count == 2)
        #expect(warnings[0].hasPrefix("What's Done has 6 items"))
        #expect(warnings[1].hasPrefix("Key Decisions Made has 4 items"))
        notes.done.removeLast()
        notes.decisions.removeLast()
        #expect(DocumentBuilder.concisionWarnings(for: notes).isEmpty)
    }

    @Test func clockFormatsInItsTimeZone() {
        #expect(Fixtures.clock.day == "2026-03-14")
        #expect(Fixtures.clock.time == "16:09")
        #expect(Fixtures.clock.timestamp == "2026-03-14T16:09:26+01:00")
    }
}
