import FoundationEssentials

/// A folder collecting one handoff per build (`--archive DIR`): Markdown and JSON side by side,
/// and `index.jsonl`, one row per handoff.
///
/// Names are `handoff-<day>T<HHMMSS>_<branch>_<short oid>[_<build id>]` (then `-2`, `-3`, …),
/// claimed with `link()` so concurrent builds never share one. Index rows are appended under
/// `flock` with `O_APPEND` in a single `write()`, so concurrent jobs lose no row.
///
/// A row: `{"schema": "handoff-archive/1", "generated_at", "branch", "branch_source",
/// "head", "build_id", "provider", "markdown", "json", "incomplete", "shallow"}` (names
/// relative to the archive folder; `branch_source` is `git`, a CI variable, or `null`).
public struct HandoffArchive: Sendable {
    public static let indexName = "index.jsonl"
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// Saves both renderings of `document` and appends its index row; returns the two paths.
    public func save(markdown: String, json: String, document: HandoffDocument) throws(HandoffError)
        -> (markdown: String, json: String)
    {
        try FileSystem.makeFolders(folder)
        let stem = Self.stem(for: document)
        let markdownTemporary = try TemporaryFile(Array(markdown.utf8), in: folder)
        defer { markdownTemporary.remove() }
        let jsonTemporary = try TemporaryFile(Array(json.utf8), in: folder)
        defer { jsonTemporary.remove() }
        for attempt in 1...1000 {
            let name = attempt == 1 ? stem : "\(stem)-\(attempt)"
            // The Markdown name claims the pair; a JSON file of that name would be a stray.
            do throws(Errno) {
                try markdownTemporary.link(as: "\(folder)/\(name).md")
            } catch  where error == .fileExists {
                continue
            } catch {
                throw HandoffError("cannot save \(folder)/\(name).md", error)
            }
            do throws(Errno) {
                try jsonTemporary.link(as: "\(folder)/\(name).json")
            } catch {
                try? FileSystem.remove("\(folder)/\(name).md")
                if error == .fileExists { continue }
                throw HandoffError("cannot save \(folder)/\(name).json", error)
            }
            try AppendOnlyFile(path: folder + "/" + Self.indexName).append(
                Self.indexRow(for: document, markdown: name + ".md", json: name + ".json"))
            return ("\(folder)/\(name).md", "\(folder)/\(name).json")
        }
        throw HandoffError("cannot save in \(folder): 1000 handoffs already named \(stem)")
    }

    /// `handoff-2026-11-22T090500_feature-x_abc1234_4242`.
    static func stem(for document: HandoffDocument) -> String {
        let time = document.timestamp.dropFirst(11).prefix(8).filter { $0 != ":" }
        let branch = document.git.branch ?? document.git.ciBranch?.name ?? "detached"
        var parts = ["handoff-\(document.day)T\(time)", safe(branch), document.git.shortHead ?? "unborn"]
        if let build = document.build?.buildID { parts.append(safe(build)) }
        return parts.joined(separator: "_")
    }

    /// Letters, digits, `.`, `-` kept; anything else (`/`, spaces) becomes `-`; at most 60 characters.
    static func safe(_ text: String) -> String {
        let mapped = String(
            text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "-" })
        let trimmed = mapped.drop { $0 == "." || $0 == "-" }
        return trimmed.isEmpty ? "unnamed" : String(trimmed.prefix(60))
    }

    static func indexRow(for document: HandoffDocument, markdown: String, json: String) -> String {
        struct Row: Encodable {
            var schema = "handoff-archive/1"
            var generated_at: String
            @AlwaysEncoded var branch: String?
            @AlwaysEncoded var branch_source: String?
            @AlwaysEncoded var head: String?
            @AlwaysEncoded var build_id: String?
            @AlwaysEncoded var provider: String?
            var markdown: String
            var json: String
            var incomplete: Bool
            var shallow: Bool

        }
        let git = document.git
        let row = Row(
            generated_at: document.timestamp, branch: git.branch ?? git.ciBranch?.name,
            branch_source: git.branch != nil ? "git" : git.ciBranch?.variable, head: git.head,
            build_id: document.build?.buildID, provider: document.build?.provider, markdown: markdown, json: json,
            incomplete: document.isIncomplete, shallow: git.shallow)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(row)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
