import Foundation
import TestSupport
import Testing

@testable import Handoff

@Suite struct JSONValueTests {
    @Test func roundTripKeepsOrderNumbersAndText() throws {
        let text = """
            {
              "z": 1,
              "a": [
                true,
                false,
                null,
                -0.5e3,
                "tab\\tquote\\" slash/ é ✓ \\ud83d\\ude00"
              ],
              "empty": {},
              "list": []
            }

            """
        let value = try JSONValue.parse(text)
        #expect(value.formatted == text.replacingOccurrences(of: "\\ud83d\\ude00", with: "😀"))
        #expect(try JSONValue.parse(value.formatted) == value)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["z", "a", "empty", "list"])
    }

    @Test func errorsNameLineAndColumn() {
        func error(_ text: String) -> String? {
            do throws(JSONSyntaxError) {
                _ = try JSONValue.parse(text)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("{\"a\": 1\n  \"b\" 2}") == "line 2, column 3: expected ',' or '}', found '\"'")
        #expect(error("{} x") == "line 1, column 4: unexpected text after the end of the JSON value")
        #expect(error("01") == "line 1, column 3: invalid number (leading zero)")
        #expect(error("\"ab\n\"") == "line 1, column 4: control character in a string (write \\n for a newline)")
        #expect(error("[1,\n tru]") == "line 2, column 5: expected true, found ']'")
        #expect(error("{\"a\": [1 2]}") == "line 1, column 10: expected ',' or ']', found '2'")
        #expect(error("{\"a\" 1}") == "line 1, column 6: expected ':', found '1'")
        #expect(error("{1}") == "line 1, column 2: expected a key in double quotes, found '1'")
        #expect(error("[1.]") == "line 1, column 4: expected a digit after '.', found ']'")
        #expect(error("\"\\x\"") == "line 1, column 3: invalid escape \\'x'")
        #expect(error("\"\\u12g4\"") == "line 1, column 6: invalid \\u escape, found 'g'")
        #expect(error("{\"a\": ") == "line 1, column 7: expected a value, found end of input")
        #expect(error("\u{01}") == "line 1, column 1: expected a value, found byte 0x1")
    }

    /// A column counts characters, not bytes: `é` (two bytes) and `😀` (four) are one column each.
    @Test func columnsCountCharacters() {
        #expect(throws: JSONSyntaxError(line: 1, column: 7, message: "expected a value, found 'x'")) {
            try JSONValue.parse("{\"é\": x}")
        }
        #expect(throws: JSONSyntaxError(line: 2, column: 8, message: "expected ',' or ']', found '2'")) {
            try JSONValue.parse("[\n  \"😀é\" 2]")
        }
        // The notes reader reports the same place.
        let error = #expect(throws: HandoffError.self) {
            try JSONNotesReader.read(Data("{\"done\": [\"😀é\" 2]}".utf8), name: "n.json")
        }
        #expect(error?.description == "n.json: invalid JSON at line 1, column 16: expected ',' or ']', found '2'")
    }

    @Test func hooksAddAndStripExactly() throws {
        let settings = try JSONValue.parse(
            #"{"hooks": {"PreCompact": [{"matcher": "", "hooks": [{"type": "command", "command": "echo keep"}]}]}, "x": 1}"#
        )
        let added = try #require(try AgentFiles.addingHooks(to: settings))
        #expect(try AgentFiles.addingHooks(to: added) == nil, "idempotent")
        let precompact = try #require(added["hooks"]?["PreCompact"]?.arrayValue)
        #expect(precompact.count == 2)
        #expect(AgentFiles.removingHooks(from: added) == settings)
        #expect(AgentFiles.removingHooks(from: settings) == nil)
        #expect(throws: HandoffError("the top level is not a JSON object")) {
            try AgentFiles.addingHooks(to: .array([]))
        }
    }

    @Test func agentsSectionAddAndStrip() {
        let original = "# Notes\nNo final newline"
        let added = AgentFiles.addingSection(to: original)!
        #expect(AgentFiles.addingSection(to: added) == nil)
        #expect(AgentFiles.removingSection(from: added) == original + "\n")
        #expect(AgentFiles.removingSection(from: original) == nil)
    }
}

