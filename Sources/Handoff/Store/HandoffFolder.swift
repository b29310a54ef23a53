import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

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
    ///
    /// "Most recent" is by the time written inside the files (Markdown and JSON handoffs of
    /// one day interleave, so names alone cannot tell); files of the latest day holding any
    /// marker are read, and a file without a time counts as older than one with it.
    public func latestRecordedHead() -> (name: String, head: String)? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        let entries = names.compactMap(Entry.init(name:)).sorted()
        let days = Array(Set(entries.map(\.day))).sorted(by: >)
        for day in days {
            var best: (key: Double, modified: Double, entry: Entry, head: String)?
            for entry in entries where entry.day == day {
                let file = path + "/" + entry.name
                guard let text = try? FileInput.readText(file), let marker = HeadMarker.read(from: text) else { continue }
                // Recorded times have whole seconds: the file's modification time breaks ties.
                var info = stat()
                let modified = stat(file, &info) == 0
                    ? Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 : 0
                if let current = best,
                    (marker.sortKey, modified, entry) < (current.key, current.modified, current.entry)
                {
                    continue
                }
                best = (marker.sortKey, modified, entry, marker.head)
            }
            if let best { return (best.entry.name, best.head) }
        }
        return nil
    }
}

/// The HEAD a handoff was written at, and when, recorded in the file so the next handoff
/// can count its commits from there.
///
/// Markdown ends with the comment `<!-- handoff:head <oid> <ISO 8601 time> -->` (invisible
/// when rendered); JSON carries `"git": {"head": …}` and `"generated_at"`.
public enum HeadMarker {
    public static func line(head: String, timestamp: String) -> String { "<!-- handoff:head \(head) \(timestamp) -->" }

    struct Recorded {
        var head: String
        var time: Date?
        /// Files without a time sort first (older).
        var sortKey: Double { time?.timeIntervalSince1970 ?? -Double.infinity }
    }

    static func read(from text: String) -> Recorded? {
        if text.first(where: { !$0.isWhitespace }) == "{" {
            struct Document: Decodable {
                struct Git: Decodable { var head: String? }
                var git: Git
                var generated_at: String?
            }
            guard let document = try? JSONDecoder().decode(Document.self, from: Data(text.utf8)),
                let head = document.git.head, isObjectID(head)
            else { return nil }
            return Recorded(head: head, time: document.generated_at.flatMap { try? Date($0, strategy: .iso8601) })
        }
        for line in text.split(separator: "\n").reversed() {
            let trimmed = line.trimmingPrefix(" ")
            guard trimmed.hasPrefix("<!-- handoff:head "), trimmed.hasSuffix(" -->") else { continue }
            let words = trimmed.dropFirst("<!-- handoff:head ".count).dropLast(" -->".count).split(separator: " ")
            guard let oid = words.first, isObjectID(oid) else { continue }
            let time = words.count > 1 ? try? Date(String(words[1]), strategy: .iso8601) : nil
            return Recorded(head: String(oid), time: time)
        }
        return nil
    }

    static func isObjectID(_ text: some StringProtocol) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
