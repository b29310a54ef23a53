import CLibGit2

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
        // The tree's entries, by name.
        var treeItems: [(name: [UInt8], oid: git_oid, mode: UInt32)] = []
        if var oid = treeOID {
            let tree = try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_tree_free) {
                git_tree_lookup($0, repository.pointer, &oid)
            }
            let count = git_tree_entrycount(tree.pointer)
            treeItems.reserveCapacity(count)
            for position in 0..<count {
                guard let item = git_tree_entry_byindex(tree.pointer, position) else { continue }
                let name = Array(String(cString: git_tree_entry_name(item)).utf8)
                treeItems.append((name, git_tree_entry_id(item).pointee, git_tree_entry_filemode(item).rawValue))
            }
        }
        // The index's entries in this directory: files, and runs of entries per subdirectory.
        var files: [PathKey: Int] = [:]
        var subdirectories: [PathKey: Range<Int>] = [:]
        var position = range.lowerBound
        let skip = prefix.isEmpty ? 0 : prefix.count + 1
        while position < range.upperBound {
            let path = self.path(position)
            let rest = path.dropFirst(skip)
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                let name = PathKey(bytes: Array(rest[..<slash]))
                let directoryPrefix = Array(path[...slash])
                let end = runEnd(of: directoryPrefix, from: position + 1, before: range.upperBound)
                subdirectories[name] = position..<end
                position = end
            } else {
                files[PathKey(bytes: Array(rest))] = position
                position += 1
            }
        }
        var seenFiles: Set<PathKey> = []
        var seenDirectories: Set<PathKey> = []
        for item in treeItems {
            let path = prefix.isEmpty ? item.name : prefix + [UInt8(ascii: "/")] + item.name
            let name = PathKey(bytes: item.name)
            if item.mode == GIT_FILEMODE_TREE.rawValue {
                seenDirectories.insert(name)
                let subrange = subdirectories[name] ?? range.upperBound..<range.upperBound
                try compare(treeOID: item.oid, prefix: path, range: subrange, into: &result)
            } else if let position = files[name] {
                seenFiles.insert(name)
                let entry = entry(position)
                guard entry.oid != item.oid || entry.mode != item.mode else { continue }
                let kind: Delta.Kind = (entry.mode & 0o170000) != (item.mode & 0o170000) ? .typeChanged : .modified
                result.append(delta(kind, path, old: (item.oid, item.mode), new: (entry.oid, entry.mode)))
            } else {
                result.append(delta(.deleted, path, old: (item.oid, item.mode), new: nil))
            }
        }
        for (name, position) in files where !seenFiles.contains(name) {
            let entry = entry(position)
            result.append(delta(.added, Array(index.path(of: entry)), old: nil, new: (entry.oid, entry.mode)))
        }
        for (name, subrange) in subdirectories where !seenDirectories.contains(name) {
            try compare(
                treeOID: nil, prefix: prefix.isEmpty ? name.bytes : prefix + [UInt8(ascii: "/")] + name.bytes, range: subrange,
                into: &result)
        }
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

    private func delta(_ kind: Delta.Kind, _ path: [UInt8], old: (git_oid, UInt32)?, new: (git_oid, UInt32)?) -> Delta {
        let text = String(decoding: path, as: UTF8.self)
        return Delta(
            kind: kind, path: text, oldPath: text, oldOID: old?.0 ?? git_oid(), newOID: new?.0 ?? git_oid(),
            oldMode: old?.1 ?? 0, newMode: new?.1 ?? 0)
    }
}
