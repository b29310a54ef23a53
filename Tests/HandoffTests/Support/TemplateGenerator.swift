import TestSupport

/// Templates from a small grammar of the Mustache subset: text (with line breaks, spaces, tabs,
/// `$`, braces and non-ASCII), variables in every spelling, comments, and sections and inverted
/// sections nested up to three deep, laid out often on lines of their own. Now and then a
/// section is left open or closed with the wrong name, to compare the errors too.
struct TemplateGenerator {
    var random: SeededRandom

    static let names = ["DONE", "TITLE", "DATE", "BRANCH", "STATUS", "PENDING", "GOTCHAS"]
    static let texts = [
        "a", "word", " ", "  ", "\t", "\n", "\n", "\n", "\r\n", "\r", "$", "$$", "$DONE", "$TITLE", "$PENDING",
        "$lower", "{", "}", "{x}", "}}", "{ {", "é", "日本語", "👍🏽", "-", "#", "!", ".", "/",
    ]
    static let indentations = ["", "", " ", "  ", "\t", " \t"]

    mutating func template() -> String {
        body(depth: 0)
    }

    private mutating func body(depth: Int) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in piece(depth: depth) }.joined()
    }

    private mutating func piece(depth: Int) -> String {
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<7: return pick(Self.texts)
        case 7..<10: return variable()
        case 10: return comment()
        case 11, 12: return "\n" + pick(Self.indentations)
        case 13:
            // Now and then a stray closing tag, or a section's sigil after a space (a variable to swift-mustache).
            guard Int.random(in: 0..<4, using: &random) == 0 else { return pick(Self.texts) }
            return Bool.random(using: &random) ? "{{/\(pick(Self.names))}}" : "{{ #DONE}}"
        default: return depth < 3 ? section(depth: depth) : pick(Self.texts)
        }
    }

    private mutating func variable() -> String {
        let name = pick(Self.names + Self.names + [".", ".", "DONE.x", "TITLE.", "DONE.x(TITLE)"])
        return pick([
            "{{\(name)}}", "{{{\(name)}}}", "{{&\(name)}}", "{{ \(name) }}", "{{& \(name)}}", "{{{ \(name) }}}",
            "{{\t\(name)}}", "{{\n\(name)}}",
        ])
    }

    private mutating func comment() -> String {
        pick(["{{! note }}", "{{!}}", "{{!\nspread\nover lines\n}}", "{{! {x} $DONE }}", "{{!-- c --}}"])
    }

    private mutating func section(depth: Int) -> String {
        let name = pick(Self.names + [".", "DONE.x", "TITLE."])
        let sigil = pick(["#", "#", "^"])
        let opening = pick(["{{\(sigil)\(name)}}", "{{\(sigil) \(name) }}"])
        var closing = pick(["{{/\(name)}}", "{{/ \(name) }}"])
        switch Int.random(in: 0..<40, using: &random) {
        case 0: closing = ""
        case 1: closing = "{{/\(pick(Self.names))}}"
        default: break
        }
        let content = body(depth: depth + 1)
        guard Bool.random(using: &random) else { return opening + content + closing }
        // On lines of their own, as a standalone tag would be, sometimes with text after it.
        let after = pick(["", "", "", " ", "\t", " x"])
        return "\n" + pick(Self.indentations) + opening + after + "\n" + content + "\n" + pick(Self.indentations)
            + closing + after + pick(["\n", "\r\n", ""])
    }

    private mutating func pick(_ choices: [String]) -> String {
        choices.randomElement(using: &random)!
    }
}
