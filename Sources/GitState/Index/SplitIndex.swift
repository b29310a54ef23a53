import CLibGit2

/// The `link` extension of a split index (`git update-index --split-index`,
/// `core.splitIndex`): the index file holds only what changed since a shared
/// index, `sharedindex.<checksum>` in the git directory, which holds the rest.
///
/// Two bitmaps over the shared index's entries say which ones the index file
/// deletes and which it replaces. Its first entries replace the marked ones in
/// order (their names are empty: the shared entry keeps its name); the others
/// are added where they sort. (`Documentation/technical/split-index.txt`,
/// `split-index.c`.)
struct SplitIndex {
    /// The shared index's checksum; all zeros when the index does not use one.
    var sharedIndexID: git_oid
    /// `nil` when git wrote no bitmaps (nothing deleted or replaced).
    var deleted: EWAHBitmap?
    var replaced: EWAHBitmap?

    init(link body: UnsafeRawBufferPointer, path: String) throws(GitStateError) {
        func corrupt(_ detail: String) -> GitStateError { .corruptIndex(path, detail) }
        guard body.count >= 20 else { throw corrupt("link extension too short") }
        sharedIndexID = body.oid(at: 0)
        guard body.count > 20 else { return }
        guard let deleted = EWAHBitmap(bytes: UnsafeRawBufferPointer(rebasing: body[20...])) else {
            throw corrupt("bad delete bitmap in link extension")
        }
        let rest = 20 + deleted.encodedSize
        guard let replaced = EWAHBitmap(bytes: UnsafeRawBufferPointer(rebasing: body[rest...])) else {
            throw corrupt("bad replace bitmap in link extension")
        }
        guard rest + replaced.encodedSize == body.count else { throw corrupt("garbage at the end of link extension") }
        self.deleted = deleted
        self.replaced = replaced
    }

    var usesSharedIndex: Bool { sharedIndexID != git_oid() }

    /// Where git looks for the shared index: in the git directory, then beside the index file.
    static func sharedIndexPath(id: git_oid, gitDirectory: String, indexPath: String) -> String {
        let name = "sharedindex." + id.hex
        let inGitDirectory = gitDirectory + "/" + name
        if FilePath.exists(inGitDirectory) { return inGitDirectory }
        let slash = indexPath.lastIndex(of: "/").map { String(indexPath[..<$0]) } ?? "."
        return slash + "/" + name
    }

    /// git's `merge_base_index`: the shared entries with the main file's
    /// replacements, deletions and additions applied; sorted, as git keeps it.
    /// The result keeps the main file's cache tree and timestamp.
    func merge(_ main: IndexFile, into shared: IndexFile, path: String) throws(GitStateError) -> IndexFile {
        func corrupt(_ detail: String) -> GitStateError { .corruptIndex(path, detail) }
        let count = shared.entries.count
        guard let replacedPositions = replaced.map({ $0.setPositions(below: count) }) ?? [],
            let deletedPositions = deleted.map({ $0.setPositions(below: count) }) ?? []
        else { throw corrupt("link extension marks entries past the shared index's \(count)") }
        guard replacedPositions.count <= main.entries.count else {
            throw corrupt("too many replacements (\(replacedPositions.count) vs \(main.entries.count))")
        }
        // One name buffer: the shared names, then the main file's.
        var names = shared.names
        let shift = UInt32(names.count)
        names.append(contentsOf: main.names)

        var entries = shared.entries
        for (order, position) in replacedPositions.enumerated() {
            var replacement = main.entries[order]
            guard replacement.pathLength == 0 else {
                throw corrupt("entry \(position) of the shared index is replaced by one with a name")
            }
            replacement.pathStart = entries[position].pathStart
            replacement.pathLength = entries[position].pathLength
            entries[position] = replacement
        }
        if !deletedPositions.isEmpty {
            var removed = [Bool](repeating: false, count: count)
            for position in deletedPositions { removed[position] = true }
            entries = entries.indices.compactMap { removed[$0] ? nil : entries[$0] }
        }
        var added = main.entries[replacedPositions.count...].map { entry in
            var entry = entry
            entry.pathStart += shift
            return entry
        }
        guard added.allSatisfy({ $0.pathLength > 0 }) else { throw corrupt("an added entry has no name") }

        let order = EntryOrder(names: names)
        if !added.isSorted(by: order.precedes) { added.sort(by: order.precedes) }
        entries = order.inserting(added, into: entries)
        return IndexFile(
            version: main.version, entries: entries, cacheTree: main.cacheTree, names: names,
            timestampSeconds: main.timestampSeconds, timestampNanoseconds: main.timestampNanoseconds,
            checksum: main.checksum, split: self, hasSparseDirectories: main.hasSparseDirectories,
            fsmonitor: main.fsmonitor, untrackedCache: main.untrackedCache)
    }
}

