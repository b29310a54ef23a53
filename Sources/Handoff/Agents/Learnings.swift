import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `.claude/LEARNED.md`: the project's learned rules, one bullet each, appended and never rewritten.
public enum LearnedFile {
    public static let relativePath = ".claude/LEARNED.md"

    public static let header = """
        # Learned

        Rules learned the hard way, one per line as `[Category] rule`. Appended by \
        `handoff learn`; `handoff replay KEYWORDS` finds them again.


        """

    public static func line(for learning: Learning) -> String {
        "- [\(MarkdownText.oneLine(learning.category))] \(MarkdownText.oneLine(learning.rule))\n"
    }

    /// Appends the learning (creating the file with its header); `false` when the same line is
    /// already there. One `write()` under an exclusive `flock`, on an `O_APPEND` descriptor.
    public static func append(_ learning: Learning, workTree: String) throws(HandoffError) -> Bool {
        let written = workTree + "/" + relativePath
        try FileSystem.confine(written, within: workTree)
        let path = FileSystem.resolvingFinalLink(written)
        try FileSystem.makeFolders(FileSystem.folder(of: path))
        let line = Array(line(for: learning).utf8)
        return try AppendOnlyFile(path: path).append(composing: { existing in
            if existing.isEmpty { return Array(header.utf8) + line }
            let text = String(decoding: existing, as: UTF8.self)
            if text.split(separator: "\n").contains(where: { $0 + "\n" == String(decoding: line, as: UTF8.self) }) {
                return nil
            }
            return (existing.last == UInt8(ascii: "\n") ? [] : [UInt8(ascii: "\n")]) + line
        })
    }

    /// The learnings in the file's bullets (`- [Category] rule`).
    public static func learnings(in text: String) -> [Learning] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingPrefix(" ")
            guard trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") else { return nil }
            let body = String(trimmed.dropFirst(2))
            return body.allSatisfy(\.isWhitespace) ? nil : NoteSyntax.learning(body)
        }
    }
}

/// Learnings recorded by `handoff learn` and not yet in a handoff, kept per worktree in
/// `<git dir>/handoff/learnings.jsonl` (out of the work tree). The next saved handoff takes
/// them into Learnings Captured.
public struct PendingLearnings: Sendable {
    public let path: String

    public init(gitDirectory: String) {
        path = gitDirectory + "/handoff/learnings.jsonl"
    }

    struct Record: Codable {
        var category: String
        var rule: String
        var recorded_at: String?
    }

    public func record(_ learning: Learning, at timestamp: String) throws(HandoffError) {
        let folder = FileSystem.folder(of: path)
        try FileSystem.makeFolders(folder, within: FileSystem.folder(of: folder))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard
            let data = try? encoder.encode(
                Record(category: learning.category, rule: learning.rule, recorded_at: timestamp))
        else { throw HandoffError("cannot encode the learning") }
        try AppendOnlyFile(path: path).append(bytes: Array(data) + [UInt8(ascii: "\n")])
    }

    /// The pending learnings, without taking them.
    public func peek() -> [Learning] {
        guard let bytes = try? ProjectFile.read(path) else { return [] }
        return Self.parse(bytes)
    }

    static func parse(_ bytes: [UInt8]) -> [Learning] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSONDecoder().decode(Record.self, from: Data(line))).map {
                Learning(category: $0.category, rule: $0.rule)
            }
        }
    }

    /// Takes the pending learnings for a handoff about to be saved: the file is renamed away so
    /// learnings recorded meanwhile go to a new one. `settle(saved:)` then deletes them, or
    /// gives them back when the handoff was not saved.
    public func claim() -> Claim {
        let claimed = path + ".claimed-\(getpid())"
        guard (try? FileSystem.rename(path, to: claimed)) != nil, let bytes = try? ProjectFile.read(claimed) else {
            return Claim(store: self, claimedPath: nil, bytes: [], learnings: [])
        }
        return Claim(store: self, claimedPath: claimed, bytes: bytes, learnings: Self.parse(bytes))
    }

    public struct Claim: Sendable {
        let store: PendingLearnings
        let claimedPath: String?
        let bytes: [UInt8]
        public let learnings: [Learning]

        public func settle(saved: Bool) {
            guard let claimedPath else { return }
            if !saved, !bytes.isEmpty {
                try? AppendOnlyFile(path: store.path).append(bytes: bytes)
            }
            try? FileSystem.remove(claimedPath)
        }
    }
}
