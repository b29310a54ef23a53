import CLibGit2

/// Reads recent history in `git log`'s default order without walking all of it.
///
/// git's unsorted walk keeps a queue ordered by committer date (newest first,
/// first-queued first among equal dates), emits its head, and queues that
/// commit's unseen parents. Stopping after `limit` commits costs only what is
/// read, where libgit2's time-sorted revwalk reads the whole history first.
struct HistoryReader {
    let repository: Repository

    /// With `notBefore`, commits older than that time are left out, and so is
    /// everything below them, as `git log --since` does.
    ///
    /// Queued commits are read from the commit-graph where there is one; only the
    /// commits emitted are parsed in full, for their message and author.
    func recentCommits(from start: git_oid?, limit: Int, notBefore: Int64? = nil) throws(GitStateError) -> [LogEntry] {
        guard let start, limit > 0 else { return [] }
        let source = try repository.commitSource()
        let boundary = ShallowBoundary(commonDirectory: repository.commonDirectory)
        var queue = CommitQueue<QueuedCommit>()
        var seen: Set<ObjectID> = [ObjectID(start)]
        let first = try source.commit(CommitLink(oid: start))
        queue.push(first, time: first.time)
        var entries: [LogEntry] = []
        while entries.count < limit, let commit = queue.pop() {
            if let notBefore, commit.time < notBefore { continue }
            entries.append(try repository.logEntry(commit.oid))
            guard !boundary.contains(commit.oid) else { continue }
            for parent in commit.parents where seen.insert(ObjectID(parent.oid)).inserted {
                let queued = try source.commit(parent)
                queue.push(queued, time: queued.time)
            }
        }
        return entries
    }
}

/// A commit as a walk sees it: what orders it, and where the walk goes next.
struct QueuedCommit {
    let oid: git_oid
    /// The committer time, which orders the walk.
    let time: Int64
    let parents: [CommitLink]
}

/// A max-heap by commit time; among equal times, the first pushed comes out first.
struct CommitQueue<Item> {
    private var heap: [(item: Item, time: Int64, sequence: Int)] = []
    private var nextSequence = 0

    mutating func push(_ item: Item, time: Int64) {
        let entry = (item: item, time: time, sequence: nextSequence)
        nextSequence += 1
        heap.append(entry)
        // Sift up through a hole: one move per level, not a swap, and no bounds checks (a
        // deep history's walk pushes and pops thousands of times).
        heap.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.comesFirst(entry, heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// What `pop` would return next, and its time.
    func peek() -> (item: Item, time: Int64)? { heap.first.map { ($0.item, $0.time) } }

    mutating func pop() -> Item? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last.item }
        return heap.withUnsafeMutableBufferPointer { heap in
            let top = heap[0].item
            // Sift the last entry down from the root through a hole.
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { break }
                let right = left + 1
                let first = right < heap.count && Self.comesFirst(heap[right], heap[left]) ? right : left
                guard Self.comesFirst(heap[first], last) else { break }
                heap[parent] = heap[first]
                parent = first
            }
            heap[parent] = last
            return top
        }
    }

    private static func comesFirst(
        _ a: (item: Item, time: Int64, sequence: Int), _ b: (item: Item, time: Int64, sequence: Int)
    ) -> Bool {
        a.time != b.time ? a.time > b.time : a.sequence < b.sequence
    }
}

/// The commits a shallow clone has no parents for (`$GIT_DIR/shallow`).
struct ShallowBoundary {
    private let oids: Set<ObjectID>

    init(commonDirectory: String) {
        let text = FilePath.readText(commonDirectory + "/shallow") ?? ""
        oids = Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: $0) })
    }

    var isEmpty: Bool { oids.isEmpty }

    func contains(_ oid: git_oid) -> Bool { oids.contains(ObjectID(oid)) }
}

extension LogEntry {
    init(commit: OpaquePointer) {
        let oid = ObjectID(git_commit_id(commit).pointee)
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        let author = git_commit_author(commit).pointee
        let name = author.name.map { String(cString: $0) } ?? ""
        self.init(
            oid: oid, summary: summary, author: name,
            time: ISO8601.format(seconds: Int64(author.when.time), offsetMinutes: Int(author.when.offset)))
    }
}

/// Formats times as git's `%aI` does (`2026-11-22T23:31:30+01:00`), without Foundation.
enum ISO8601 {
    static func format(seconds: Int64, offsetMinutes: Int) -> String {
        let local = seconds + Int64(offsetMinutes) * 60
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondsOfDay = Int(local - days * 86400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return
            "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(secondsOfDay / 3600)):\(pad(secondsOfDay / 60 % 60)):\(pad(secondsOfDay % 60))\(sign)\(pad(offset / 60)):\(pad(offset % 60))"
    }

    /// Howard Hinnant's days-to-civil algorithm.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
