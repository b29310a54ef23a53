import CLibGit2

/// A libgit2 index that lives only in memory, filled with entries GitState has
/// read itself: how the libgit2 engine reads what libgit2 1.5.1 cannot (split
/// and sparse indexes) and sees the skip-worktree bits git clears after reading
/// (`SparseCheckout`). Nothing is written anywhere.
///
/// Such an index has no file, so libgit2 cannot tell a racily clean entry
/// (its file changed in the second the index was written) from a clean one;
/// those entries are given no modification time, which makes libgit2 compare
/// their contents, as git does.
struct MemoryIndex {
    let handle: Handle

    /// `index` must hold files only: sparse directories expanded.
    init(_ index: IndexFile, path: String) throws(GitStateError) {
        handle = try makeHandle(path: path, kind: .corruptIndex, free: git_index_free) { git_index_new($0) }
        for entry in index.entries {
            var raw = git_index_entry()
            raw.ctime = git_index_time(
                seconds: Int32(bitPattern: entry.ctimeSeconds), nanoseconds: entry.ctimeNanoseconds)
            raw.mtime = git_index_time(
                seconds: Int32(bitPattern: entry.mtimeSeconds), nanoseconds: entry.mtimeNanoseconds)
            if index.isRacy(mtimeSeconds: entry.mtimeSeconds, mtimeNanoseconds: entry.mtimeNanoseconds) {
                raw.mtime = git_index_time(seconds: 0, nanoseconds: 0)
            }
            raw.ino = entry.inode
            raw.mode = entry.mode
            raw.uid = entry.uid
            raw.gid = entry.gid
            raw.file_size = entry.size
            raw.id = entry.oid
            raw.flags = entry.flags
            raw.flags_extended = entry.extendedFlags
            var path = Array(index.path(of: entry))
            path.append(0)
            let code = path.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    raw.path = pointer
                    return git_index_add(handle.pointer, &raw)
                }
            }
            try LibGit2.check(code, kind: .corruptIndex, path: String(decoding: path.dropLast(), as: UTF8.self))
        }
    }
}
