/// How Files Touched says what changed in a file without a note: "new file", "deleted",
/// "renamed from `old`", "mode changed 100644 → 100755", "binary", and the functions or
/// sections the hunks touch ("`func parse()`, `struct Fit` and 2 more").
struct ChangePhrase {
    var facts: ChangeFacts
    /// Sections named before "and N more".
    static let sectionLimit = 3

    /// For a Markdown table cell: names of functions and paths as code spans.
    var markdown: String { render(code: { MarkdownText.code($0, inTable: true) }) }

    /// Plain text (JSON): names as they are.
    var plain: String { render(code: { $0 }) }

    private func render(code: (String) -> String) -> String {
        var parts: [String] = []
        switch facts.kind {
        case .added:
            parts.append(facts.folderFiles.map { "new folder, \($0 == 1 ? "1 file" : "\($0) files")" } ?? "new file")
        case .deleted: parts.append("deleted")
        case .renamed: parts.append("renamed from " + code(facts.oldPath ?? "?"))
        case .copied: parts.append("copied from " + code(facts.oldPath ?? "?"))
        case .typeChanged:
            parts.append("type changed (\(Self.typeName(facts.oldMode)) → \(Self.typeName(facts.newMode)))")
        case .modified: break
        }
        if facts.kind != .typeChanged, facts.modeChanged, let old = facts.oldMode, let new = facts.newMode {
            parts.append("mode changed \(String(old, radix: 8)) → \(String(new, radix: 8))")
        }
        if facts.binary { parts.append("binary") }
        if !facts.binary, !facts.sections.isEmpty {
            let shown = facts.sections.prefix(Self.sectionLimit).map { section in
                switch section {
                case .function(let name): code(name)
                case .lines(let first, let last): first == last ? "line \(first)" : "lines \(first)–\(last)"
                case .removed(let first, let last):
                    first == last ? "line \(first) removed" : "lines \(first)–\(last) removed"
                }
            }
            let more = facts.sections.count - shown.count
            var list = shown.joined(separator: ", ")
            if more > 0 { list += " and \(more) more" }
            parts.append(list)
        }
        return parts.joined(separator: "; ")
    }

    static func typeName(_ mode: UInt32?) -> String {
        switch mode {
        case 0o120000: "symlink"
        case 0o160000: "submodule"
        case nil: "none"
        default: "file"
        }
    }
}
