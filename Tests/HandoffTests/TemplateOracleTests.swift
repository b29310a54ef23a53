import Mustache
import TestSupport
import Testing

@testable import Handoff

/// Handoff renders custom templates with its own `SectionTemplate`; swift-mustache, which it
/// used before, is the truth: every template of the subset renders to the same bytes with
/// both, or both reject it at the same line for the same reason.
@Suite struct TemplateOracleTests {
    let oracle = TemplateOracle()

    static let templates: [String] = [
        // Every kind of tag.
        "{{DONE}}|{{{DONE}}}|{{&DONE}}|$DONE",
        "{{ DONE }}|{{{ DONE }}}|{{& DONE }}|{{\tTITLE\t}}|{{  TITLE\n}}",
        "a$TITLE$$b $lower $",
        // Values present, missing and empty.
        "[{{PENDING}}][{{DATE}}][{{TITLE}}][{{{GOTCHAS}}}]",
        "{{#DATE}}empty is a value: [{{.}}]{{/DATE}}{{^DATE}}not shown{{/DATE}}",
        "{{#PENDING}}hidden{{/PENDING}}{{^PENDING}}shown{{/PENDING}}",
        "{{#STATUS}}{{.}}{{/STATUS}}",
        // Nested and repeated sections.
        "{{#DONE}}{{#TITLE}}{{.}}/{{DONE}}{{/TITLE}}{{/DONE}}",
        "{{#DONE}}1{{/DONE}}{{#DONE}}2{{/DONE}}{{^PENDING}}3{{/PENDING}}{{^PENDING}}4{{/PENDING}}",
        "{{#DONE}}{{#DONE}}{{.}}{{/DONE}}{{/DONE}}",
        "{{#TITLE}}{{^PENDING}}<{{.}}>{{/PENDING}}{{/TITLE}}",
        "{{^PENDING}}{{^GOTCHAS}}none{{/GOTCHAS}}{{#TITLE}}{{.}}{{/TITLE}}{{/PENDING}}",
        "{{#TITLE}}{{#PENDING}}x{{/PENDING}}{{^DONE}}y{{/DONE}}{{/TITLE}}",
        // `.` and dotted names.
        "{{#TITLE}}<{{.}}>{{{.}}}{{& . }}{{/TITLE}}",
        "{{#TITLE}}{{#.}}[{{.}}]{{/.}}{{^.}}never{{/.}}{{/TITLE}}",
        "{{DONE.x}}|{{DONE.}}|{{DONE..}}|{{PENDING.x}}|{{DONE._guts}}|{{DONE.count}}|{{DATE.isEmpty}}",
        "{{#DONE.x}}no{{/DONE.x}}{{^DONE.x}}yes{{/DONE.x}}{{#DONE.}}[{{.}}]{{/DONE.}}",
        "{{#TITLE}}{{TITLE.x}}{{DONE}}{{/TITLE}}",
        "{{DONE.x(TITLE)}}|{{#DONE.a(b)}}x{{/DONE.a(b)}}{{^DONE.a(b)}}y{{/DONE.a(b)}}|{{DONE.a()}}",
        "{{DONE.a-b?*}}",
        // Comments.
        "a{{! one }}b{{!}}c",
        "a{{!\nspread\nover lines\n}}b",
        "a\n{{! standalone }}\nb",
        "a\n  {{! indented }}  \nb",
        "a\n{{!\nspread\n}}\nb",
        "a {{! inline }}\nb",
        "x\n  {{!c}}{{!d}}",
        "x\n  {{!c}}{{!d}}\ny",
        "{{!}}}",
        "a\n{{! {{DONE}} }} }}\n",
        // Standalone lines.
        "a\n{{#DONE}}\nin\n{{/DONE}}\nb\n",
        "a\n  {{#DONE}}  \n  in\n  {{/DONE}}\t\nb",
        "a\n\t{{^PENDING}}\t\nin\n\t{{/PENDING}}\nb",
        "a\n{{#DONE}}in{{/DONE}}\nb",
        "a\n {{DONE}} \nb",
        "a\n  {{#DONE}}x{{/DONE}}  \nz",
        "a\n{{#DONE}}\nx{{/DONE}}  {{#TITLE}}\nq\n{{/TITLE}}\n",
        "a\n{{#PENDING}}\nx\n{{/PENDING}}\nb",
        "a\n{{#DONE}} x\ny\n{{/DONE}} z\n",
        "a\n{{#DONE}}\n{{#TITLE}}\n{{.}}\n{{/TITLE}}\n{{/DONE}}\n",
        "a\n  {{#DONE}}{{/DONE}}\nb",
        "a\n{{#DONE}}\n{{! c }}\n{{/DONE}}\nb",
        // Line breaks other than \n.
        "a\r\n{{#DONE}}\r\nx\r\n{{/DONE}}\r\nb\r\n",
        "a\r\n  {{! c }}\r\nb",
        "a\r{{#DONE}}\rx\r{{/DONE}}\r",
        "a\n{{#DONE}}\u{2028}x\n{{/DONE}}\u{85}b",
        // The very start and end of the text.
        "{{#DONE}}\nx\n{{/DONE}}\n",
        "{{#DONE}}\nx\n{{/DONE}}",
        "\n{{#DONE}}\nx\n{{/DONE}}",
        "  \nX",
        " \t \r\nX",
        "\rX",
        "",
        "\n",
        "\n\n",
        "x\n   ",
        "   ",
        "{{DONE}}",
        "{{#DONE}}x{{/DONE}}   ",
        "a\n{{#DONE}}x\n{{/DONE}}",
        "a\n{{#DONE}}x\n{{/DONE}}  ",
        "a\n{{! c }}",
        "a\n{{! c }}  ",
        "a\n  {{DONE}}",
        // Text with `$`, braces and more.
        "cost $$5 and $lower and $ and $$$TITLE",
        "{ } {x} }} { { a{b}c }",
        "{{\nDONE}}",
        "a\n{{\r\nDONE}}",
        "日本語 {{TITLE}} 👍🏽\n{{#DONE}}é{{/DONE}} {{BRANCH}}",
        "{{#BRANCH}}✓{{.}}✓{{/BRANCH}}",
        // Marks that join the character before them, first (the fuzzer's `d7 84 16 23`) or on a later line.
        "\u{05C4}\u{16}#",
        "\u{0301}  \nX",
        "\u{200D}\u{0301}{{#DONE}}\nx\n{{/DONE}}\n",
        "\u{094D}{{#DONE}}open",
        "a\n\u{0301}{{#DONE}}\nx\n{{/DONE}}\n",
        // Errors.
        "{{#DONE}}open",
        "a\n{{#DONE}}\nb\n",
        "a\n{{^DONE}}\n{{#TITLE}}\n{{/TITLE}}",
        "{{#DONE}}x{{/PENDING}}",
        "a\n{{/DONE}}",
        "a\n  {{/DONE}}  \nb",
        "{{#DONE}}{{#TITLE}}{{/DONE}}{{/TITLE}}",
        "{{#DONE}}x{{/DONE.}}",
        "abc{",
        "a\n{",
        "a\n{{{DONE}}}}",
        "{{DONE.x y}}",
        "a\n{{DONE.x\ny}}",
        "{{ #DONE }}x{{/DONE}}",
        "{{ !comment }}",
        "{{DONE.a(b}}",
        "{{DONE.x)}}",
        "{{DONE.a(b))}}",
        "{$TITLE}",
        "{{#DONE}}\r\nx\r\n",
        "a\r\nb{{/DONE}}",
    ]

