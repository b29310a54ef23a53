import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// What git does to the index it has just read in a sparse checkout
/// (`repo_read_index` and `clear_skip_worktree_from_present_files`, git 2.39):
///
/// - an entry marked skip-worktree whose path is present in the work tree
///   loses the mark, so status compares it like any other file (unless
///   `sparse.expectFilesOutsideOfPatterns` says such files are expected);
/// - a sparse directory (sparse index) present on disk makes git expand the
///   whole index to files first, which also decides how untracked files inside
///   it are listed: one by one, beside the files the index knows there.
///
/// A sparse directory that is absent stays one entry: its files are all
/// skip-worktree and absent, so the expanded index would report nothing more.
struct SparseCheckout {
    let repository: Repository

    /// Adjusts `index` as git would; says whether anything changed.
    @discardableResult
    func adjust(_ index: inout IndexFile) throws(GitStateError) -> Bool {
        guard let root = repository.workTree else { return false }
        let sparseCheckout = repository.configBool("core.sparsecheckout") ?? false
        // The ordinary index: one configuration lookup, no pass over the entries.
        guard sparseCheckout || index.hasSparseDirectories else { return false }
        var changed = false
        if index.hasSparseDirectories
            && index.entries.contains(where: {
                $0.isSparseDirectory && SparseCheckout.isPresent(index.path(of: $0), root: root)
            })
        {
            index = try index.expandingSparseDirectories(repository: repository)
            // The monitor's bitmap counts the entries as written, sparse directories included.
            index.fsmonitor = nil
            changed = true
        }
        let expectFilesOutside = repository.configBool("sparse.expectfilesoutsideofpatterns") ?? false
        guard sparseCheckout && !expectFilesOutside else { return changed }
        for position in index.entries.indices where index.entries[position].skipWorktree {
            if SparseCheckout.isPresent(index.path(at: position), root: root) {
                index.entries[position].extendedFlags &= ~IndexEntry.skipWorktreeFlag
                changed = true
            }
        }
        return changed
    }

    /// git's `path_found`: whether `lstat` finds the path (a sparse directory's
    /// path keeps its trailing slash, so only a directory, or a link to one, counts).
    static func isPresent(_ path: ArraySlice<UInt8>, root: String) -> Bool {
        var full = Array(root.utf8)
        full.append(UInt8(ascii: "/"))
        full.append(contentsOf: path)
        full.append(0)
        var info = stat()
        return full.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { lstat($0, &info) == 0 }
        }
    }
}

extension IndexFile {
    /// git's `ensure_full_index`: every sparse directory replaced by the files of
    /// its tree, each marked skip-worktree and with no stat data, as git adds them.
    func expandingSparseDirectories(repository: Repository) throws(GitStateError) -> IndexFile {
        var expanded = self
        expanded.entries = []
        expanded.entries.reserveCapacity(entries.count)
        for entry in entries {
            guard entry.isSparseDirectory else {
                expanded.entries.append(entry)
                continue
            }
            // The entry's path ends in "/"; the files below it follow in tree order, which is index order.
            try expanded.appendFiles(of: entry.oid, prefix: Array(path(of: entry).dropLast()), repository: repository)
        }
        expanded.hasSparseDirectories = false
        return expanded
    }

    private mutating func appendFiles(of tree: git_oid, prefix: [UInt8], repository: Repository)
        throws(GitStateError)
    {
        for item in try repository.treeItems(of: tree) {
            let path = prefix + [UInt8(ascii: "/")] + item.name
            if item.isTree {
                try appendFiles(of: item.oid, prefix: path, repository: repository)
                continue
            }
            let start = UInt32(names.count)
            names.append(contentsOf: path)
            entries.append(
                IndexEntry(
                    pathStart: start, pathLength: UInt32(path.count), ctimeSeconds: 0, ctimeNanoseconds: 0,
                    mtimeSeconds: 0, mtimeNanoseconds: 0, inode: 0, mode: item.mode, uid: 0, gid: 0, size: 0,
                    oid: item.oid, flags: IndexEntry.extendedFlag, extendedFlags: IndexEntry.skipWorktreeFlag))
        }
    }
}
