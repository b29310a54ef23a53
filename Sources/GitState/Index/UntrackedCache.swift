import CLibGit2

/// The index's `UNTR` extension (git's `read_untracked_extension` in dir.c): the untracked
/// names git found in each directory the last time it listed it, with what that listing
/// depended on (the directory's stat data, its `.gitignore`'s object id, the global exclude
/// files' ids, and the flags of the walk).
///
/// Read-only: git rewrites it; handoff only decides, per directory, whether git would trust it
/// (`UntrackedCacheReuse`).
struct UntrackedCache {
    /// The stat fields git keeps for a directory or an exclude file (`struct stat_data`).
    struct StatData: Equatable {
        var ctimeSeconds: UInt32 = 0
        var ctimeNanoseconds: UInt32 = 0
        var mtimeSeconds: UInt32 = 0
        var mtimeNanoseconds: UInt32 = 0
        var device: UInt32 = 0
        var inode: UInt32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        var size: UInt32 = 0

        static let encodedSize = 36

        init() {}

        init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            func field(_ number: Int) -> UInt32 { bytes.bigEndian32(at: offset + 4 * number) }
            ctimeSeconds = field(0)
            ctimeNanoseconds = field(1)
            mtimeSeconds = field(2)
            mtimeNanoseconds = field(3)
            device = field(4)
            inode = field(5)
            uid = field(6)
            gid = field(7)
            size = field(8)
        }
    }

    struct Directory {
        /// The directory's own name (no slash; "" for the root).
        var name: [UInt8]
        /// What git listed here: untracked files, and untracked directories as `name/`.
        var untracked: [[UInt8]]
        /// Positions (in `directories`) of the directories below this one git walked.
        var children: [Int] = []
        /// The directory was last walked only to see whether it holds anything (an untracked
        /// or ignored directory), not to list it.
        var checkOnly = false
        /// The listing is complete, as of `stat`.
        var valid = false
        var stat = StatData()
        /// The object id of its `.gitignore` (`nil`: there was none).
        var excludeOID: git_oid?
    }

    /// `Location <work tree>, system <kernel name>`: where the cache was made.
    var ident: [UInt8]
    var infoExcludeOID: git_oid?
    var excludesFileOID: git_oid?
    /// The walk's `dir_flags` (`git status` without `-uall`: show other directories, hide empty ones).
    var flags: UInt32
    var excludePerDirectory: [UInt8]
    /// Depth first, the root first (empty when git has not walked the tree yet).
    var directories: [Directory] = []

    /// Reads the extension's body; `nil` when it is malformed (git drops it then).
    init?(body: UnsafeRawBufferPointer) {
        var reader = Reader(bytes: body)
        // The body ends with a NUL that belongs to no field.
        guard body.count > 1, body[body.count - 1] == 0 else { return nil }
        reader.end = body.count - 1
        guard let identLength = reader.varint(), let identBytes = reader.take(identLength) else { return nil }
        ident = Array(identBytes.prefix { $0 != 0 })
        // Two stat data, the flags, two object ids, then the per-directory file name.
        let fixed = 2 * StatData.encodedSize + 4 + 2 * 20
        guard let header = reader.take(fixed), let perDirectory = reader.string() else { return nil }
        flags = header.bigEndian32(at: 2 * StatData.encodedSize)
        func optionalOID(_ offset: Int) -> git_oid? {
            let oid = header.oid(at: offset)
            return oid == git_oid() ? nil : oid
        }
        infoExcludeOID = optionalOID(2 * StatData.encodedSize + 4)
        excludesFileOID = optionalOID(2 * StatData.encodedSize + 4 + 20)
        excludePerDirectory = Array(perDirectory)
        if reader.offset >= reader.end { return }
        guard let count = reader.varint() else { return nil }
        if count == 0 {
            guard reader.offset == reader.end else { return nil }
            return
        }
        guard count <= body.count else { return nil }
        directories.reserveCapacity(count)
        guard readDirectory(&reader), directories.count == count else { return nil }
        // Three bitmaps: valid (with stat data), check-only, has a `.gitignore` id.
        var bitmaps: [[Int]] = []
        for _ in 0..<3 {
            let rest = UnsafeRawBufferPointer(rebasing: body[reader.offset..<reader.end])
            guard let bitmap = EWAHBitmap(bytes: rest), let bits = bitmap.setPositions(below: count) else {
                return nil
            }
            bitmaps.append(bits)
            reader.offset += bitmap.encodedSize
        }
        for position in bitmaps[1] { directories[position].checkOnly = true }
        for position in bitmaps[0] {
            guard let data = reader.take(StatData.encodedSize) else { return nil }
            directories[position].valid = true
            directories[position].stat = StatData(data, at: 0)
        }
        for position in bitmaps[2] {
            guard let data = reader.take(20) else { return nil }
            directories[position].excludeOID = data.oid(at: 0)
        }
        guard reader.offset == reader.end else { return nil }
    }

    /// One directory block and, after it, its subdirectories' (git's `read_one_dir`).
    private mutating func readDirectory(_ reader: inout Reader) -> Bool {
        guard let untrackedCount = reader.varint(), let childCount = reader.varint(),
            untrackedCount <= reader.end, childCount <= reader.end, let name = reader.string()
        else { return false }
        var untracked: [[UInt8]] = []
        untracked.reserveCapacity(untrackedCount)
        for _ in 0..<untrackedCount {
            guard let entry = reader.string() else { return false }
            untracked.append(Array(entry))
        }
        let position = directories.count
        directories.append(Directory(name: Array(name), untracked: untracked))
        for _ in 0..<childCount {
            directories[position].children.append(directories.count)
            guard readDirectory(&reader) else { return false }
        }
        return true
    }

    /// The position of the directory at `path` ("" for the root), following git's walk from the root.
    func directory(at path: ArraySlice<UInt8>) -> Int? {
        guard !directories.isEmpty else { return nil }
        var current = 0
        if path.isEmpty { return current }
        for component in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard
                let next = directories[current].children.first(where: { directories[$0].name.elementsEqual(component) })
            else { return nil }
            current = next
        }
        return current
    }

    /// Reads the extension's fields in order, never past `end`.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var end = 0

        /// git's variable-width integer (`decode_varint`), as index v4 compresses paths.
        mutating func varint() -> Int? {
            guard offset < end else { return nil }
            var byte = bytes[offset]
            offset += 1
            var value = Int(byte & 0x7f)
            while byte & 0x80 != 0 {
                guard offset < end, value < Int.max >> 8 else { return nil }
                byte = bytes[offset]
                offset += 1
                value = ((value + 1) << 7) | Int(byte & 0x7f)
            }
            return value
        }

        /// The next `count` bytes.
        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count <= end - offset else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }

        /// A NUL-terminated string, without its NUL.
        mutating func string() -> UnsafeRawBufferPointer.SubSequence? {
            guard offset < end, let nul = bytes[offset..<end].firstIndex(of: 0) else { return nil }
            defer { offset = nul + 1 }
            return bytes[offset..<nul]
        }
    }
}
