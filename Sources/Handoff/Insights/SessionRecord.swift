import FoundationEssentials

/// What one saved handoff says about its session, read back from the file (Markdown or JSON):
/// when, how many commits, since when, whether it was left incomplete, the tests, the files
/// touched, the blockers, the gotchas and the learnings.
///
/// Markdown is read by its headings and its Status lines as `MarkdownRenderer` writes them;
/// the time comes from the recorded state comment (`RecordedState`), as `list` and `verify` read it.
public struct SessionRecord: Sendable, Equatable {
    /// The file's name (`handoff-2026-03-14.md`).
    public var name: String
    /// ISO 8601, in the writer's zone; `nil` when the file records none.
    public var time: String?
    /// `YYYY-MM-DD`, from the time (else from the name).
    public var day: String
    public var commits: Int?
    /// When the session began: its recorded session start (ISO 8601), when that was the base.
    public var sessionStart: String?
    /// The earlier handoff the commits were counted from, when that was the base.
    public var previousHandoff: String?
    public var incomplete: Bool
    public var testsPassed: Int?
    public var testsFailed: Int?
    public var files: [String]
    public var blockers: [String]
    public var gotchas: [String]
    public var learnings: [Learning]

    public init(name: String, text: String) {
        self.name = name
        let state = RecordedState.read(from: text)
        time = state?.time
        day = time.map { String($0.prefix(10)) } ?? String(name.dropFirst("handoff-".count).prefix(10))
        commits = nil
        incomplete = false
        files = []
        blockers = []
        gotchas = []
        learnings = []
        if text.first(where: { !$0.isWhitespace }) == "{" {
            readJSON(text)
        } else {
            readMarkdown(RecordedState.withLineFeeds(text))
        }
    }

    /// The session's length in seconds, from its start (or the previous handoff's `time`) to its own.
    func duration(previousTime: String?) -> Double? {
        guard let time, let end = try? Date(time, strategy: .iso8601) else { return nil }
        guard let startText = sessionStart ?? previousTime, let start = try? Date(startText, strategy: .iso8601)
        else { return nil }
        let seconds = end.timeIntervalSince(start)
        return seconds >= 0 ? seconds : nil
    }

    // MARK: Markdown

    private mutating func readMarkdown(_ text: String) {
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("## ") {
                section = String(line.dropFirst(3))
                continue
            }
            if line.hasPrefix("> ⚠️ **Incomplete work") { incomplete = true }
            switch section {
            case "Status": readStatus(line)
            case "What's Pending":
                if line.hasPrefix("- "), line.contains(" — blocked: ") {
                    blockers.append(Self.plain(line.dropFirst(2)))
                }
            case "Gotchas for Next Session":
                if line.hasPrefix("- ") { gotchas.append(Self.plain(line.dropFirst(2))) }
            case "Learnings Captured":
                if line.hasPrefix("- ["), let close = line.firstIndex(of: "]") {
                    let category = String(line[line.index(line.startIndex, offsetBy: 3)..<close])
                    let rule = line[line.index(after: close)...].drop { $0 == " " }
                    learnings.append(Learning(category: category, rule: String(rule)))
                }
            case "Files Touched":
                // `| `path` | +1 −0 | committed | note |`: the first cell, without its backticks.
                if line.hasPrefix("| `"), let cell = line.dropFirst(2).split(separator: " | ").first {
                    files.append(Self.unquoted(cell))
                }
            default: break
            }
        }
    }

    private mutating func readStatus(_ line: Substring) {
        let commitsPrefix = "- **Commits this session**: "
        if line.hasPrefix(commitsPrefix) {
            let rest = line.dropFirst(commitsPrefix.count)
            commits = Int(rest.prefix { $0.isASCIIDigit })
            readBase(String(rest.drop { $0.isASCIIDigit }).trimmed)
        } else if line.hasPrefix("- **Tests**: ") {
            let words = line.split(separator: " ")
            for (index, word) in words.enumerated() where index > 0 {
                let count = Int(words[index - 1])
                if word.hasPrefix("passing") { testsPassed = count }
                if word.hasPrefix("failing") { testsFailed = count }
            }
            if testsPassed != nil && testsFailed == nil { testsFailed = 0 }
        }
    }

    /// `since the session start at `abc1234` (2026-03-14T09:00:00+01:00)`, `since the last
    /// handoff (handoff-2026-03-13.md at `1a2b3c4`)`: the base's start time or file.
    private mutating func readBase(_ phrase: String) {
        if phrase.hasPrefix("since the session start"), phrase.hasSuffix(")"),
            let open = phrase.lastIndex(of: "(")
        {
            sessionStart = String(phrase[phrase.index(after: open)..<phrase.index(before: phrase.endIndex)])
        } else if phrase.hasPrefix("since the last handoff ("),
            let file = phrase.dropFirst("since the last handoff (".count).split(separator: " ").first
        {
            previousHandoff = String(file)
        }
    }

    /// A list item as written: `**bold**` dropped, spaces collapsed.
    static func plain(_ text: Substring) -> String {
        text.replacing("**", with: "").split(separator: " ").joined(separator: " ")
    }

    static func unquoted(_ cell: Substring) -> String {
        var cell = cell
        while cell.first == "`" { cell.removeFirst() }
        while cell.last == "`" { cell.removeLast() }
        return String(cell)
    }

    // MARK: JSON

    private mutating func readJSON(_ text: String) {
        struct Document: Decodable {
            struct Session: Decodable {
                struct Base: Decodable {
                    var kind: String?
                    var description: String?
                }
                var base: Base?
                var commits: [LogEntry]?
                struct LogEntry: Decodable { var oid: String? }
            }
            struct Incomplete: Decodable { var flagged: Bool? }
            struct Notes: Decodable {
                struct Blocked: Decodable {
                    var item: String
                    var reason: String
                }
                struct Tests: Decodable {
                    var passed: Int
                    var failed: Int
                }
                var blocked: [Blocked]?
                var gotchas: [String]?
                var learnings: [Learning]?
                var tests: Tests?
            }
            struct File: Decodable { var path: String }
            var session: Session?
            var incomplete: Incomplete?
            var notes: Notes?
            var files_touched: [File]?
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(text.utf8)) else { return }
        commits = document.session?.commits?.count
        if let description = document.session?.base?.description { readBase(description.replacing("`", with: "")) }
        incomplete = document.incomplete?.flagged ?? false
        blockers = (document.notes?.blocked ?? []).map { "\($0.item) — blocked: \($0.reason)" }
        gotchas = document.notes?.gotchas ?? []
        learnings = document.notes?.learnings ?? []
        testsPassed = document.notes?.tests?.passed
        testsFailed = document.notes?.tests?.failed
        files = (document.files_touched ?? []).map(\.path)
    }
}
