/// Text as a JSON string literal: the one escaper of the package. GitState writes watchman's
/// queries with it and Handoff its JSON (`JSONValue`); `package`, not public, since a JSON helper
/// is not part of what GitState offers.
package enum JSONString {
    /// `text` in double quotes, with `"`, `\` and the control characters escaped (`\b`, `\f`,
    /// `\n`, `\r`, `\t` by name, the others as `\u00XX`); everything else as it is.
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
