import CLibGit2
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Index entries grouped by the directory that holds them.
struct DirectoryPlan {
    struct Directory {
        var path: [UInt8]
        /// The position of the directory holding this one (-1 for the root).
        var parent: Int32 = -1
        /// Positions (in the index) of the entries to compare in this directory
        /// (32 bits: a million-entry index keeps these lists small).
        var entries: [Int32] = []
        /// Positions of every entry directly in this directory, in name order.
        var tracked: [Int32] = []
        /// Names of subdirectories holding index entries, in name order.
        var subdirectories: [[UInt8]] = []
    }

    /// The root first; a directory always after the one holding it.
    var directories: [Directory] = [Directory(path: [])]
    /// The directories from the root down to the one last registered. Paths are sorted, so
    /// everything under a directory comes in one run: once left, a directory is not met again.
    private var chain: [Int] = [0]

    /// How many index entries the plan holds (all of them, sparse directories aside, unless scoped).
    private(set) var plannedCount = 0

    /// `clean` (one flag per entry, from the file-system monitor) leaves entries out of the
    /// comparisons that are known unchanged; they stay among the tracked names.
    ///
    /// With `scope`, only the entries in it are planned (their runs found by binary search, the
    /// others never looked at), so only the scoped part of the work tree and the directories
    /// leading to it are opened.
    init(index: IndexFile, compare: (IndexEntry) -> Bool, clean: [Bool]? = nil, scope: PathScope? = nil) {
        let ranges = scope?.ranges(in: index) ?? [0..<index.entries.count]
        // The previous entry's parent directory, as a range of the name buffer, and its position.
        var previousParent = 0..<0
        var previousPosition = 0
        // The run of entries in that directory so far, added to it in one step when the run ends
        // (a directory's entries come in a few runs, interrupted by its subdirectories').
        var tracked: [Int32] = []
        var compared: [Int32] = []
        index.names.withUnsafeBufferPointer { names in
            index.entries.withUnsafeBufferPointer { entries in
                for position in ranges.joined() {
                    // A sparse directory is absent from the work tree (`SparseCheckout` expands the index
                    // when it is present): nothing of it to compare or to list.
                    if entries[position].isSparseDirectory { continue }
                    let start = Int(entries[position].pathStart)
                    let length = Int(entries[position].pathLength)
                    let path = names.baseAddress! + start
                    // (The first entry's "previous" directory is the root, already registered.)
                    if !Self.isDirectlyIn(
                        UnsafeBufferPointer(
                            start: names.baseAddress! + previousParent.lowerBound, count: previousParent.count),
                        path: UnsafeBufferPointer(start: path, count: length))
                    {
                        var parentLength = length
                        repeat { parentLength -= 1 } while parentLength > 0 && path[parentLength] != UInt8(ascii: "/")
                        parentLength = max(parentLength, 0)
                        flush(&tracked, &compared, into: previousPosition)
                        previousPosition = directory(for: UnsafeBufferPointer(start: path, count: parentLength))
                        previousParent = start..<(start + parentLength)
                    }
                    tracked.append(Int32(position))
                    plannedCount += 1
                    if compare(entries[position]) && clean?[position] != true { compared.append(Int32(position)) }
                }
            }
        }
        flush(&tracked, &compared, into: previousPosition)
        // First seen in path order ("a-b/x" before "a/x"); searched in name order.
        for position in directories.indices {
            directories[position].subdirectories.sort { $0.lexicographicallyPrecedes($1) }
        }
    }

    /// Whether `path` names something directly in `directory` (the root when empty): most
    /// entries are in the previous one's directory, and this answers without searching the
    /// whole path backwards for its last slash.
    private static func isDirectlyIn(_ directory: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) -> Bool
    {
        guard isBelow(path, directory) else { return false }
        let nameStart = directory.isEmpty ? 0 : directory.count + 1
        return memchr(path.baseAddress! + nameStart, Int32(UInt8(ascii: "/")), path.count - nameStart) == nil
    }

    /// Whether `path` lies somewhere below `directory` (the root when empty).
    private static func isBelow(_ path: UnsafeBufferPointer<UInt8>, _ directory: UnsafeBufferPointer<UInt8>) -> Bool {
        directory.isEmpty
            || (path.count > directory.count && path[directory.count] == UInt8(ascii: "/")
                && memcmp(path.baseAddress!, directory.baseAddress!, directory.count) == 0)
    }

    private mutating func flush(_ tracked: inout [Int32], _ compared: inout [Int32], into position: Int) {
        directories[position].tracked.append(contentsOf: tracked)
        directories[position].entries.append(contentsOf: compared)
        tracked.removeAll(keepingCapacity: true)
        compared.removeAll(keepingCapacity: true)
    }

    /// The position of a directory, registering it and its ancestors on first sight: the chain
    /// is cut back to the deepest directory holding `path`, then extended down to it.
    private mutating func directory(for path: UnsafeBufferPointer<UInt8>) -> Int {
        while chain.count > 1 {
            let (isTop, holdsPath) = directories[chain[chain.count - 1]].path.withUnsafeBufferPointer { top in
                (
                    path.count == top.count && memcmp(path.baseAddress!, top.baseAddress!, top.count) == 0,
                    Self.isBelow(path, top)
                )
            }
            if isTop { return chain[chain.count - 1] }
            if holdsPath { break }
            chain.removeLast()
        }
        let held = directories[chain[chain.count - 1]].path.count
        var start = held == 0 ? 0 : held + 1
        while start < path.count {
            var end = start
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            let parent = chain[chain.count - 1]
            directories.append(Directory(path: Array(path[0..<end]), parent: Int32(parent)))
            directories[parent].subdirectories.append(Array(path[start..<end]))
            chain.append(directories.count - 1)
            start = end + 1
        }
        return chain[chain.count - 1]
    }

    /// Whether a directory holding the one at `position` failed to open.
    func hasFailedAncestor(of position: Int, failed: [Bool]) -> Bool {
        var current = Int(directories[position].parent)
        while current >= 0 {
            if failed[current] { return true }
            current = Int(directories[current].parent)
        }
        return false
    }
}
