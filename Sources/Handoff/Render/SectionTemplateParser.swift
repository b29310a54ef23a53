/// Reads a template into `TemplateNode`s the way swift-mustache 2.1.1 reads it
/// (`Sources/Mustache/Template+Parser.swift`), for the tags `TemplateRenderer.check` lets through:
/// the same steps over the same characters, so the same text, the same standalone lines and the
/// same errors at the same places.
///
/// Its standalone-line rule is the Mustache spec's (a line holding only spaces or tabs and one
/// section, inverted-section, closing or comment tag is left out, line break and all; a variable
/// never is), with swift-mustache's details, kept on purpose:
/// - The first line has no standalone tag: the pragma `TemplateRenderer` used to put in front of
///   the template took that place. When the first line is blank, the pragma was standalone, so
///   the blank line is left out.
/// - After a section, the next tag on the line of its closing tag may be standalone when the
///   opening tag was, whatever precedes it on that line.
/// - A tag followed by spaces and the end of the text is not standalone; a tag at the very end is.
/// - Spaces and tabs alone at the start of the last line are left out.
/// - Spaces before comments that are not standalone are left out when nothing but those comments
///   follows them on the last line.
/// - `{{` followed by a line break is left out; the line break and what follows are text.
///
/// One difference: `{{.}}`, `{{#.}}` and `{{^.}}` outside a section are an error here;
/// swift-mustache writes out its whole dictionary of values there, in no fixed order.
struct SectionTemplateParser {
    private let text: String
    private var position: String.Index

    init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    mutating func parse() throws(TemplateSyntaxError) -> [TemplateNode] {
        do {
            let startingLine = lineFinished()
            return try nodes(in: nil, startingLine: startingLine, depth: 0)
        } catch {
            throw TemplateSyntaxError(error, at: position, in: text)
        }
    }

    /// A section whose closing tag is still to come.
    private struct OpenSection {
        let name: Substring
        let start: String.Index
        /// Whether `.` has a value inside: an inverted section has none of its own.
        let hasSectionValue: Bool
    }

    /// How deep sections may nest: each level is a call of `nodes` (and of the renderer), so a
    /// template of 100,000 nested sections would overflow the stack (found by issue 18's deep
    /// nesting test); no real template comes near.
    static let deepestNesting = 100

    /// Reads up to the closing tag of `section` (the end of the text for none).
    /// `startingLine`: nothing but spaces and tabs comes before on this line. `depth`: the
    /// sections open around it.
    private mutating func nodes(in section: OpenSection?, startingLine: Bool, depth: Int)
        throws(TemplateSyntaxError.Reason) -> [TemplateNode]
    {
        var nodes: [TemplateNode] = []
        var atLineStart = startingLine
        var indentation: Substring = ""
        let hasSectionValue = section?.hasSectionValue ?? false
        while position < text.endIndex {
            if atLineStart { indentation = read { $0 == " " || $0 == "\t" } }
            let textBefore = try readTextBeforeTag()
            if let lineBreak = current, lineBreak.isNewline {
                nodes.append(.text(String(indentation) + textBefore + String(lineBreak)))
                advance()
                atLineStart = true
                continue
            }
            if !textBefore.isEmpty {
                nodes.append(.text(String(indentation) + textBefore))
                indentation = ""
                atLineStart = false
            }
            guard let sigil = current else { break }
            var standalone = false
            switch sigil {
            case "#", "^":
                guard depth < Self.deepestNesting else { throw .nestedTooDeeply(Self.deepestNesting) }
                let start = position
                advance()
                let name = try readName()
                let reference = try ValueReference(name, hasSectionValue: hasSectionValue)
                if atLineStart && lineFinished() {
                    standalone = true
                } else if !indentation.isEmpty {
                    nodes.append(.text(String(indentation)))
                    indentation = ""
                }
                let inner = OpenSection(
                    name: name, start: start, hasSectionValue: sigil == "#" || hasSectionValue)
                let body = try self.nodes(in: inner, startingLine: standalone, depth: depth + 1)
                nodes.append(sigil == "#" ? .section(reference, body) : .invertedSection(reference, body))
            case "/":
                advance()
                let afterSlash = position
                let name = try readName()
                guard let section, name == section.name else {
                    position = afterSlash
                    throw .unexpectedClosingTag(String(name), open: section.map { String($0.name) })
                }
                if !(atLineStart && lineFinished()) && !indentation.isEmpty {
                    nodes.append(.text(String(indentation)))
                }
                return nodes
            case "!":
                advance()
                try skipComment()
                standalone = atLineStart && lineFinished()
            case "{":
                if !indentation.isEmpty { nodes.append(.text(String(indentation))) }
                indentation = ""
                advance()
                let name = try readName()
                guard try read("}") else { throw .malformedTag }
                nodes.append(.value(try ValueReference(name, hasSectionValue: hasSectionValue)))
            default:
                if !indentation.isEmpty { nodes.append(.text(String(indentation))) }
                indentation = ""
                if sigil == "&" { advance() }
                let name = try readName()
                nodes.append(.value(try ValueReference(name, hasSectionValue: hasSectionValue)))
            }
            atLineStart = standalone
        }
        if let section {
            throw .unclosedSection(
                String(section.name), line: TemplateSyntaxError.lineNumber(at: section.start, in: text))
        }
        return nodes
    }

