import FoundationEssentials

/// Reads a notes file (`-` for standard input) in JSON or Markdown.
///
/// The format follows the extension (`.json`; `.md`, `.markdown`); otherwise, and for
/// standard input, text whose first non-blank character is `{` is JSON, anything else Markdown.
public enum NotesFileReader {
    public static func read(path: String) throws(HandoffError) -> SessionNotes {
        let name = path == "-" ? "standard input" : path
        let text = try FileInput.readText(path, atMost: FileInput.notesLimit)
        return try parse(text, name: name, path: path)
    }

    public static func parse(_ text: String, name: String, path: String = "-") throws(HandoffError) -> SessionNotes {
        let lower = path.lowercased()
        let isJSON: Bool
        if lower.hasSuffix(".json") {
            isJSON = true
        } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
            isJSON = false
        } else {
            isJSON = text.first { !$0.isWhitespace } == "{"
        }
        if isJSON { return try JSONNotesReader.read(Data(text.utf8), name: name) }
        return try MarkdownNotesReader.read(text, name: name)
    }
}
