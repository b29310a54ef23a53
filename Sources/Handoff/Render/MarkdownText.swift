/// Makes user text safe inside the document's Markdown: one line, no accidental structure.
enum MarkdownText {
    /// One line of prose: line breaks become spaces; a leading `#`, `>`, `-`, `+`, `*`, `=`,
    /// `1.` or `|` is escaped so it cannot start a heading, quote or list; `<` before a tag is escaped.
    static func inline(_ text: String) -> String {
        var line = oneLine(text)
        if let first = line.first, "#>-+*=|~".contains(first) {
            line = "\\" + line
        } else {
            let digits = line.prefix { $0.isASCIIDigit }
            let after = line.dropFirst(digits.count).first
            if !digits.isEmpty, after == "." || after == ")" {
                line = digits + "\\" + line.dropFirst(digits.count)
            }
        }
        var result = ""
        var previous: Character?
        for character in line {
            if previous == "<", character.isLetter || character == "/" || character == "!" || character == "?" {
                result.removeLast()
                result += "\\<"
            }
            result.append(character)
            previous = character
        }
        return result
    }

    /// Prose inside a table cell: `inline`, with `|` escaped.
    static func cell(_ text: String) -> String {
        inline(text).replacing("|", with: "\\|").replacing("\\\\|", with: "\\|")
    }

    /// A code span that holds any text: the fence is longer than any run of backticks inside.
    static func code(_ text: String, inTable: Bool = false) -> String {
        var body = oneLine(text)
        if inTable { body = body.replacing("|", with: "\\|") }
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padding = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + padding + body + padding + fence
    }

    /// Line breaks (and runs of blanks around them) become one space; tabs become spaces.
    static func oneLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isNewline || character == "\t" || character == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.append(character)
        }
        return result
    }

    /// A fenced block that cannot be closed early by the text inside.
    static func fencedBlock(_ text: String, info: String) -> String {
        var longest = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            longest = max(longest, trimmed.prefix { $0 == "`" }.count)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? text : text + "\n"
        return fence + info + "\n" + body + fence
    }
}