@Suite struct ReplayTests {
    func handoff(_ name: String, time: Double, learnings: [String] = [], pending: [String] = []) -> PastHandoff {
        var handoff = PastHandoff(name: name, time: time)
        handoff.learnings = learnings
        handoff.pending = pending
        return handoff
    }

    @Test func bestMatchFirstAndDuplicatesOnce() {
        let index = ReplayIndex(handoffs: [
            handoff("h1.md", time: 1, learnings: ["[Testing] fix the clock", "[Build] cache the build folder"]),
            handoff(
                "h2.md", time: 2, learnings: ["[Testing] fix the clock"], pending: ["Cache invalidation for tests"]),
        ])
        #expect(index.items.count == 3, "the repeated learning is kept once")
        let results = index.search(["caching"], limit: 10)
        #expect(Set(results.map(\.item.text)) == ["[Build] cache the build folder", "Cache invalidation for tests"])
        #expect(results[0].score > results[1].score, "the shorter text ranks first (BM25 length normalisation)")
        #expect(results[0].item.text == "Cache invalidation for tests")
        #expect(index.search(["clocks"], limit: 10).map(\.item.source) == ["h2.md"])
        #expect(index.search(["nothing"], limit: 10).isEmpty)
        #expect(index.search([], limit: 2).map(\.item.source) == ["h2.md", "h2.md"], "most recent first")
    }

    @Test func rarerWordsWeighMore() {
        let index = ReplayIndex(handoffs: [
            handoff(
                "h.md", time: 1,
                learnings: ["[Git] git status is slow", "[Git] git log is fast", "[Git] git index v4 parse"])
        ])
        let results = index.search(["git", "index"], limit: 10)
        #expect(results.first?.item.text == "[Git] git index v4 parse")
    }

    @Test func readsMarkdownAndJSONHandoffsLeniently() {
        let markdown = """
            # Session Handoff — 2026-03-14 16:09

            \(AutomaticMarker.line)

            ## Custom Section
            - ignored
            ## What's In Progress
            - Fit — resume at `Sources/Fit.swift:40`
            ## Learnings Captured
            - [Testing] fix the clock
            ## Resume Command
            > Continue on main. Next step: fit.
            """
        let parsed = PastHandoff.read(markdown, name: "a.md", time: 0)
        #expect(parsed.automatic)
        #expect(parsed.inProgress == ["Fit — resume at `Sources/Fit.swift:40`"])
        #expect(parsed.learnings == ["[Testing] fix the clock"])
        #expect(parsed.resumeCommand == "Continue on main. Next step: fit.")
        let json =
            #"{"resume_command": "Continue.", "notes": {"todo": ["Docs"], "blocked": [{"item": "Release", "reason": "review"}], "learnings": [{"category": "A", "rule": "b"}]}}"#
        let fromJSON = PastHandoff.read(json, name: "a.json", time: 0)
        #expect(fromJSON.pending == ["Docs", "Release — blocked: review"])
        #expect(fromJSON.learnings == ["[A] b"])
        #expect(fromJSON.resumeCommand == "Continue.")
    }

    /// Windows line endings, indented items, a fence and lines that begin with white space
    /// other than spaces read as the plain handoff does.
    @Test func lineEndingsAndIndentationReadAsThePlainHandoff() {
        let plain = """
            # Session Handoff
            Some prose that is passed over.
            ## What's Pending
            - Release — blocked: review
            ```
            - not an item: inside a fence
            ```
            ## Gotchas for Next Session
            - the socket path is private
            ## Resume Command
            > Continue on main.
            """
        let reference = PastHandoff.read(plain, name: "a.md", time: 0)
        #expect(reference.pending == ["Release — blocked: review"])
        #expect(reference.gotchas == ["the socket path is private"])
        let variants = [
            plain.replacing("\n", with: "\r\n"),
            plain.split(separator: "\n", omittingEmptySubsequences: false).map { "  \t" + $0 }.joined(separator: "\n"),
            plain.split(separator: "\n", omittingEmptySubsequences: false).map { "\u{A0}\u{2003}" + $0 }
                .joined(separator: "\n"),
        ]
        for text in variants {
            #expect(PastHandoff.read(text, name: "a.md", time: 0) == reference, "\(text.debugDescription)")
        }
    }

