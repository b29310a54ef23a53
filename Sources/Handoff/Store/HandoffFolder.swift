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
    struct Entry: Comparable, Sendable {
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

    /// The handoffs saved here, newest first.
    ///
    /// "Newest" is by day (from the name), then by the time written inside the files (Markdown
    /// and JSON handoffs of one day interleave, so names alone cannot tell; a file without a
    /// time counts as older), then by modification time (recorded times have whole seconds),
    /// then by the name's number.
    public func handoffs() -> [SavedHandoff] {
        Self.newestFirst(entries().map(saved))
    }

    /// The HEAD recorded by the most recent handoff here that recorded one.
    ///
    /// Read a day at a time, newest first: every handoff of a day sorts before all of an
    /// earlier day's, so the older days' files (a folder keeps months of them, and a push
    /// asks this) are read only when no newer one recorded a HEAD.
    public func latestRecordedHead() -> (name: String, head: String)? {
        let days = Dictionary(grouping: entries(), by: \.day).sorted { $0.key > $1.key }
        for (_, entries) in days {
            for handoff in Self.newestFirst(entries.map(saved)) {
                if let head = handoff.record?.head { return (handoff.name, head) }
            }
        }
        return nil
    }

    private func entries() -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.compactMap(Entry.init(name:))
    }

    private func saved(_ entry: Entry) -> SavedHandoff {
        let file = path + "/" + entry.name
        let modified = FileSystem.modificationTime(of: file) ?? 0
        let record = (try? FileInput.readText(file)).flatMap(RecordedState.read(from:))
        return SavedHandoff(entry: entry, path: file, record: record, modified: modified)
    }

    private static func newestFirst(_ handoffs: [SavedHandoff]) -> [SavedHandoff] {
        // Each key parses a recorded time: made once per handoff, not once per comparison.
        handoffs.map { ($0.sortKey, $0) }.sorted { $0.0 > $1.0 }.map(\.1)
    }
}

/// One saved handoff file and what it recorded.
public struct SavedHandoff: Sendable {
    let entry: HandoffFolder.Entry
    public let path: String
    /// `nil` when the file records nothing readable (not a handoff this tool wrote).
    public let record: RecordedState?
    let modified: Double

    public var name: String { entry.name }
    /// `YYYY-MM-DD` from the name.
    public var day: String { entry.day }

    var sortKey: SortKey {
        SortKey(
            day: entry.day, time: record?.date?.timeIntervalSince1970 ?? -.infinity, modified: modified, entry: entry)
    }

    struct SortKey: Comparable {
        var day: String
        var time: Double
        var modified: Double
        var entry: HandoffFolder.Entry
        static func < (left: SortKey, right: SortKey) -> Bool {
            (left.day, left.time, left.modified, left.entry) < (right.day, right.time, right.modified, right.entry)
        }
    }
}

/// The HEAD a handoff was written at, and when, recorded in the file so the next handoff
/// can count its commits from there.
///
/// Markdown ends with the comment `<!-- handoff:head <oid> <ISO 8601 time> -->` (invisible
/// when rendered), followed by the `RecordedState` line; JSON carries `"git": {"head": …}`
/// and `"generated_at"`.
public enum HeadMarker {
    public static func line(head: String, timestamp: String) -> String { "<!-- handoff:head \(head) \(timestamp) -->" }

    struct Recorded {
        var head: String
        /// The ISO 8601 time written after the oid.
        var time: String?
    }

    /// The last head marker line of a Markdown handoff.
    static func read(from text: String) -> Recorded? {
        for line in text.lines().reversed() {
            // Only a line whose first visible byte is `<` can be the marker: the others (all of
            // a handoff's lines when it has none) are passed over without trimming.
            guard line.firstVisibleByte == UInt8(ascii: "<") else { continue }
            let trimmed = line.trimmingPrefix(" ")
            guard trimmed.hasPrefix("<!-- handoff:head "), trimmed.hasSuffix(" -->") else { continue }
            let words = trimmed.dropFirst("<!-- handoff:head ".count).dropLast(" -->".count).split(separator: " ")
            guard let oid = words.first, isObjectID(oid) else { continue }
            return Recorded(head: String(oid), time: words.count > 1 ? String(words[1]) : nil)
        }
        return nil
    }

    static func isObjectID(_ text: some StringProtocol) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}

extension HandoffFolder {
    /// The `number`-th handoff of `handoffs()` (1 = newest), with a clear error when there is none.
    public func handoff(number: Int) throws(HandoffError) -> SavedHandoff {
        let all = handoffs()
        if all.isEmpty { throw HandoffError("no handoff in \(path) yet; write one with `handoff`") }
        guard number >= 1, number <= all.count else {
            throw HandoffError(
                "no handoff number \(number): `handoff list` shows \(all.count) (1 is the newest) in \(path)")
        }
        return all[number - 1]
    }
}
