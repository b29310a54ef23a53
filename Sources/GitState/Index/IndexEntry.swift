import CLibGit2
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One entry of the index, with the stat data git compares the work tree against.
///
/// 64 bytes: a million-entry index keeps a million of these, so the 32-bit fields come
/// first and the path length and mode (which git's modes fit) take 16 bits each.
struct IndexEntry {
    /// Where the path lies in the index's name buffer (`IndexFile.path(of:)` reads it).
    var pathStart: UInt32
    var ctimeSeconds: UInt32
    var ctimeNanoseconds: UInt32
    var mtimeSeconds: UInt32
    var mtimeNanoseconds: UInt32
    var inode: UInt32
    var uid: UInt32
    var gid: UInt32
    var size: UInt32
    var oid: git_oid
    var pathLength: UInt16
    /// The mode's bits (`mode` reads them as git's 32-bit mode).
    var modeBits: UInt16
    var flags: UInt16
    var extendedFlags: UInt16

    var mode: UInt32 {
        get { UInt32(modeBits) }
        set { modeBits = UInt16(truncatingIfNeeded: newValue) }
    }

    /// The longest path an entry holds (paths are far shorter on every file system git runs on).
    static let longestPath = Int(UInt16.max)
    var stage: Int { Int((flags >> 12) & 0x3) }
    /// `--assume-unchanged`.
    var assumeValid: Bool { flags & 0x8000 != 0 }
    var skipWorktree: Bool { extendedFlags & IndexEntry.skipWorktreeFlag != 0 }
    var intentToAdd: Bool { extendedFlags & 0x2000 != 0 }
    /// A sparse index's stand-in for a whole directory outside the cone: its path
    /// ends in `/` and its object is the directory's tree.
    var isSparseDirectory: Bool { mode == IndexEntry.sparseDirectoryMode }
    static let sparseDirectoryMode: UInt32 = 0o040000
    /// In `flags`: the path's length, or all ones for a length of 0xFFF or more.
    static let pathLengthMask: UInt16 = 0x0FFF
    /// In `flags`: the entry has extended flags.
    static let extendedFlag: UInt16 = 0x4000
    /// In `extendedFlags`.
    static let skipWorktreeFlag: UInt16 = 0x4000
    /// The entry as libgit2 loaded it, its path appended to `names`.
    init(_ entry: git_index_entry, names: inout [UInt8]) {
        // The path's bytes as they are: git's paths need not be UTF-8, and `String(cString:)`
        // would replace what is not (found by the `index` fuzz target against libgit2's reader).
        let path = UnsafeRawBufferPointer(start: entry.path, count: strlen(entry.path)).prefix(IndexEntry.longestPath)
        pathStart = UInt32(names.count)
        pathLength = UInt16(path.count)
        names.append(contentsOf: path)
        ctimeSeconds = UInt32(truncatingIfNeeded: entry.ctime.seconds)
        ctimeNanoseconds = entry.ctime.nanoseconds
        mtimeSeconds = UInt32(truncatingIfNeeded: entry.mtime.seconds)
        mtimeNanoseconds = entry.mtime.nanoseconds
        inode = entry.ino
        modeBits = UInt16(truncatingIfNeeded: entry.mode)
        uid = entry.uid
        gid = entry.gid
        size = entry.file_size
        oid = entry.id
        flags = entry.flags
        extendedFlags = entry.flags_extended
    }

    init(
        pathStart: UInt32, pathLength: UInt32, ctimeSeconds: UInt32, ctimeNanoseconds: UInt32, mtimeSeconds: UInt32,
        mtimeNanoseconds: UInt32,
        inode: UInt32, mode: UInt32, uid: UInt32, gid: UInt32, size: UInt32, oid: git_oid, flags: UInt16,
        extendedFlags: UInt16
    ) {
        self.pathStart = pathStart
        self.pathLength = UInt16(clamping: pathLength)
        self.ctimeSeconds = ctimeSeconds
        self.ctimeNanoseconds = ctimeNanoseconds
        self.mtimeSeconds = mtimeSeconds
        self.mtimeNanoseconds = mtimeNanoseconds
        self.inode = inode
        self.modeBits = UInt16(truncatingIfNeeded: mode)
        self.uid = uid
        self.gid = gid
        self.size = size
        self.oid = oid
        self.flags = flags
        self.extendedFlags = extendedFlags
    }
}
