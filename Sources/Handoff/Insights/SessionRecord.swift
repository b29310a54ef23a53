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
        time = RecordedState.time(recordedIn: text)
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

    /// One pass over the lines, each tested by its leading bytes (`lines()` finds them with
    /// `memchr`): only the lines insights keeps become strings. Read by characters, the lines of
    /// 10,000 handoffs took 1.2 s of a 2.2 s `insights` (release build, 2 cores).
    private mutating func readMarkdown(_ text: String) {
        var section = Section.other
        for line in text.lines() {
            let bytes = line.utf8
            if bytes.starts(with: "## ".utf8) {
                section = Section(heading: line.dropFirst(3))
                continue
            }
            if bytes.starts(with: "> ⚠️ **Incomplete work".utf8) { incomplete = true }
            switch section {
            case .status: readStatus(line)
            case .pending:
                if bytes.starts(with: "- ".utf8), Self.contains(Self.blockedSeparator, in: bytes) {
                    blockers.append(Self.plain(line.dropFirst(2)))
                }
            case .gotchas:
                if bytes.starts(with: "- ".utf8) { gotchas.append(Self.plain(line.dropFirst(2))) }
            case .learnings:
                if bytes.starts(with: "- [".utf8), let close = bytes.firstIndex(of: UInt8(ascii: "]")) {
                    let category = String(line[bytes.index(bytes.startIndex, offsetBy: 3)..<close])
                    let rule = line[bytes.index(after: close)...].drop { $0 == " " }
                    learnings.append(Learning(category: category, rule: String(rule)))
                }
            case .filesTouched:
                // `| `path` | +1 −0 | committed | note |`: the first cell, without its backticks.
                if bytes.starts(with: "| `".utf8) {
                    let cells = line.dropFirst(2)
                    files.append(Self.unquoted(cells[..<(Self.cellEnd(in: cells) ?? cells.endIndex)]))
                }
            case .other: break
            }
        }
    }

    /// What a pending item that is blocked says between its name and its reason.
    static let blockedSeparator = Array(" — blocked: ".utf8)

    /// Whether `needle` occurs in `bytes` (the generic `firstRange(of:)` cost 7% of `insights`).
    static func contains(_ needle: [UInt8], in bytes: Substring.UTF8View) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = bytes.startIndex
        let last = bytes.index(bytes.endIndex, offsetBy: -needle.count)
        while index <= last {
            if bytes[index] == first, bytes[index...].starts(with: needle) { return true }
            index = bytes.index(after: index)
        }
        return false
    }

    /// The sections insights reads, by their headings as `MarkdownRenderer` writes them.
    private enum Section {
        case status, pending, gotchas, learnings, filesTouched, other

        init(heading: Substring) {
            switch heading {
            case "Status": self = .status
            case "What's Pending": self = .pending
            case "Gotchas for Next Session": self = .gotchas
            case "Learnings Captured": self = .learnings
            case "Files Touched": self = .filesTouched
            default: self = .other
            }
        }
    }

    /// Where the first ` | ` of a table row's cells begins (a cell's end), found in its bytes.
    static func cellEnd(in cells: Substring) -> String.Index? {
        let bytes = cells.utf8
        var index = bytes.startIndex
        while let bar = bytes[index...].firstIndex(of: UInt8(ascii: "|")) {
            if bar > bytes.startIndex, bytes[bytes.index(before: bar)] == UInt8(ascii: " "),
                bytes.index(after: bar) < bytes.endIndex, bytes[bytes.index(after: bar)] == UInt8(ascii: " ")
            {
                return bytes.index(before: bar)
            }
            index = bytes.index(after: bar)
        }
        return nil
    }

    private mutating func readStatus(_ line: Substring) {
        let commitsPrefix = "- **Commits this session**: "
        if line.utf8.starts(with: commitsPrefix.utf8) {
            let rest = line.dropFirst(commitsPrefix.count)
            commits = Int(rest.prefix { $0.isASCIIDigit })
            readBase(String(rest.drop { $0.isASCIIDigit }).trimmed)
        } else if line.utf8.starts(with: "- **Tests**: ".utf8) {
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

    /// A list item as written: `**` dropped, runs of spaces made one, none at either end (read
    /// as bytes: a `*` or a space with a combining mark after it counts as one too).
    static func plain(_ text: Substring) -> String {
        let view = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(view.count)
        var pendingSpace = false
        var index = view.startIndex
        while index < view.endIndex {
            let byte = view[index]
            let next = view.index(after: index)
            if byte == UInt8(ascii: "*"), next < view.endIndex, view[next] == UInt8(ascii: "*") {
                index = view.index(after: next)
                continue
            }
            index = next
            if byte == UInt8(ascii: " ") {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace { bytes.append(UInt8(ascii: " ")) }
            pendingSpace = false
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
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
