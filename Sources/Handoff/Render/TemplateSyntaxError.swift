/// Why a template cannot be parsed, and where: the line number counts line breaks the way
/// swift-mustache does, so errors name the same lines as before.
struct TemplateSyntaxError: Error, Equatable {
    enum Reason: Error, Equatable, CustomStringConvertible {
        /// A name with other characters than letters, digits and `.-_?*()`, or no `}}` after it
        /// (swift-mustache: `unfinishedName`).
        case malformedTag
        /// `{{/NAME}}` that does not close the open section (`sectionCloseNameIncorrect`).
        case unexpectedClosingTag(String, open: String?)
        /// The text ends inside a section opened on `line` (`expectedSectionEnd`).
        case unclosedSection(String, line: Int)
        /// The text ends inside a tag, or with a single `{` (`overflow`).
        case unexpectedEnd
        /// `.` where no section gives it a value (swift-mustache writes all the values there).
        case sectionValueOutsideSection
        /// Sections nested deeper than this (swift-mustache has no limit, and overflows its stack).
        case nestedTooDeeply(Int)

        var description: String {
            switch self {
            case .malformedTag: "malformed tag"
            case .unexpectedClosingTag(let name, .some(let open)): "{{/\(name)}} does not close section \(open)"
            case .unexpectedClosingTag(let name, nil): "{{/\(name)}} closes no section"
            case .unclosedSection(let name, let line): "section \(name) from line \(line) is not closed"
            case .unexpectedEnd: "unexpected end of text"
            case .sectionValueOutsideSection: "{{.}} outside a section"
            case .nestedTooDeeply(let limit): "sections nested deeper than \(limit)"
            }
        }
    }

    let reason: Reason
    let lineNumber: Int
    /// The line the error is on, without its line break.
    let line: String

    init(_ reason: Reason, at position: String.Index, in text: String) {
        self.reason = reason
        lineNumber = Self.lineNumber(at: position, in: text)
        let start = text[..<position].lastIndex { $0.isNewline }.map { text.index(after: $0) } ?? text.startIndex
        line = String(text[start...].prefix { !$0.isNewline })
    }

    /// 1 plus the line breaks before `position`.
    static func lineNumber(at position: String.Index, in text: String) -> Int {
        1 + text[..<position].count { $0.isNewline }
    }
}
