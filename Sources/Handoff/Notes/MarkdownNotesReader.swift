/// Reads notes written in Markdown with the headings the document itself uses.
///
/// ```markdown
/// ## What's Done
/// - Parser handles tabs
/// ## What's In Progress
/// - Budget fitting @ Sources/Fit.swift:40
/// ## What's Pending
/// - Document the schema
/// - Release — blocked: waiting for review
/// ## Key Decisions Made
/// - **Mustache**: well kept; trade-off: Foundation at start-up
/// ## Learnings Captured
/// - [Testing] fix the clock
/// ## Files Touched
/// - `Sources/A.swift`: new reader
/// ## Gotchas for Next Session
/// - …
/// ## Context
/// One paragraph.
/// ## Next Step
/// One line.
/// ## Tests
/// 23 passed, 0 failed
/// ```
/// Headings may be `#` to `###`, with or without "What's"; a `## Blocked` section takes
/// `item: reason` lines. Bullets may be `-`, `*`, `+` or numbered, with or without `[ ]`
/// check boxes; indented lines continue the item above. `## Status` and `## Resume Command`
/// (written by handoff itself) are skipped, so a previous handoff can be fed back in.
/// Any other heading is an error that names it, so nothing the writer meant is dropped.
public enum MarkdownNotesReader {
    enum Section: String, CaseIterable {
        case done, inProgress, pending, blocked, decisions, learnings, files, gotchas, context, next, tests, ignored
    }

    static let headings: [String: Section] = [
        "done": .done, "what's done": .done, "what is done": .done, "completed": .done,
        "in progress": .inProgress, "what's in progress": .inProgress, "what is in progress": .inProgress,
        "wip": .inProgress,
        "pending": .pending, "what's pending": .pending, "what is pending": .pending, "todo": .pending,
        "to do": .pending,
        "blocked": .blocked,
        "key decisions made": .decisions, "key decisions": .decisions, "decisions": .decisions,
        "learnings captured": .learnings, "learnings": .learnings, "learned": .learnings,
        "files touched": .files, "files": .files,
        "gotchas for next session": .gotchas, "gotchas": .gotchas,
        "context": .context, "key context": .context,
        "next step": .next, "next steps": .next, "next": .next,
        "tests": .tests,
        "status": .ignored, "resume command": .ignored,
    ]

    public static func read(_ text: String, name: String) throws(HandoffError) -> SessionNotes {
        var items: [(Section, String, Int)] = []
        var section: Section?
        var paragraph: [String] = []
        var lineNumber = 0
        var inFence = false

        func flushParagraph() {
            if let section, !paragraph.isEmpty {
                items.append((section, paragraph.joined(separator: " "), lineNumber))
            }
            paragraph = []
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmed
            if trimmed.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { continue }
            if let heading = headingText(trimmed) {
                flushParagraph()
                if heading.level == 1 { section = nil; continue }
                let key = normalise(heading.text)
                guard let found = headings[key] else {
                    throw HandoffError(
                        "\(name):\(lineNumber): unknown heading \"\(heading.text)\" (use What's Done, What's In Progress, What's Pending, Blocked, Key Decisions Made, Learnings Captured, Files Touched, Gotchas for Next Session, Context, Next Step, Tests)"
                    )
                }
                section = found
                continue
            }
            guard let current = section, current != .ignored else { continue }
            if trimmed.hasPrefix("|") {
                flushParagraph()
                if current == .files, let row = tableRow(trimmed) { items.append((.files, row, lineNumber)) }
                continue
            }
            if trimmed.isEmpty || trimmed.hasPrefix("<!--")
                || trimmed.hasPrefix(">") && current != .context && current != .next
            {
                flushParagraph()
                continue
            }
            if let bullet = bulletText(trimmed), !line.hasPrefix("  ") || paragraph.isEmpty {
                flushParagraph()
                paragraph = [bullet]
            } else {
                paragraph.append(trimmed.hasPrefix(">") ? String(trimmed.dropFirst()).trimmed : trimmed)
            }
        }
        flushParagraph()

        var notes = SessionNotes()
        for (section, text, line) in items {
            do {
                try add(text, to: section, of: &notes)
            } catch {
                throw HandoffError("\(name):\(line): \(error.description)")
            }
        }
        return notes
    }

