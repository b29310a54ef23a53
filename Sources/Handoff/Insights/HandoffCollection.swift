import FoundationEssentials

/// The saved handoffs insights reads: a handoff folder's files and a CI archive's, the archive's
/// named by its `index.jsonl` rows (their Markdown, else their JSON), each file read once.
///
/// Handoffs are small files: they are read and parsed on every core at once, with no index to
/// keep (10,000 in well under a second, `scripts/bench --insights`).
public struct HandoffCollection: Sendable {
    /// Oldest first.
    public let records: [SessionRecord]
    /// Files named as handoffs (or by index rows) that could not be read.
    public let unreadable: Int

    public init(records: [SessionRecord], unreadable: Int = 0) {
        self.records = records
        self.unreadable = unreadable
    }

    /// Reads `folder` (a handoff folder; missing is empty) and `archive` (a CI archive folder).
    public init(folder: String?, archive: String?) throws(HandoffError) {
        var paths: [(name: String, path: String)] = []
        if let folder {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where HandoffFolder.Entry(name: name) != nil { paths.append((name, folder + "/" + name)) }
        }
        if let archive {
            let index = archive + "/" + HandoffArchive.indexName
            let text: String
            do throws(HandoffError) {
                text = try FileInput.readText(index)
            } catch {
                throw HandoffError("\(archive) is not a handoff archive: cannot read its \(HandoffArchive.indexName)")
            }
            for row in text.split(separator: "\n") {
                guard let name = Self.archivedName(row) else { continue }
                paths.append((name, archive + "/" + name))
            }
        }
        let results = Self.parse(paths)
        let records = results.compactMap { $0 }
        // Indices are sorted by the keys, not the records: moving 10,000 records cost more than
        // comparing their keys.
        let keys = records.map { ($0.time ?? $0.day, Self.attempt($0.name), $0.name) }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        self.init(records: order.map { records[$0] }, unreadable: results.count - records.count)
    }

    /// A folder name's number within its day (`-2` → 2), which orders handoffs written in one second.
    static func attempt(_ name: String) -> Int { HandoffFolder.Entry(name: name)?.attempt ?? 1 }

    /// The Markdown (else JSON) file an index row names.
    static func archivedName(_ row: Substring) -> String? {
        struct Row: Decodable {
            var markdown: String?
            var json: String?
        }
        guard let row = try? JSONDecoder().decode(Row.self, from: Data(row.utf8)),
            let name = row.markdown ?? row.json, !name.contains("/")
        else { return nil }
        return name
    }

    /// Each file read and parsed, on every core; `nil` for one that cannot be read.
    static func parse(_ paths: [(name: String, path: String)]) -> [SessionRecord?] {
        paths.concurrentMap(chunk: 64) { file in
            guard let text = try? FileInput.readText(file.path) else { return nil }
            return SessionRecord(name: file.name, text: text)
        }
    }
}
