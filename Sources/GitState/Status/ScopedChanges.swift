#if canImport(Glibc)
import Glibc
#endif

/// What both status engines do to keep a scoped read to its scope, beyond reading only part of
/// the work tree: git limits its diffs to the pathspec before it pairs renames, so a file moved
/// across the scope's edge is an addition on one side and a deletion on the other (checked
/// against `git status -- <path>` in ScopedStatusDifferentialTests).
extension PathScope {
    /// Untracked names as found in the scope's directories, narrowed to it: a name inside is
    /// kept; a directory holding part of the scope (git lists `dir/` unscoped) is replaced by
    /// that part as it stands in the work tree (`dir/sub/`, or the file `dir/sub`), which git's
    /// scoped walk lists instead; anything else is outside and dropped.
    func narrow(_ candidates: [WorkTreeScanner.Candidate], root: String) -> [WorkTreeScanner.Candidate] {
        var result: [WorkTreeScanner.Candidate] = []
        for candidate in candidates {
            if contains(candidate.path, isDirectory: candidate.isDirectory) {
                result.append(candidate)
                continue
            }
            guard candidate.isDirectory else { continue }
            for inner in pathsBelow(directory: candidate.path) {
                var info = stat()
                guard lstat(root + "/" + String(decoding: inner, as: UTF8.self), &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: result.append(WorkTreeScanner.Candidate(path: inner, isDirectory: true))
                case S_IFREG, S_IFLNK: result.append(WorkTreeScanner.Candidate(path: inner, isDirectory: false))
                default: continue
                }
            }
        }
        return result
    }

    /// The index facts about paths in the scope only (conflicts outside are not reported).
    func restrict(_ facts: IndexFacts) -> IndexFacts {
        var facts = facts
        facts.conflicts = facts.conflicts.filter { contains($0.key) }
        facts.intentToAdd = facts.intentToAdd.filter { contains($0) }
        facts.skipWorktree = facts.skipWorktree.filter { contains($0) }
        return facts
    }

    /// The entries of the final answer in the scope: a rename's source is in it too, since
    /// renames were paired inside the scope only.
    func restrict(_ changes: WorkingTreeChanges) -> WorkingTreeChanges {
        WorkingTreeChanges(
            status: changes.status.filter { contains($0.path) },
            staged: changes.staged.filter { contains($0.path) },
            unstaged: changes.unstaged.filter { contains($0.path) })
    }

    /// The prefixes as a libgit2 pathspec (matched literally, a directory by prefix), or `nil`
    /// for the whole tree.
    var pathspec: [[UInt8]]? { isWholeTree ? nil : prefixes }

    /// The pathspec for a diff whose files are not filtered afterwards (a patch): a `dir/` as
    /// `dir/`, which libgit2's literal match takes as what lies below `dir` only.
    var directoryPathspec: [[UInt8]]? {
        isWholeTree ? nil : zip(prefixes, directoryOnly).map { $1 ? $0 + [UInt8(ascii: "/")] : $0 }
    }
}