    @Test(arguments: templates)
    func sameAsSwiftMustache(_ template: String) throws {
        let converted = try #require(oracle.converted(template), "in the subset")
        let (ours, theirs) = oracle.outcomes(converted)
        #expect(ours == theirs, "\(String(reflecting: template))")
    }

    /// A few thousand templates from a small grammar (`TemplateGenerator`), same seed every run.
    @Test func generatedTemplatesSameAsSwiftMustache() {
        var generator = TemplateGenerator(random: SeededRandom(seed: 2026))
        var compared = 0
        var rejected = 0
        var mismatches: [String] = []
        for _ in 0..<5000 {
            let template = generator.template()
            guard let converted = oracle.converted(template) else { continue }
            let (ours, theirs) = oracle.outcomes(converted)
            if ours == .sectionValueOutsideSection { continue }
            compared += 1
            if case .rejected = theirs { rejected += 1 }
            if ours != theirs {
                mismatches.append(
                    "\(String(reflecting: template)):\n  ours:           \(ours)\n  swift-mustache: \(theirs)")
            }
        }
        let differing = mismatches.count
        #expect(differing == 0, "of \(compared), e.g.\n\(mismatches.prefix(5).joined(separator: "\n"))")
        // The grammar still reaches both sides: mostly rendered, some rejected.
        #expect(compared > 3500)
        #expect(rejected > 100 && rejected < compared / 2)
    }

