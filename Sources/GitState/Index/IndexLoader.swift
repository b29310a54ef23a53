import CLibGit2

/// Reads a repository's index the way git holds it after reading, in GitState's form or as a
/// libgit2 index for libgit2's diffs.
struct IndexLoader {
    let repository: Repository

    /// The index as git holds it after reading: parsed from its file (merged with
    /// its shared index when split) and adjusted as git adjusts it in a sparse checkout.
    func read() throws(GitStateError) -> IndexFile {
        let indexPath = repository.indexPath
        var file: IndexFile
        do {
            file = try IndexFile.read(indexPath, gitDirectory: repository.gitDirectory)
        } catch {
            throw IndexFormat.explain(error, path: indexPath)
        }
        try SparseCheckout(repository: repository).adjust(&file)
        return file
    }

    /// The index for libgit2's diffs (`DiffStatusEngine`, history's diffs against the index), as a
    /// libgit2 index and in GitState's form.
    ///
    /// Usually libgit2's own; for what libgit2 1.5.1 cannot read (split and sparse
    /// indexes) and for the skip-worktree bits git clears after reading, a
    /// `MemoryIndex` of the entries as git sees them (`inMemory`).
    ///
    /// Under `core.ignorecase` libgit2 would match the index's names with the work
    /// tree's without case; git, on a case-sensitive file system, compares each
    /// entry with exactly its file, so the `MemoryIndex` (case-sensitive) serves then too.
    func load() throws(GitStateError) -> (handle: Handle, entries: IndexFile, inMemory: Bool) {
        if !WorkTreeSettings(repository: repository).ignoreCase, let loaded = try loadLibgit2() {
            var entries = IndexFile(libgit2: loaded.pointer)
            if try !SparseCheckout(repository: repository).adjust(&entries) { return (loaded, entries, false) }
        }
        let entries = try read().expandingSparseDirectories(repository: repository)
        return (try MemoryIndex(entries, path: repository.indexPath).handle, entries, true)
    }

    /// libgit2's own index; `nil` for the formats it cannot read (split, sparse).
    private func loadLibgit2() throws(GitStateError) -> Handle? {
        let indexPath = repository.indexPath
        do {
            return try Trace.measure("index load") { () throws(GitStateError) -> Handle in
                try makeHandle(path: indexPath, kind: .corruptIndex, free: git_index_free) {
                    git_repository_index($0, repository.pointer)
                }
            }
        } catch {
            let explained = IndexFormat.explain(error, path: indexPath)
            guard explained.kind == .unsupportedFormat else { throw explained }
            return nil
        }
    }
}
