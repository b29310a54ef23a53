import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Answers whether any attribute file could apply to a work-tree path, probing each place
/// libgit2 would read once.
///
/// Every clean filter and diff-driver lookup makes libgit2 gather a path's attribute files
/// afresh: the system and global files, `info/attributes`, and a `.gitattributes` in every
/// directory from the path's up to the root, each found by `realpath` and `access`: about
/// thirty system calls and 150,000 instructions per file. Most repositories have no
/// attribute file at all; then no attribute applies, and GitState can skip the lookups:
/// its own (`AttributeRules`) and libgit2's (the filters of its work-tree diff, the patches of
/// the document's changes).
///
/// The places are libgit2 1.5.1's (`collect_attr_files`): the system `gitattributes` on its
/// system search path, `core.attributesFile` (or `attributes` on its XDG search path),
/// `<common dir>/info/attributes`, and the work tree's `.gitattributes` files; with the index,
/// also its `.gitattributes` entries, which git (and `AttributeRules`, not libgit2, which GitState
/// gives an empty index while it reads contents: `Repository.shadowIndex`) reads where the work
/// tree's file is missing. Any doubt counts as "may apply".
///
/// A class because its answers are remembered per directory for the reader's lifetime (one
/// status read); it is not shared between threads.
final class AttributeFileProbe {
    private let workTree: String?
    private let sharedFileExists: Bool
    private let repository: Repository
    /// The index whose `.gitattributes` git reads where the work tree has none.
    private let index: IndexFile?
    private var directoryHasFile: [Substring: Bool] = [:]

    init(repository: Repository, index: IndexFile? = nil) {
        self.repository = repository
        workTree = repository.workTree
        self.index = index
        sharedFileExists =
            Self.existsInSearchPath(level: GIT_CONFIG_LEVEL_SYSTEM, file: "gitattributes")
            || Self.globalFileMayExist(repository)
            || Self.exists(repository.commonDirectory + "/info/attributes")
    }

    /// False only when no attribute file exists in any place libgit2 reads for `relativePath`.
    func anyMayApply(to relativePath: String) -> Bool {
        if sharedFileExists { return true }
        guard let workTree else { return true }
        // The root's file, then each directory's down to the path's own.
        var directory = relativePath[...]
        var directories: [Substring] = [""]
        while let slash = directory.lastIndex(of: "/") {
            directory = directory[..<slash]
            directories.append(directory)
        }
        for directory in directories {
            if let known = directoryHasFile[directory] {
                if known { return true }
                continue
            }
            let relative = directory.isEmpty ? ".gitattributes" : directory + "/.gitattributes"
            let found =
                Self.exists(workTree + "/" + relative)
                || index.flatMap { AttributeRules.indexEntry(relative, in: $0, repository: repository) } != nil
            directoryHasFile[directory] = found
            if found { return true }
        }
        return false
    }

    /// `core.attributesFile` when set (any value counts), else `attributes` on the XDG path.
    private static func globalFileMayExist(_ repository: Repository) -> Bool {
        if repository.configString("core.attributesfile") != nil { return true }
        return existsInSearchPath(level: GIT_CONFIG_LEVEL_XDG, file: "attributes")
    }

    /// Whether `file` exists in one of the directories libgit2 searches for `level`.
    private static func existsInSearchPath(level: git_config_level_t, file: String) -> Bool {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard handoff_git_search_path(level.rawValue, &buffer) == 0 else { return true }
        guard let pointer = buffer.ptr else { return false }
        let list = String(cString: pointer)
        // An escaped separator would need libgit2's own splitting: count it as a doubt.
        if list.contains("\\") { return true }
        return list.split(separator: ":").contains { exists($0 + "/" + file) }
    }

    /// Anything at `path`, a dangling link too; an error other than "no such file" counts as a doubt.
    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 || (errno != ENOENT && errno != ENOTDIR)
    }
}
