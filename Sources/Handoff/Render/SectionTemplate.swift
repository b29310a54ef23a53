/// A parsed custom template: the part of Mustache that `TemplateRenderer` allows, rendered
/// with string values.
///
/// The subset: `{{NAME}}`, `{{{NAME}}}` and `{{&NAME}}` (all three unescaped), sections
/// `{{#NAME}}…{{/NAME}}` and inverted sections `{{^NAME}}…{{/NAME}}`, `{{.}}` for the value of
/// the section around it, and comments `{{! … }}`. A section shows once when its name has a
/// value, even an empty one (the value is then `{{.}}`); an inverted section shows when it has
/// none. `DONE.x` is a field of a string, which never has a value; `DONE.` and `DONE..` are
/// `DONE`. Output is byte for byte what swift-mustache 2.1.1 renders for the same template
/// after the pragma `{{% CONTENT_TYPE: TEXT}}` (`TemplateOracleTests` compares the two), so
/// its whitespace rules come along: see `SectionTemplateParser`.
struct SectionTemplate: Sendable {
    let nodes: [TemplateNode]

    /// Parses `text`, a template whose names `TemplateRenderer.check` has accepted.
    init(parsing text: String) throws(TemplateSyntaxError) {
        var parser = SectionTemplateParser(text)
        nodes = try parser.parse()
    }

    func render(_ values: [String: String]) -> String {
        var output = ""
        render(nodes, values: values, sectionValue: nil, into: &output)
        return output
    }

    private func render(
        _ nodes: [TemplateNode], values: [String: String], sectionValue: String?, into output: inout String
    ) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .value(let reference):
                if let value = reference.value(in: values, sectionValue: sectionValue) { output += value }
            case .section(let reference, let body):
                if let value = reference.value(in: values, sectionValue: sectionValue) {
                    render(body, values: values, sectionValue: value, into: &output)
                }
            case .invertedSection(let reference, let body):
                if reference.value(in: values, sectionValue: sectionValue) == nil {
                    render(body, values: values, sectionValue: sectionValue, into: &output)
                }
            }
        }
    }
}

/// One piece of a parsed template.
enum TemplateNode: Sendable, Equatable {
    case text(String)
    case value(ValueReference)
    case section(ValueReference, [TemplateNode])
    case invertedSection(ValueReference, [TemplateNode])
}

/// What a tag's name refers to.
enum ValueReference: Sendable, Equatable {
    /// `.`: the value of the innermost section (an inverted section has none of its own).
    case sectionValue
    /// A name in the values; `DONE.` and `DONE..` are `DONE` too.
    case named(String)
    /// A field of a string (`DONE.x`) or a transform (`DONE.x(TITLE)`): never a value.
    case nothing

    func value(in values: [String: String], sectionValue: String?) -> String? {
        switch self {
        case .sectionValue: sectionValue
        case .named(let name): values[name]
        case .nothing: nil
        }
    }
}