    /// Text up to a line break (not read) or `{{` (read).
    private mutating func readTextBeforeTag() throws(TemplateSyntaxError.Reason) -> String {
        var textBefore = ""
        while position < text.endIndex {
            textBefore += read { $0 != "\n" && $0 != "\r\n" && $0 != "{" }
            guard let stop = current, !stop.isNewline else { break }
            if try read("{{") { break }
            textBefore.append("{")
            advance()
        }
        return textBefore
    }

    /// A tag's name, spaces around it and the `}}` after it.
    private mutating func readName() throws(TemplateSyntaxError.Reason) -> Substring {
        _ = read(while: \.isWhitespace)
        let name = read { Self.nameCharacters.contains($0) }
        _ = read(while: \.isWhitespace)
        guard try read("}}"), Self.isWellFormed(name) else { throw .malformedTag }
        return name
    }

    /// The rest of a comment and its `}}`.
    private mutating func skipComment() throws(TemplateSyntaxError.Reason) {
        var index = position
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "}", next < text.endIndex, text[next] == "}" {
                position = text.index(after: next)
                return
            }
            index = next
        }
        throw .unexpectedEnd
    }

    /// Whether the line ends here, after spaces or tabs; if so, reads past its line break.
    private mutating func lineFinished() -> Bool {
        guard position < text.endIndex else { return true }
        var index = position
        while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
        guard index < text.endIndex, text[index].isNewline else { return false }
        position = text.index(after: index)
        return true
    }

    private var current: Character? { position < text.endIndex ? text[position] : nil }

    private mutating func advance() { position = text.index(after: position) }

    private mutating func read(while belongs: (Character) -> Bool) -> Substring {
        let start = position
        while let character = current, belongs(character) { advance() }
        return text[start..<position]
    }

    /// Reads `expected` if it comes next; the text ending sooner is an error.
    private mutating func read(_ expected: String) throws(TemplateSyntaxError.Reason) -> Bool {
        guard let end = text.index(position, offsetBy: expected.count, limitedBy: text.endIndex) else {
            throw .unexpectedEnd
        }
        guard text[position..<end] == expected else { return false }
        position = end
        return true
    }

    private static let nameCharacters = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()")
    private static let plainNameCharacters = nameCharacters.subtracting("()")

    /// A plain name, or swift-mustache's transforms `f(g(name))`: as many `)` as `(`, all at the end.
    private static func isWellFormed(_ name: Substring) -> Bool {
        var rest = name.drop { plainNameCharacters.contains($0) }
        guard let open = rest.first else { return true }
        guard open == "(" else { return false }
        var depth = 1
        while true {
            rest = rest.dropFirst().drop { plainNameCharacters.contains($0) }
            switch rest.first {
            case "(": depth += 1
            case ")":
                let closing = rest.prefix { $0 == ")" }
                return closing.count == depth && closing.endIndex == rest.endIndex
            default: return false
            }
        }
    }
}

extension ValueReference {
    /// What swift-mustache looks up for `name`, when `TemplateRenderer.check` knows its first part.
    /// `hasSectionValue`: the tag is in a section (not only inverted ones), so `.` is a string.
    init(_ name: Substring, hasSectionValue: Bool) throws(TemplateSyntaxError.Reason) {
        if name.contains("(") {
            // A transform: its outermost one starts with a known name and a dot, like no transform.
            self = .nothing
            return
        }
        let parts = name.split(separator: ".")
        if name.first == "." {
            // From the innermost value: `.` itself, `.x` a field of it.
            guard hasSectionValue else { throw .sectionValueOutsideSection }
            self = parts.isEmpty ? .sectionValue : .nothing
        } else {
            // A field of a value is a field of a string: none.
            self = parts.count == 1 ? .named(String(parts[0])) : .nothing
        }
    }
}
