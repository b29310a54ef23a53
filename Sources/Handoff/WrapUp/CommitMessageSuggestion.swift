/// A conventional-commit message for the uncommitted changes, from the paths and the session's
/// notes: `type(scope): subject`, then the other finished items as a list. Printed for the
/// person to use or not: handoff never commits.
///
/// - type: `docs`, `test`, `ci` or `build` when every path is of that kind; else `fix` when the
///   subject says fix or bug; else `feat` when a source file is new or something was noted
///   done; else `chore`.
/// - scope: the one folder every path is in, below `Sources/`, `src/`, `Tests/`… (lowercased).
/// - subject: the last What's Done note, else the last in-progress one, else "update <file>"
///   or "update N files"; first letter lowercased, no final period, the line kept to 72.
public struct CommitMessageSuggestion: Sendable {
    public var paths: [String]
    /// Paths that are new (untracked or added).
    public var added: Set<String>
    public var notes: SessionNotes

    public init(paths: [String], added: Set<String>, notes: SessionNotes) {
        self.paths = paths
        self.added = added
        self.notes = notes
    }

    public var message: String? {
        guard !paths.isEmpty else { return nil }
        let noted = notes.done.last ?? notes.inProgress.last?.text
        let subjectText = noted.map(Self.subject) ?? fallbackSubject
        let type = type(subject: noted)
        let head = scope.map { "\(type)(\($0)): " } ?? "\(type): "
        var subject = head + subjectText
        if subject.count > 72 { subject = String(subject.prefix(71)) + "…" }
        let others = notes.done.dropLast().filter { $0 != noted }
        guard !others.isEmpty else { return subject }
        return subject + "\n\n" + others.map { "- \($0)" }.joined(separator: "\n")
    }

    func type(subject: String?) -> String {
        if paths.allSatisfy(Self.isDocumentation) { return "docs" }
        if paths.allSatisfy(Self.isTest) { return "test" }
        if paths.allSatisfy(Self.isCI) { return "ci" }
        if paths.allSatisfy(Self.isBuild) { return "build" }
        let words = (subject ?? "").lowercased().split(whereSeparator: { !$0.isLetter })
        if words.contains(where: { ["fix", "fixes", "fixed", "bug", "bugfix"].contains($0) }) { return "fix" }
        let newSource = added.contains { !Self.isTest($0) && !Self.isDocumentation($0) }
        if newSource || !notes.done.isEmpty { return "feat" }
        return "chore"
    }

    /// The one folder all paths share below the usual roots, when there is one.
    var scope: String? {
        let roots: Set<String> = [
            "sources", "source", "src", "lib", "tests", "test", "spec", "pkg", "internal", "app", "packages",
        ]
        var found: String?
        for path in paths {
            let folders = path.split(separator: "/").dropLast().map(String.init)
            guard let first = folders.first(where: { !roots.contains($0.lowercased()) }) else { return nil }
            if let found, found != first { return nil }
            found = first
        }
        return found?.lowercased()
    }

    var fallbackSubject: String {
        if paths.count == 1, let name = paths[0].split(separator: "/").last { return "update \(name)" }
        return "update \(paths.count) files"
    }

    static func subject(_ text: String) -> String {
        var subject = text.trimmed
        while subject.hasSuffix(".") { subject.removeLast() }
        let characters = Array(subject)
        // "Parser handles tabs" -> "parser handles tabs"; "API keys" keeps its acronym.
        if characters.count > 1, characters[0].isUppercase, !characters[1].isUppercase {
            subject = characters[0].lowercased() + String(characters.dropFirst())
        }
        return subject
    }

    static func isDocumentation(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".rst") || lower.hasSuffix(".txt")
            || lower.hasPrefix("docs/") || lower.hasPrefix("doc/") || lower.split(separator: "/").last == "license"
    }

    static func isTest(_ path: String) -> Bool {
        let lower = path.lowercased()
        let parts = lower.split(separator: "/")
        return parts.dropLast().contains { ["tests", "test", "spec", "__tests__"].contains($0) }
            || parts.last.map { $0.contains("_test.") || $0.contains(".test.") || $0.contains("tests.swift") }
                ?? false
    }

    static func isCI(_ path: String) -> Bool {
        path.hasPrefix(".github/") || path.hasPrefix(".ci/") || path == ".gitlab-ci.yml"
            || path.hasPrefix(".circleci/")
    }

    static func isBuild(_ path: String) -> Bool {
        ["Package.swift", "Makefile", "CMakeLists.txt", "package.json", "Cargo.toml", "go.mod"].contains(path)
            || path.hasPrefix("scripts/")
    }
}
