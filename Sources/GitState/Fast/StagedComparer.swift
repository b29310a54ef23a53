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

/// Two trees compared as git's tree diff reads them: a subtree with the same id on both sides
/// is skipped whole, so only what changed is read. Files only, without rename detection.
struct TreeDifference {
    let repository: Repository

    struct Change {
        var kind: Delta.Kind
        /// The path's bytes as stored (not necessarily UTF-8).
        var path: [UInt8]
        var old: (oid: git_oid, mode: UInt32)?
        var new: (oid: git_oid, mode: UInt32)?
    }

    /// What changed from tree `old` to tree `new` (`nil`: no tree), below `prefix` ("" for the root).
    func changes(old: git_oid?, new: git_oid?, prefix: [UInt8] = []) throws(GitStateError) -> [Change] {
        var result: [Change] = []
        try compare(old: old, new: new, prefix: prefix, into: &result)
        return result
    }

    private func compare(old: git_oid?, new: git_oid?, prefix: [UInt8], into result: inout [Change])
        throws(GitStateError)
    {
        guard old != new else { return }
        let oldItems = try old.map { oid throws(GitStateError) in try repository.treeItems(of: oid) } ?? []
        let newItems = try new.map { oid throws(GitStateError) in try repository.treeItems(of: oid) } ?? []
        var newByName: [[UInt8]: TreeItem] = [:]
        for item in newItems { newByName[item.name] = item }
        func path(_ name: [UInt8]) -> [UInt8] { prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name }
        func add(_ kind: Delta.Kind, _ name: [UInt8], old: TreeItem?, new: TreeItem?) {
            result.append(
                Change(
                    kind: kind, path: path(name), old: old.map { ($0.oid, $0.mode) }, new: new.map { ($0.oid, $0.mode) }
                ))
        }
        for item in oldItems {
            let counterpart = newByName.removeValue(forKey: item.name)
            switch (item.isTree, counterpart) {
            case (true, let other?) where other.isTree:
                try compare(old: item.oid, new: other.oid, prefix: path(item.name), into: &result)
            case (true, let other):
                try compare(old: item.oid, new: nil, prefix: path(item.name), into: &result)
                if let other { add(.added, other.name, old: nil, new: other) }
            case (false, let other?) where other.isTree:
                add(.deleted, item.name, old: item, new: nil)
                try compare(old: nil, new: other.oid, prefix: path(other.name), into: &result)
            case (false, let other?):
                guard item.oid != other.oid || item.mode != other.mode else { continue }
                add(
                    (item.mode & 0o170000) != (other.mode & 0o170000) ? .typeChanged : .modified, item.name, old: item,
                    new: other)
            case (false, nil):
                add(.deleted, item.name, old: item, new: nil)
            }
        }
        for item in newItems where newByName[item.name] != nil {
            if item.isTree {
                try compare(old: nil, new: item.oid, prefix: path(item.name), into: &result)
            } else {
                add(.added, item.name, old: nil, new: item)
            }
        }
    }
}

/// One entry of a tree object.
struct TreeItem {
    var name: [UInt8]
    var oid: git_oid
    var mode: UInt32

    var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
}

extension Repository {
    /// The entries of the tree `oid`, in the tree's order.
    func treeItems(of oid: git_oid) throws(GitStateError) -> [TreeItem] {
        var id = oid
        let tree = try makeHandle(path: gitDirectory, kind: .missingObject, free: git_tree_free) {
            git_tree_lookup($0, pointer, &id)
        }
        let count = git_tree_entrycount(tree.pointer)
        var items: [TreeItem] = []
        items.reserveCapacity(count)
        for position in 0..<count {
            guard let item = git_tree_entry_byindex(tree.pointer, position), let name = git_tree_entry_name(item) else {
                continue
            }
            // The name's bytes as stored: a `String` would repair names that are not UTF-8.
            let bytes = Array(UnsafeRawBufferPointer(start: name, count: strlen(name)).bindMemory(to: UInt8.self))
            let mode = git_tree_entry_filemode(item).rawValue
            items.append(TreeItem(name: bytes, oid: git_tree_entry_id(item).pointee, mode: mode))
        }
        return items
    }
}
