import Mustache

@testable import Handoff

/// What becomes of a template: the bytes it renders, or where and why it is rejected.
enum TemplateOutcome: Equatable, CustomStringConvertible {
    case rendered([UInt8])
    /// `kind` is swift-mustache's name for the error; `line` the text of the line, when known.
    case rejected(lineNumber: Int, kind: String, line: String?)
    /// Handoff's renderer rejects `.` outside a section, where swift-mustache writes its dictionary.
    case sectionValueOutsideSection

    var description: String {
        switch self {
        case .rendered(let bytes): "rendered \(String(reflecting: String(decoding: bytes, as: UTF8.self)))"
        case .rejected(let number, let kind, let line): "rejected: line \(number), \(kind), \(String(reflecting: line))"
        case .sectionValueOutsideSection: "{{.}} outside a section"
        }
    }

    /// The same outcome without the line's text, and without its number too when `keepNumber` is false.
    func withoutLine(keepNumber: Bool = true) -> TemplateOutcome {
        guard case .rejected(let number, let kind, _) = self else { return self }
        return .rejected(lineNumber: keepNumber ? number : 0, kind: kind, line: nil)
    }
}

/// Renders templates with Handoff's `SectionTemplate` and with swift-mustache, the truth for
/// templates as git is for GitState, the way `TemplateRenderer` used to call it.
struct TemplateOracle {
    static let pragma = "{{% CONTENT_TYPE: TEXT}}"

    /// Some names have values (one empty, some with line breaks, braces, `$`), some have none.
    let values: [String: String] = [
        "DONE": "- shipped {x} for $5\n- tests",
        "TITLE": "T",
        "DATE": "",
        "BRANCH": "main ✓",
        "STATUS": "one\r\ntwo",
    ]

    /// `template` after `TemplateRenderer.convert`, or nil when that rejects it (not in the subset).
    func converted(_ template: String) -> String? {
        try? TemplateRenderer.convert(template, name: "t")
    }

    func ours(_ converted: String) -> TemplateOutcome {
        do {
            return .rendered(Array(try SectionTemplate(parsing: converted).render(values).utf8))
        } catch {
            let kind: String
            switch error.reason {
            case .malformedTag: kind = "unfinishedName"
            case .unexpectedClosingTag: kind = "sectionCloseNameIncorrect"
            case .unclosedSection: kind = "expectedSectionEnd"
            case .unexpectedEnd: kind = "overflow"
            case .sectionValueOutsideSection: return .sectionValueOutsideSection
            case .nestedTooDeeply: kind = "nestedTooDeeply"
            }
            return .rejected(lineNumber: error.lineNumber, kind: kind, line: error.line)
        }
    }

    func swiftMustache(_ converted: String) -> TemplateOutcome {
        // Scalars that would join the pragma's closing `}` into one character are rendered
        // with a plain `x` in their place and put back after: see `joiningStart(of:)`.
        let joining = Self.joiningStart(of: converted)
        let rest = String.UnicodeScalarView(converted.unicodeScalars.dropFirst(joining.unicodeScalars.count))
        let template = joining.isEmpty ? converted : "x" + String(rest)
        func putBack(_ text: Substring) -> String {
            guard !joining.isEmpty, text.hasPrefix("x") else { return String(text) }
            return joining + String(String.UnicodeScalarView(text.unicodeScalars.dropFirst()))
        }
        do {
            let template = try MustacheTemplate(string: Self.pragma + template)
            return .rendered(Array(putBack(Substring(template.render(values as [String: Any]))).utf8))
        } catch let error as MustacheTemplate.ParserError {
            var line = Substring(error.context.line)
            if line.hasPrefix(Self.pragma) { line = line.dropFirst(Self.pragma.count) }
            let line1 = error.context.lineNumber == 1
            return .rejected(
                lineNumber: error.context.lineNumber, kind: "\(error.error)", line: line1 ? putBack(line) : String(line)
            )
        } catch {
            return .rejected(lineNumber: 0, kind: "\(error)", line: nil)
        }
    }

    /// The scalars at the start of `converted` that join the character before them (combining
    /// marks, spacing marks, joiners: U+05C4 in the fuzzer's `d7 84 16 23`). Behind the pragma
    /// they join its last `}`, so swift-mustache no longer sees the pragma end and rejects it
    /// (`invalidConfigVariableSyntax`): an artifact of putting the pragma in front, where a
    /// user's file starts its text with them. Handoff renders them as text, as swift-mustache
    /// renders them after a plain character.
    static func joiningStart(of converted: String) -> String {
        guard let joined = ("}" + converted).first else { return "" }
        return String(String.UnicodeScalarView(joined.unicodeScalars.dropFirst()))
    }

    /// Both outcomes of a converted template, for comparing. Where swift-mustache is wrong
    /// about lines, they are left out: it reads a line's text up to `\n` only (the whole text
    /// up to there with `\r\n`), and it counts the line breaks before an error by joining them
    /// into a string, where a lone `\r` and a later `\n` become one `\r\n`.
    func outcomes(_ converted: String) -> (ours: TemplateOutcome, swiftMustache: TemplateOutcome) {
        let ours = ours(converted)
        let theirs = swiftMustache(converted)
        if converted.contains(where: { $0 == "\r" }) {
            return (ours.withoutLine(keepNumber: false), theirs.withoutLine(keepNumber: false))
        }
        if converted.contains(where: { $0.isNewline && $0 != "\n" }) {
            return (ours.withoutLine(), theirs.withoutLine())
        }
        return (ours, theirs)
    }
}
