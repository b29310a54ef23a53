import CLibGit2

/// The index's paths and directories compared without ASCII case, as git's
/// name hash compares them under `core.ignorecase` (`index_file_exists`,
/// `index_dir_exists` in name-hash.c).
///
/// On a case-sensitive file system git still compares each index entry with
/// the file of exactly its name (so `README` on disk does not stand for an entry
/// `readme`: the entry is deleted); only the search for untracked files asks
/// this: a work-tree name that matches an entry or a directory of the index
/// without case is not untracked, and such a directory is searched as a
/// tracked one.
struct CaseFoldedPaths {
    private var files: Set<[UInt8]> = []
    private var directories: Set<[UInt8]> = []
    private var submodules: Set<[UInt8]> = []

    init(index: IndexFile) {
        files.reserveCapacity(index.entries.count)
        for entry in index.entries {
            let folded = CaseFoldedPaths.fold(index.path(of: entry))
            files.insert(folded)
            if entry.mode == GIT_FILEMODE_COMMIT.rawValue { submodules.insert(folded) }
            // Every leading directory, deepest first; once one is known its parents are too.
            var end = folded.endIndex
            while let slash = folded[..<end].lastIndex(of: UInt8(ascii: "/")) {
                guard directories.insert(Array(folded[..<slash])).inserted else { break }
                end = slash
            }
        }
    }

    func containsFile<Path: Collection<UInt8>>(_ path: Path) -> Bool { files.contains(CaseFoldedPaths.fold(path)) }

    func containsDirectory<Path: Collection<UInt8>>(_ path: Path) -> Bool {
        directories.contains(CaseFoldedPaths.fold(path))
    }

    /// A gitlink: git never lists its directory as untracked.
    func containsSubmodule<Path: Collection<UInt8>>(_ path: Path) -> Bool {
        !submodules.isEmpty && submodules.contains(CaseFoldedPaths.fold(path))
    }

    /// Whether the path, or a directory it lies in, is a gitlink.
    func liesInSubmodule(_ path: [UInt8]) -> Bool {
        guard !submodules.isEmpty else { return false }
        let folded = CaseFoldedPaths.fold(path)
        if submodules.contains(folded) { return true }
        return folded.indices.contains { folded[$0] == UInt8(ascii: "/") && submodules.contains(Array(folded[..<$0])) }
    }

    /// git folds ASCII letters only (`tolower` in its own ctype table).
    static func fold<Path: Collection<UInt8>>(_ path: Path) -> [UInt8] {
        path.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
    }

    /// `fspathcmp(name, ".git")`: the name git skips in every directory it lists.
    static func isGitDirectoryName<Name: Collection<UInt8>>(_ name: Name, ignoreCase: Bool) -> Bool {
        guard name.count == 4 else { return false }
        return zip(name, ".git".utf8).allSatisfy { byte, expected in
            byte == expected
                || (ignoreCase && byte | 0x20 == expected && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
    }
}
