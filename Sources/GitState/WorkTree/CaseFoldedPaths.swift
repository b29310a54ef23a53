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
///
/// The tables hold positions in the index's name buffer, not copies of the
/// paths: a million entries cost two arrays of integers, not a million arrays.
struct CaseFoldedPaths {
    private let names: [UInt8]
    private var files: FoldedTable
    private var directories: FoldedTable
    private var submodules: Set<[UInt8]> = []

    init(index: IndexFile) {
        names = index.names
        files = FoldedTable(capacity: index.entries.count)
        directories = FoldedTable(capacity: index.entries.count / 4)
        // Each slash's hash of the path before it, collected in one pass per path.
        var slashes: [(length: Int, hash: UInt64)] = []
        names.withUnsafeBufferPointer { buffer in
            for entry in index.entries {
                let start = Int(entry.pathStart)
                let path = UnsafeBufferPointer(rebasing: buffer[start..<(start + Int(entry.pathLength))])
                slashes.removeAll(keepingCapacity: true)
                var hash = FoldedTable.seed
                for (offset, byte) in path.enumerated() {
                    if byte == UInt8(ascii: "/") { slashes.append((offset, hash)) }
                    hash = FoldedTable.mix(hash, byte)
                }
                files.insert(start: start, length: path.count, hash: hash, names: buffer)
                // Leading directories, deepest first; once one is known its parents are too.
                for slash in slashes.reversed() {
                    let added = directories.insert(start: start, length: slash.length, hash: slash.hash, names: buffer)
                    if !added { break }
                }
                if entry.mode == GIT_FILEMODE_COMMIT.rawValue { submodules.insert(CaseFoldedPaths.fold(path)) }
            }
        }
    }

    func containsFile(_ path: [UInt8]) -> Bool {
        names.withUnsafeBufferPointer { files.contains(path, names: $0) }
    }

    func containsDirectory(_ path: [UInt8]) -> Bool {
        names.withUnsafeBufferPointer { directories.contains(path, names: $0) }
    }

    /// Whether the path, or a directory it lies in, is a gitlink: git never lists
    /// a submodule's directory, in any case, as untracked.
    func liesInSubmodule(_ path: [UInt8]) -> Bool {
        guard !submodules.isEmpty else { return false }
        let folded = CaseFoldedPaths.fold(path)
        if submodules.contains(folded) { return true }
        return folded.indices.contains { folded[$0] == UInt8(ascii: "/") && submodules.contains(Array(folded[..<$0])) }
    }

    /// git folds ASCII letters only (`tolower` in its own ctype table).
    static func fold<Path: Collection<UInt8>>(_ path: Path) -> [UInt8] { path.map(fold) }

    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `fspathcmp(name, ".git")`: the name git skips in every directory it lists.
    static func isGitDirectoryName<Name: Collection<UInt8>>(_ name: Name, ignoreCase: Bool) -> Bool {
        guard name.count == 4 else { return false }
        return zip(name, ".git".utf8).allSatisfy { byte, expected in
            byte == expected || (ignoreCase && fold(byte) == expected)
        }
    }
}

/// An open-addressing set of paths kept as (start, length) in a name buffer,
/// hashed and compared without ASCII case.
private struct FoldedTable {
    /// `start << 32 | length`; 0 is an empty slot (no path is empty).
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    // FNV-1a over the folded bytes.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(CaseFoldedPaths.fold(byte))) &* 0x100_0000_01b3
    }

    /// Adds the path; `false` when it (in some case) was there already.
    @discardableResult
    mutating func insert(start: Int, length: Int, hash: UInt64, names: UnsafeBufferPointer<UInt8>) -> Bool {
        if slots.count / 2 < occupied + 1 { grow(names: names) }
        let key = UnsafeBufferPointer(rebasing: names[start..<(start + length)])
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if FoldedTable.equal(slots[slot], key, names: names) { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = UInt64(start) << 32 | UInt64(length)
        occupied += 1
        return true
    }

    func contains(_ path: [UInt8], names: UnsafeBufferPointer<UInt8>) -> Bool {
        path.withUnsafeBufferPointer { key in
            var slot = Int(truncatingIfNeeded: key.reduce(FoldedTable.seed, FoldedTable.mix)) & mask
            while slots[slot] != 0 {
                if FoldedTable.equal(slots[slot], key, names: names) { return true }
                slot = (slot + 1) & mask
            }
            return false
        }
    }

    private var occupied = 0

    private mutating func grow(names: UnsafeBufferPointer<UInt8>) {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for value in old where value != 0 {
            let start = Int(value >> 32)
            let key = UnsafeBufferPointer(rebasing: names[start..<(start + Int(value & 0xffff_ffff))])
            var slot = Int(truncatingIfNeeded: key.reduce(FoldedTable.seed, FoldedTable.mix)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = value
        }
    }

    private static func equal(_ value: UInt64, _ key: UnsafeBufferPointer<UInt8>, names: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        let length = Int(value & 0xffff_ffff)
        guard length == key.count else { return false }
        let start = Int(value >> 32)
        for offset in 0..<length {
            if CaseFoldedPaths.fold(names[start + offset]) != CaseFoldedPaths.fold(key[offset]) { return false }
        }
        return true
    }
}