    /// swift-mustache's whitespace rules, spelled out (and kept by the comparison above).
    @Test(arguments: [
        // No standalone tags on the first line (the pragma was there) ...
        ("{{#DONE}}\nx\n{{/DONE}}\n", "\nx\n"),
        // ... but a blank first line goes, with the pragma.
        ("  \nX", "X"),
        // After a standalone opening tag, the next tag on the closing tag's line counts as standalone.
        ("a\n{{#DONE}}\nx{{/DONE}}  {{#TITLE}}\nq\n{{/TITLE}}\n", "a\nxq\n"),
        // Spaces alone on the last line go.
        ("x\n   ", "x\n"),
        // A tag at the very end is standalone; with spaces after it, not.
        ("a\n{{#DONE}}\nx\n  {{/DONE}}", "a\nx\n"),
        ("a\n  {{! c }}", "a\n"),
        ("a\n  {{! c }} ", "a\n   "),
        // An empty value is a value.
        ("{{#DATE}}[{{.}}]{{/DATE}}", "[]"),
        // `{{` before a line break is dropped.
        ("{{\nDONE}}", "\nDONE}}"),
    ])
    func whitespaceRules(template: String, expected: String) throws {
        #expect(try SectionTemplate(parsing: template).render(oracle.values) == expected)
    }

    /// Where `.` has no section's value, swift-mustache uses its whole dictionary of values:
    /// written out in no fixed order (nil here), or as a section that always shows. Handoff
    /// rejects it.
    @Test(
        arguments: [
            ("{{.}}", nil), ("{{^PENDING}}{{.}}{{/PENDING}}", nil), ("{{#TITLE}}{{/TITLE}}{{.}}", nil),
            ("{{#.}}x{{/.}}", "x"), ("{{^.}}x{{/.}}", ""),
        ] as [(String, String?)])
    func sectionValueOutsideSectionIsAnError(template: String, swiftMustacheOutput: String?) {
        #expect(oracle.ours(template) == .sectionValueOutsideSection)
        guard case .rendered(let bytes) = oracle.swiftMustache(template) else {
            Issue.record("swift-mustache rejects \(template)")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let swiftMustacheOutput {
            #expect(text == swiftMustacheOutput)
        } else {
            #expect(text.hasPrefix("[") && text.contains("\"TITLE\": \"T\"") && text.contains("\"DATE\": \"\""))
        }
    }

    /// A template whose text starts with a mark that joins the character before it (U+05C4, a
    /// combining mark) renders as text. swift-mustache behind the pragma `TemplateRenderer` used
    /// to put in front rejects it: the mark joins the pragma's `}` into one character, so the
    /// pragma never ends. `TemplateOracle` stands a plain character in for the marks there.
    @Test func joiningMarkFirstIsText() throws {
        let template = "\u{05C4}\u{16}#"
        #expect(try SectionTemplate(parsing: template).render(oracle.values) == template)
        #expect(throws: MustacheTemplate.ParserError.self) {
            try MustacheTemplate(string: TemplateOracle.pragma + template)
        }
        #expect(TemplateOracle.joiningStart(of: template) == "\u{05C4}")
        #expect(TemplateOracle.joiningStart(of: "\u{200D}\u{0301}x") == "\u{200D}\u{0301}")
        #expect(TemplateOracle.joiningStart(of: "x\u{0301}") == "")
        #expect(oracle.swiftMustache(template) == .rendered(Array(template.utf8)))
    }

    @Test func errorsNameTheLine() {
        func message(_ template: String) -> String? {
            #expect(throws: HandoffError.self) { try TemplateRenderer(text: template, name: "t.md") }?.description
        }
        #expect(
            message("a\n{{#DONE}}x{{/PENDING}}")
                == "t.md:2: invalid template ({{/PENDING}} does not close section DONE) in \"{{#DONE}}x{{/PENDING}}\"")
        #expect(
            message("a\n\n  {{/DONE}}  ") == "t.md:3: invalid template ({{/DONE}} closes no section) in \"{{/DONE}}\"")
        #expect(
            message("a\n{{#DONE}}\nb\n") == "t.md:4: invalid template (section DONE from line 2 is not closed) in \"\"")
        #expect(
            message("a\r\n{{^DONE}}\r\nb")
                == "t.md:3: invalid template (section DONE from line 2 is not closed) in \"b\"")
        #expect(message("x $DONE.\n{{DONE.x y}}") == "t.md:2: invalid template (malformed tag) in \"{{DONE.x y}}\"")
        #expect(message("costs 5{") == "t.md:1: invalid template (unexpected end of text) in \"costs 5{\"")
        #expect(message("a\n{{.}}") == "t.md:2: invalid template ({{.}} outside a section) in \"{{.}}\"")
    }
}