    private static func add(_ text: String, to section: Section, of notes: inout SessionNotes) throws(HandoffError) {
        switch section {
        case .done: notes.done.append(text)
        case .inProgress: notes.inProgress.append(NoteSyntax.workItem(text))
        case .pending:
            if let marker = ["— blocked:", " - blocked:", "(blocked:"].lazy.compactMap({ text.firstRange(of: $0) })
                .first
            {
                var reason = String(text[marker.upperBound...]).trimmed
                if text[marker].hasPrefix("("), reason.hasSuffix(")") { reason.removeLast() }
                notes.blocked.append(
                    BlockedItem(item: String(text[..<marker.lowerBound]).trimmed.strippingBold, reason: reason.trimmed))
            } else {
                notes.todo.append(text)
            }
        case .blocked: notes.blocked.append(try NoteSyntax.blocked(text, field: "a Blocked item"))
        case .decisions: notes.decisions.append(try NoteSyntax.decision(text, field: "a decision"))
        case .learnings: notes.learnings.append(NoteSyntax.learning(text))
        case .files: notes.files.append(try NoteSyntax.file(text, field: "a Files Touched item"))
        case .gotchas: notes.gotchas.append(text)
        case .context: notes.context = [notes.context, text].compactMap { $0 }.joined(separator: " ")
        case .next: notes.next = [notes.next, text].compactMap { $0 }.joined(separator: " ")
        case .tests: notes.tests = try TestResults.parse(text)
        case .ignored: break
        }
    }

    /// A Files Touched table row as `path: note`; `nil` for the header, the rule, folder
    /// summaries and rows without a note.
    private static func tableRow(_ line: String) -> String? {
        var cells: [String] = []
        var cell = ""
        var previous: Character?
        for character in line.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(cell.trimmed)
                cell = ""
            } else if character == "|" {
                cell.removeLast()
                cell.append(character)
            } else {
                cell.append(character)
            }
            previous = character
        }
        guard cells.count >= 2 else { return nil }
        let path = cells[0].strippingBackticks
        let note = cells[cells.count - 1]
        guard !note.isEmpty, path != "File", !path.allSatisfy({ $0 == "-" || $0 == ":" }), !path.hasSuffix(")")
        else { return nil }
        return "\(path): \(note)"
    }

    private static func headingText(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 6 else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = String(rest).trimmed
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmed)
    }

    /// Lower case, curly apostrophes straightened, emoji and punctuation at the ends dropped.
    static func normalise(_ heading: String) -> String {
        if let quick = quickNormalised(heading) { return quick }
        return scalarNormalised(heading)
    }

    /// `normalise` scalar by scalar for a heading whose scalars outside ASCII are dropped anyway
    /// (a title's ` — `, an emoji) or a plain `’`; nil for any other heading (a letter outside
    /// ASCII, a `’` next to a scalar outside ASCII that may join it into one character). Replay
    /// reads every heading of 10,000 handoffs: the full reading was half its time.
    static func quickNormalised(_ heading: String) -> String? {
        var kept: [UInt8] = []
        kept.reserveCapacity(heading.utf8.count)
        var previousIsASCII = true
        var scalars = heading.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            defer { previousIsASCII = scalar.isASCII }
            guard scalar.isASCII else {
                if scalar == "’" {
                    guard previousIsASCII, next?.isASCII ?? true else { return nil }
                    kept.append(UInt8(ascii: "'"))
                } else if scalar.properties.isAlphabetic || scalar.properties.changesWhenLowercased {
                    return nil
                }
                continue
            }
            let byte = UInt8(scalar.value)
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): kept.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: " "), UInt8(ascii: "'"), UInt8(ascii: "-"):
                kept.append(byte)
            default: continue
            }
        }
        let first = kept.firstIndex { $0 != UInt8(ascii: " ") } ?? kept.endIndex
        let last = kept.lastIndex { $0 != UInt8(ascii: " ") }.map { $0 + 1 } ?? first
        return String(decoding: kept[first..<max(first, last)], as: UTF8.self)
    }

    /// `normalise` read by Unicode scalars: any heading.
    static func scalarNormalised(_ heading: String) -> String {
        let straight = heading.replacing("’", with: "'").lowercased()
        let kept = straight.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == " " || $0 == "'" || $0 == "-" }
        return String(String.UnicodeScalarView(kept)).trimmed
    }

    private static func bulletText(_ line: String) -> String? {
        var rest: Substring
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            rest = line.dropFirst(2)
        } else {
            let digits = line.prefix { $0.isASCIIDigit }
            let after = line.dropFirst(digits.count)
            guard !digits.isEmpty, let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " "
            else { return nil }
            rest = after.dropFirst(2)
        }
        var text = String(rest).trimmed
        for box in ["[ ] ", "[x] ", "[X] "] where text.hasPrefix(box) { text = String(text.dropFirst(box.count)) }
        return text.trimmed
    }
}
