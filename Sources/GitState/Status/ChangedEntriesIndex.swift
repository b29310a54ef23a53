import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// An in-memory libgit2 index holding only the entries a staged diff changed.
struct ChangedEntriesIndex {
    let handle: Handle
    /// Every changed path, added, deleted or modified.
    let paths: [String]

    init(deltas: [Delta], path: String) throws(GitStateError) {
        handle = try makeHandle(path: path, free: git_index_free) { git_index_new($0) }
        paths = deltas.map(\.path)
        for delta in deltas where delta.kind != .deleted {
            var entry = git_index_entry()
            entry.mode = delta.newMode
            entry.id = delta.newOID
            let code = delta.path.withCString { pathPointer in
                entry.path = pathPointer
                return git_index_add(handle.pointer, &entry)
            }
            try LibGit2.check(code, path: path)
        }
    }
}
