import FoundationEssentials

/// The folder handoffs are saved in, and the names they take there.
///
/// Files are `handoff-YYYY-MM-DD.<ext>`, then `handoff-YYYY-MM-DD-2.<ext>`, `-3`, … the same day.
public struct HandoffFolder: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The default folder, relative to the work tree's root.
    public static let defaultRelativePath = ".claude/handoffs"

    /// The file name for the `attempt`-th handoff of `day` (`attempt` 1 has no suffix).
    public static func fileName(day: String, attempt: Int, fileExtension: String) -> String {
        attempt <= 1 ? "handoff-\(day).\(fileExtension)" : "handoff-\(day)-\(attempt).\(fileExtension)"
    }

    /// A handoff file's place in the order they were written: day, then suffix.
    struct Entry: Comparable {
        var day: String
        var attempt: Int
        var name: String

        static func < (left: Entry, right: Entry) -> Bool {
            (left.day, left.attempt, left.name) < (right.day, right.attempt, right.name)
        }

        init?(name: String) {
            guard name.hasPrefix("handoff-"), name.hasSuffix(".md") || name.hasSuffix(".json") else { return nil }
            let stem = name.dropFirst("handoff-".count).prefix { $0 != "." }
            let day = stem.prefix(10)
            guard day.count == 10, day.split(separator: "-").count == 3,
                day.allSatisfy({ $0.isASCIIDigit || $0 == "-" })
            else { return nil }
            let rest = stem.dropFirst(10)
            if rest.isEmpty {
                attempt = 1
            } else {
                guard rest.first == "-", let number = Int(rest.dropFirst()), number >= 2 else { return nil }
                attempt = number
            }
            self.day = String(day)
            self.name = name
        }
    }

    /// The HEAD recorded by the most recent handoff here that recorded one.
    public func latestRecordedHead() -> (name: String, head: String)? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        for entry in names.compactMap(Entry.init(name:)).sorted().reversed() {
            guard let text = try? FileInput.readText(path + "/" + entry.name) else { continue }
            if let head = HeadMarker.read(from: text) { return (entry.name, head) }
        }
        return nil
    }
}

/// The HEAD a handoff was written at, recorded in the file so the next handoff can start there.
///
/// Markdown ends with the comment `<!-- handoff:head <oid> -->` (invisible when rendered);
/// JSON carries `"git": {"head": …}`.
public enum HeadMarker {
    public static func line(head: String) -> String { "<!-- handoff:head \(head) -->" }

    static func read(from text: String) -> String? {
        if text.first(where: { !$0.isWhitespace }) == "{" {
            struct Document: Decodable {
                struct Git: Decodable { var head: String? }
                var git: Git
            }
            return (try? JSONDecoder().decode(Document.self, from: Data(text.utf8)))?.git.head
        }
        for line in text.split(separator: "\n").reversed() {
            let trimmed = line.trimmingPrefix(" ")
            guard trimmed.hasPrefix("<!-- handoff:head "), trimmed.hasSuffix(" -->") else { continue }
            let oid = trimmed.dropFirst("<!-- handoff:head ".count).dropLast(" -->".count)
            if (oid.count == 40 || oid.count == 64) && oid.allSatisfy(\.isHexDigit) { return String(oid) }
        }
        return nil
    }
}
