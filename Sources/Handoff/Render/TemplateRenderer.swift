/// Renders a custom template: `.claude/templates/handoff.md` or `--template FILE`.
///
/// A template is Mustache (`{{DONE}}`, `{{#DONE}}…{{/DONE}}` to show a block only when the
/// section has content, `{{^DONE}}…{{/DONE}}` when it has none; `SectionTemplate` says which
/// part of Mustache, rendered as swift-mustache renders it), and `$NAME` placeholders
/// work too (`$$` writes a dollar sign). Names: `DATE`, `TIME`, `BRANCH`, `HEAD`, `TITLE`,
/// `INCOMPLETE`, `RESUME_COMMAND` (the quote block), `RESUME_TEXT` (the bare line), and one
/// per section body: `STATUS`, `PUSH` (pre-push hook only), `DONE`, `IN_PROGRESS`, `PENDING`, `DECISIONS`, `LEARNINGS`,
/// `FILES_TOUCHED`, `GOTCHAS`, `DIFF` (`--full` only). Output is not HTML-escaped.
/// An unknown name is an error that names it. The recorded-state comments are appended so
/// the next handoff can find this one's base and `handoff verify` can check it.
public struct TemplateRenderer {
    public static let names: [String] =
        ["DATE", "TIME", "BRANCH", "HEAD", "TITLE", "INCOMPLETE", "RESUME_TEXT"]
        + DocumentSection.allCases.map(\.placeholder)

    let template: SectionTemplate
    let name: String

    /// Parses and checks `text` (named `name` in errors).
    public init(text: String, name: String) throws(HandoffError) {
        let converted = try Self.convert(text, name: name)
        do {
            template = try SectionTemplate(parsing: converted)
        } catch {
            throw HandoffError(
                "\(name):\(error.lineNumber): invalid template (\(error.reason)) in \"\(error.line.trimmed)\"")
        }
        self.name = name
    }

    public func render(_ document: HandoffDocument, variant: DocumentVariant, omitted: [DocumentSection] = [])
        -> String
    {
        let markdown = MarkdownRenderer(document: document)
        var values: [String: String] = [
            "DATE": document.day,
            "TIME": document.time,
            "BRANCH": document.git.branchPhrase,
            "TITLE": "Session Handoff — \(document.day) \(document.time)",
            "RESUME_TEXT": document.resumeCommand,
        ]
        if let head = document.git.head { values["HEAD"] = head }
        if let incomplete = markdown.incompleteBlock { values["INCOMPLETE"] = incomplete }
        for section in DocumentSection.allCases where !omitted.contains(section) {
            if section == .diff && variant != .full { continue }
            if variant == .compact && ![.status, .inProgress, .pending, .resume].contains(section) { continue }
            if let body = markdown.body(of: section) { values[section.placeholder] = body }
        }
        var text = template.render(values)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n" + RecordedState.markerLines(for: document) + "\n"
        return text
    }

    /// Turns `$NAME` into `{{{NAME}}}` and checks every name used, `$` or Mustache.
    static func convert(_ text: String, name: String) throws(HandoffError) -> String {
        let known = Set(names)
        var output = ""
        var line = 1
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" { line += 1 }
            if character == "$" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "$" {
                    output.append("$")
                    index = text.index(after: next)
                    continue
                }
                let word = text[next...].prefix { $0.isASCII && ($0.isUppercase || $0.isASCIIDigit || $0 == "_") }
                if let first = word.first, first.isUppercase {
                    guard known.contains(String(word)) else { throw unknown("$" + word, line: line, name: name) }
                    output += "{{{\(word)}}}"
                    index = word.endIndex
                    continue
                }
            }
            if character == "{", text[index...].hasPrefix("{{") {
                guard let close = text[index...].firstRange(of: "}}") else {
                    throw HandoffError("\(name):\(line): unclosed {{ tag")
                }
                var end = close.upperBound
                if text[index...].hasPrefix("{{{"), end < text.endIndex, text[end] == "}" {
                    end = text.index(after: end)
                }
                let tag = text[index..<end]
                try check(tag, known: known, line: line, name: name)
                output += tag
                line += tag.filter { $0 == "\n" }.count
                index = end
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    private static func check(_ tag: Substring, known: Set<String>, line: Int, name: String) throws(HandoffError) {
        var inner = tag.dropFirst(2).dropLast(2)
        if inner.hasPrefix("{") && inner.hasSuffix("}") { inner = inner.dropFirst().dropLast() }
        var body = String(inner).trimmed
        guard let sigil = body.first else { throw HandoffError("\(name):\(line): empty {{}} tag") }
        switch sigil {
        case "!": return
        case ">", "<", "$": throw HandoffError("\(name):\(line): partials and blocks ({{\(sigil)…}}) are not supported")
        case "=": throw HandoffError("\(name):\(line): changing delimiters ({{=…=}}) is not supported")
        case "%": throw HandoffError("\(name):\(line): pragmas ({{%…}}) are not supported")
        case "#", "^", "/", "&": body = String(body.dropFirst()).trimmed
        default: break
        }
        if body == "." { return }
        let root = String(body.prefix { $0 != "." })
        guard known.contains(root) else { throw unknown("{{\(body)}}", line: line, name: name) }
    }

    private static func unknown(_ placeholder: some StringProtocol, line: Int, name: String) -> HandoffError {
        HandoffError(
            "\(name):\(line): unknown placeholder \(placeholder) (known: \(names.map { "$" + $0 }.joined(separator: ", ")))"
        )
    }
}