extension IndexFile {
    /// The index as git reads it: the file at `path`, and when it is split, its
    /// shared index with the file's changes applied.
    static func read(_ path: String, gitDirectory: String) throws(GitStateError) -> IndexFile {
        let main = try read(path)
        guard let split = main.split, split.usesSharedIndex else { return main }
        let sharedPath = SplitIndex.sharedIndexPath(
            id: split.sharedIndexID, gitDirectory: gitDirectory, indexPath: path)
        guard FilePath.exists(sharedPath) else {
            throw .corruptIndex(path, "its shared index \(sharedPath) is missing", path: sharedPath)
        }
        let shared = try read(sharedPath)
        guard shared.checksum == split.sharedIndexID else {
            throw .corruptIndex(
                path, "expected \(split.sharedIndexID.hex) in \(sharedPath), got \(shared.checksum.hex)",
                path: sharedPath)
        }
        guard shared.split == nil else {
            throw .corruptIndex(sharedPath, "a shared index is itself split")
        }
        return try split.merge(main, into: shared, path: path)
    }
}

/// git's index order: by path bytes, then by stage.
private struct EntryOrder {
    let names: [UInt8]

    /// Negative, zero or positive as `left` sorts before, with, or after `right`.
    func compare(_ left: IndexEntry, _ right: IndexEntry) -> Int {
        let paths = comparePaths(left, right)
        return paths != 0 ? paths : left.stage - right.stage
    }

    func comparePaths(_ left: IndexEntry, _ right: IndexEntry) -> Int {
        names.withUnsafeBufferPointer { buffer in
            UnsafeBufferPointer(rebasing: buffer[Int(left.pathStart)..<Int(left.pathStart) + Int(left.pathLength)])
                .compareBytes(
                    UnsafeBufferPointer(
                        rebasing: buffer[Int(right.pathStart)..<Int(right.pathStart) + Int(right.pathLength)]))
        }
    }

    func precedes(_ left: IndexEntry, _ right: IndexEntry) -> Bool { compare(left, right) < 0 }

    func samePath(_ left: IndexEntry, _ right: IndexEntry) -> Bool { comparePaths(left, right) == 0 }

    /// `added` (sorted) put into `entries` (sorted) as git's `add_index_entry` does:
    /// an entry with the same path and stage is replaced, and a stage-0 entry
    /// also replaces the path's conflict stages.
    func inserting(_ added: [IndexEntry], into entries: [IndexEntry]) -> [IndexEntry] {
        guard !added.isEmpty else { return entries }
        var result: [IndexEntry] = []
        result.reserveCapacity(entries.count + added.count)
        var next = 0
        for entry in added {
            // Binary search for the first remaining entry that does not sort before this one.
            var low = next
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(entries[middle], entry) { low = middle + 1 } else { high = middle }
            }
            result.append(contentsOf: entries[next..<low])
            next = low
            if next < entries.count && compare(entries[next], entry) == 0 {
                next += 1
            } else if entry.stage == 0 {
                while next < entries.count && samePath(entries[next], entry) { next += 1 }
            }
            result.append(entry)
        }
        result.append(contentsOf: entries[next...])
        return result
    }
}

extension Array {
    fileprivate func isSorted(by precedes: (Element, Element) -> Bool) -> Bool {
        indices.dropFirst().allSatisfy { !precedes(self[$0], self[$0 - 1]) }
    }
}