    @Test func asciiWordsAreTheScalarReadingsWords() {
        var random = SeededRandom(seed: 3)
        let pieces = [
            "Caching", "tests", "FLAKY", "v4", "2026", "the", "é", "-", " ", "`", "\r\n", "_", "ies", "ss", "ed", "e",
            "ing", "s", "ab", "SS",
        ]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0..<9, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined().filter(\.isASCII)
            for folding in [true, false] {
                #expect(
                    ReplayIndex.asciiWords(text, folding: folding) == ReplayIndex.scalarWords(text, folding: folding),
                    "\(text.debugDescription)")
            }
        }
    }

    /// Texts with bytes outside ASCII are cut at ASCII separators first: the same words, in the
    /// same order, as the scalar reading of the whole text.
    @Test func mixedWordsAreTheScalarReadingsWords() {
        var random = SeededRandom(seed: 4)
        let pieces = [
            "Caching", "tests", "—", "é", "e\u{301}", "Ünïcode", "ΣΑΣ", "v4", "-", " ", "\u{301}", "🚧", "ß", "ies",
        ]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0..<9, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            for folding in [true, false] {
                #expect(
                    ReplayIndex.mixedWords(text, folding: folding) == ReplayIndex.scalarWords(text, folding: folding),
                    "\(text.debugDescription)")
            }
        }
    }

    /// The quick reading of a heading is the scalar reading wherever it answers, and it answers
    /// for every ASCII heading and for titles with a dash or an emoji.
    @Test func quickHeadingsNormaliseAsTheScalarReading() {
        var random = SeededRandom(seed: 5)
        let pieces = [
            "What", "'s", " ", "In", "PROGRESS", "-", "🚧", "’", "#", "\t", "2", ":", "—", "_", "\r", "Z@[", "é",
            "\u{301}", "\u{600}", "\u{200D}", "Ⓐ", "Ⅳ", "ΣΑΣ", "\u{345}",
        ]
        var answered = (ascii: 0, other: 0)
        for _ in 0..<5_000 {
            let heading = (0..<Int.random(in: 0..<9, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let quick = MarkdownNotesReader.quickNormalised(heading)
            if let quick {
                #expect(quick == MarkdownNotesReader.scalarNormalised(heading), "\(heading.debugDescription)")
                if heading.utf8.allSatisfy({ $0 < 0x80 }) { answered.ascii += 1 } else { answered.other += 1 }
            } else {
                #expect(!heading.utf8.allSatisfy { $0 < 0x80 }, "\(heading.debugDescription)")
            }
        }
        #expect(answered.ascii > 100 && answered.other > 100)
        #expect(MarkdownNotesReader.quickNormalised(" Session Handoff — 2023-11-14 22:13") == "session handoff  --")
        #expect(MarkdownNotesReader.quickNormalised("🚧 What’s In Progress") == "what's in progress")
    }

    /// A folder of handoffs is read in parallel and comes back oldest first, by recorded time,
    /// whatever order the files were written in.
    @Test func aFolderIsReadOldestFirst() throws {
        let folder = try TemporaryFolder()
        let times = (0..<300).map { ($0 * 7_919) % 300 }
        for (number, minute) in times.enumerated() {
            let stamp = "2026-03-14T\(10 + minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60):00Z"
            let text = """
                # Session Handoff
                ## Gotchas for Next Session
                - gotcha \(minute)

                \(HeadMarker.line(head: String(repeating: "a", count: 40), timestamp: stamp))
                """
            try folder.write("handoff-2026-03-14-\(number + 2).md", text)
        }
        let read = HandoffFolder(path: folder.path).pastHandoffs()
        #expect(read.map(\.gotchas) == (0..<300).map { ["gotcha \($0)"] })
    }
}
