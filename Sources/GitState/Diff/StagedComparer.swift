import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// HEAD's tree against the index, as `git diff --cached` without rename
/// detection: directories whose cache-tree entry matches HEAD's tree are
/// skipped whole, so only what was staged is read.
struct StagedComparer {
    let repository: Repository
    let index: IndexFile
    /// The positions of the entries that take part (stage 0, no intent-to-add, no
    /// conflicted path), in path order; `nil` for all of them.
    let positions: [Int]?

    private var count: Int { positions?.count ?? index.entries.count }

    private func entry(_ position: Int) -> IndexEntry { index.entries[positions?[position] ?? position] }

    private func path(_ position: Int) -> ArraySlice<UInt8> { index.path(of: entry(position)) }

    func deltas(tree: Handle?) throws(GitStateError) -> [Delta] {
        var result: [Delta] = []
        let treeOID = tree.map { git_tree_id($0.pointer).pointee }
        try compare(treeOID: treeOID, prefix: [], range: 0..<count, into: &result)
        return result
    }

    private func compare(treeOID: git_oid?, prefix: [UInt8], range: Range<Int>, into result: inout [Delta])
        throws(GitStateError)
    {
        if let treeOID, let cached = index.cacheTree[PathKey(bytes: prefix)], cached == treeOID { return }
        // A sparse directory (sparse index): the index knows only the tree, so
        // compare trees, as git's diff does (`show_modified` in diff-lib.c).
        if range.count == 1, entry(range.lowerBound).isSparseDirectory,
            path(range.lowerBound).count == prefix.count + 1
        {
            try compareTrees(old: treeOID, new: entry(range.lowerBound).oid, prefix: prefix, into: &result)
            return
        }
        let treeItems = try treeOID.map { oid throws(GitStateError) in try repository.treeItems(of: oid) } ?? []
        // The index's entries in this directory, files and runs of entries per subdirectory, and
        // the tree's items come in the same order (a directory sorts as its name and a slash),
        // so the two are merged in one pass.
        let skip = prefix.isEmpty ? 0 : prefix.count + 1
        var position = range.lowerBound
        var treeIndex = 0
        func joined(_ name: some Collection<UInt8>) -> [UInt8] {
            prefix.isEmpty ? Array(name) : prefix + [UInt8(ascii: "/")] + name
        }
        while position < range.upperBound || treeIndex < treeItems.count {
            // The index's next item: a file, or a subdirectory and the run of entries under it.
            var indexName: ArraySlice<UInt8> = []
            var indexRun: Range<Int>? = nil
            if position < range.upperBound {
                let path = self.path(position)
                let rest = path.dropFirst(skip)
                if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                    indexName = rest[..<slash]
                    indexRun =
                        position..<runEnd(of: Array(path[...slash]), from: position + 1, before: range.upperBound)
                } else {
                    indexName = rest
                }
            }
            let order: Int
            if position >= range.upperBound {
                order = 1
            } else if treeIndex >= treeItems.count {
                order = -1
            } else {
                order = Self.compareNames(
                    indexName, isDirectory: indexRun != nil, treeItems[treeIndex].name,
                    isDirectory: treeItems[treeIndex].isTree)
            }
            if order < 0 {
                // Only in the index: added.
                if let run = indexRun {
                    try compare(treeOID: nil, prefix: joined(indexName), range: run, into: &result)
                    position = run.upperBound
                } else {
                    let entry = entry(position)
                    result.append(delta(.added, Array(index.path(of: entry)), old: nil, new: (entry.oid, entry.mode)))
                    position += 1
                }
            } else if order > 0 {
                // Only in HEAD: deleted.
                let item = treeItems[treeIndex]
                if item.isTree {
                    try compare(
                        treeOID: item.oid, prefix: joined(item.name), range: range.upperBound..<range.upperBound,
                        into: &result)
                } else {
                    result.append(delta(.deleted, joined(item.name), old: (item.oid, item.mode), new: nil))
                }
                treeIndex += 1
            } else {
                let item = treeItems[treeIndex]
                if let run = indexRun {
                    try compare(treeOID: item.oid, prefix: joined(item.name), range: run, into: &result)
                    position = run.upperBound
                } else {
                    let entry = entry(position)
                    if entry.oid != item.oid || entry.mode != item.mode {
                        let kind: Delta.Kind =
                            (entry.mode & 0o170000) != (item.mode & 0o170000) ? .typeChanged : .modified
                        result.append(
                            delta(kind, joined(item.name), old: (item.oid, item.mode), new: (entry.oid, entry.mode)))
                    }
                    position += 1
                }
                treeIndex += 1
            }
        }
    }

    /// git's order of names in a tree: bytes compared, a directory's name as if it ended in `/`.
    static func compareNames(
        _ left: ArraySlice<UInt8>, isDirectory leftIsDirectory: Bool, _ right: [UInt8],
        isDirectory rightIsDirectory: Bool
    ) -> Int {
        let leftCount = left.count + (leftIsDirectory ? 1 : 0)
        let rightCount = right.count + (rightIsDirectory ? 1 : 0)
        var offset = 0
        while offset < leftCount && offset < rightCount {
            let a = offset < left.count ? left[left.startIndex + offset] : UInt8(ascii: "/")
            let b = offset < right.count ? right[offset] : UInt8(ascii: "/")
            if a != b { return a < b ? -1 : 1 }
            offset += 1
        }
        return leftCount == rightCount ? 0 : (leftCount < rightCount ? -1 : 1)
    }

    /// The first position in `start..<end` whose path does not start with `prefix`. Paths are
    /// sorted, so those under one directory are contiguous: a binary search finds the end of the
    /// run without reading every path below a large directory (the root is read at every level).
    private func runEnd(of prefix: [UInt8], from start: Int, before end: Int) -> Int {
        var low = start
        var high = end
        while low < high {
            let middle = (low + high) / 2
            if path(middle).starts(with: prefix) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Two trees compared path by path (either may be absent: everything added or deleted).
    private func compareTrees(old: git_oid?, new: git_oid?, prefix: [UInt8], into result: inout [Delta])
        throws(GitStateError)
    {
        for change in try TreeDifference(repository: repository).changes(old: old, new: new, prefix: prefix) {
            result.append(delta(change.kind, change.path, old: change.old, new: change.new))
        }
    }

    private func delta(
        _ kind: Delta.Kind, _ path: [UInt8], old: (oid: git_oid, mode: UInt32)?, new: (oid: git_oid, mode: UInt32)?
    )
        -> Delta
    {
        let text = String(decoding: path, as: UTF8.self)
        return Delta(
            kind: kind, path: text, oldPath: text, oldOID: old?.oid ?? git_oid(), newOID: new?.oid ?? git_oid(),
            oldMode: old?.mode ?? 0, newMode: new?.mode ?? 0)
    }
}
