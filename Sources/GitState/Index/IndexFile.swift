import CLibGit2
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The index file, parsed directly from a memory map: a few milliseconds where
/// libgit2's loader takes tens to hundreds (it builds a hash map and copies
/// every entry).
///
/// Handles versions 2, 3 and 4, the cache-tree extension, and notes the split
/// (`link`, see `SplitIndex`) and sparse (`sdir`) extensions for the readers
/// that resolve them.
struct IndexFile {
    var version: UInt32
    var entries: [IndexEntry]
    /// Directories whose tree object the index already knows (`TREE` extension),
    /// by their path without a trailing slash ("" for the root).
    var cacheTree: [PathKey: git_oid]
    /// The buffer every entry's `path` slices (its indices are positions in it).
    var names: [UInt8] = []
    /// The index file's modification time: entries modified at or after it are "racily clean".
    var timestampSeconds: UInt32
    var timestampNanoseconds: UInt32
    /// The file's trailing checksum (a split index names its shared index by it).
    var checksum = git_oid()
    /// The `link` extension: this file holds only the changes to a shared index.
    var split: SplitIndex? = nil
    /// The `sdir` extension: entries with mode 040000 and a path ending in `/` stand
    /// for whole directories outside the sparse-checkout cone.
    var hasSparseDirectories = false
    /// The `FSMN` extension: the file-system monitor's token and dirty entries (`FileSystemMonitor`).
    var fsmonitor: FSMonitorExtension? = nil
    /// The `UNTR` extension: git's untracked cache (`UntrackedCacheReuse`).
    var untrackedCache: UntrackedCache? = nil

    /// git's `is_racy_timestamp`: an entry modified no earlier than the index file was
    /// written may have changed in that same instant without its stat data showing it.
    func isRacy(mtimeSeconds: UInt32, mtimeNanoseconds: UInt32) -> Bool {
        timestampSeconds != 0
            && (timestampSeconds < mtimeSeconds
                || (timestampSeconds == mtimeSeconds && timestampNanoseconds <= mtimeNanoseconds))
    }

    /// An entry's path.
    func path(of entry: IndexEntry) -> ArraySlice<UInt8> {
        names[Int(entry.pathStart)..<Int(entry.pathStart + UInt32(entry.pathLength))]
    }

    func path(at position: Int) -> ArraySlice<UInt8> { path(of: entries[position]) }

    /// An entry's path as a byte-compared key.
    func key(of entry: IndexEntry) -> PathKey { PathKey(bytes: Array(path(of: entry))) }

    /// Reads the index at `path`; an absent file is an empty index, as git treats it.
    static func read(_ path: String) throws(GitStateError) -> IndexFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT {
                return IndexFile(version: 2, entries: [], cacheTree: [:], timestampSeconds: 0, timestampNanoseconds: 0)
            }
            throw GitStateError(
                kind: .corruptIndex, message: "cannot read index \(path): \(String(cString: strerror(errno)))",
                path: path)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw GitStateError(kind: .corruptIndex, message: "cannot stat index \(path)", path: path)
        }
        let size = Int(info.st_size)
        guard size >= 12 + 20 else {
            throw .corruptIndex(path, "file is too short")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw GitStateError(kind: .corruptIndex, message: "cannot map index \(path)", path: path)
        }
        defer { munmap(mapped, size) }
        var parser = IndexParser(bytes: UnsafeRawBufferPointer(start: mapped, count: size), path: path)
        var file = try parser.parse()
        file.timestampSeconds = UInt32(truncatingIfNeeded: info.st_mtim.tv_sec)
        file.timestampNanoseconds = UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
        return file
    }
}

extension IndexFile {
    /// The index libgit2 loaded, in the same shape (for the slower path).
    init(libgit2 index: OpaquePointer) {
        var names: [UInt8] = []
        let count = git_index_entrycount(index)
        var entries: [IndexEntry] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position)?.pointee else { continue }
            entries.append(IndexEntry(entry, names: &names))
        }
        self.init(
            version: 2, entries: entries, cacheTree: [:], names: names, timestampSeconds: 0, timestampNanoseconds: 0)
    }

}

private struct IndexParser {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    static let releaseStep = 8 << 20

    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    func corrupt(_ detail: String) -> GitStateError {
        .corruptIndex(path, detail)
    }

    mutating func u32() throws(GitStateError) -> UInt32 {
        guard offset + 4 <= bytes.count - 20 else { throw corrupt("truncated") }
        let value =
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
        offset += 4
        return value
    }

    mutating func u16() throws(GitStateError) -> UInt16 {
        guard offset + 2 <= bytes.count - 20 else { throw corrupt("truncated") }
        let value = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        offset += 2
        return value
    }

    mutating func parse() throws(GitStateError) -> IndexFile {
        guard bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x52, bytes[3] == 0x43 else {
            throw corrupt("bad signature")
        }
        offset = 4
        let version = try u32()
        guard (2...4).contains(version) else { throw corrupt("unsupported version \(version)") }
        let count = Int(try u32())
        guard count <= bytes.count / 40 else { throw corrupt("entry count \(count) does not fit the file") }
        var entries: [IndexEntry] = []
        // Every path goes into one buffer; entries get slices of it once it is complete.
        var names: [UInt8] = []
        if version == 4 {
            entries.reserveCapacity(count)
            names = try compressedEntries(count: count, into: &entries)
        } else {
            // Each path is stored whole in the file, so the file's size bounds them all: entries
            // and names are written in place, without an append (and its checks) for each.
            var failure: GitStateError?
            entries = [IndexEntry](unsafeUninitializedCapacity: count) { entryBuffer, parsed in
                names = [UInt8](unsafeUninitializedCapacity: bytes.count) { nameBuffer, used in
                    func parse() {
                        do throws(GitStateError) {
                            try plainEntries(
                                count: count, version: version, into: entryBuffer, parsed: &parsed, names: nameBuffer,
                                used: &used)
                        } catch {
                            failure = error
                        }
                    }
                    guard count >= WorkTreeScanner.parallelThreshold else { return parse() }
                    // Paths take what the entries' fixed parts and terminating NULs leave of the file, at most.
                    let namesBound = min(nameBuffer.count, max(0, bytes.count - 12 - 20 - count * 63))
                    let faulter = PageFaulter(
                        UnsafeMutableRawBufferPointer(entryBuffer),
                        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: nameBuffer[..<namesBound])))
                    WorkerPool.run(
                        elsewhere: faulter.run,
                        here: {
                            parse(); faulter.stop()
                        })
                }
            }
            if let failure { throw failure }
        }
        var cacheTree: [PathKey: git_oid] = [:]
        var split: SplitIndex?
        var hasSparseDirectories = false
        var fsmonitor: FSMonitorExtension?
        var untrackedCache: UntrackedCache?
        while offset + 8 <= bytes.count - 20 {
            let signature = Array(bytes[offset..<(offset + 4)])
            offset += 4
            let length = Int(try u32())
            guard offset + length <= bytes.count - 20 else { throw corrupt("truncated extension") }
            let body = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            let name = String(decoding: signature, as: UTF8.self)
            switch name {
            case "TREE":
                cacheTree = CacheTreeParser.parse(body)
            case "link":
                split = try SplitIndex(link: body, path: path)
            case "sdir":
                hasSparseDirectories = true
            case "FSMN":
                fsmonitor = FSMonitorExtension(body: body)
            case "UNTR":
                untrackedCache = UntrackedCache(body: body)
            default:
                // Lowercase first letters are extensions a reader must understand.
                if signature[0] >= 0x61 && signature[0] <= 0x7a {
                    throw GitStateError(
                        kind: .unsupportedFormat, message: "unsupported mandatory extension: '\(name)'", path: path)
                }
            }
            offset += length
        }
        return IndexFile(
            version: version, entries: entries, cacheTree: cacheTree, names: names, timestampSeconds: 0,
            timestampNanoseconds: 0, checksum: bytes.oid(at: bytes.count - 20), split: split,
            hasSparseDirectories: hasSparseDirectories, fsmonitor: fsmonitor, untrackedCache: untrackedCache)
    }

    /// The fixed part of the entry at `offset` (ten 32-bit stat fields, the object id, the
    /// flags, and the extended flags when there are some), leaving `offset` after it.
    mutating func fixedPart(version: UInt32) throws(GitStateError) -> IndexEntry {
        guard offset + 62 <= bytes.count - 20 else { throw corrupt("truncated") }
        let fixed = offset
        func field(_ number: Int) -> UInt32 { bytes.bigEndian32(at: fixed + number * 4) }
        let mode = field(6)
        // git's modes are 16-bit values; anything wider is no mode git writes.
        guard mode <= UInt32(UInt16.max) else { throw corrupt("bad mode \(String(mode, radix: 8))") }
        let flags = bytes.bigEndian16(at: fixed + 60)
        offset += 62
        var extended: UInt16 = 0
        if flags & IndexEntry.extendedFlag != 0 {
            guard version >= 3 else { throw corrupt("extended flags in a version \(version) index") }
            extended = try u16()
        }
        // field(4) is the device: git does not compare it.
        return IndexEntry(
            pathStart: 0, pathLength: 0, ctimeSeconds: field(0), ctimeNanoseconds: field(1), mtimeSeconds: field(2),
            mtimeNanoseconds: field(3), inode: field(5), mode: mode, uid: field(7), gid: field(8), size: field(9),
            oid: bytes.oid(at: fixed + 40),
            flags: flags, extendedFlags: extended)
    }

    /// Versions 2 and 3: each path whole, NUL-terminated, the entry padded to eight bytes.
    mutating func plainEntries(
        count: Int, version: UInt32, into entries: UnsafeMutableBufferPointer<IndexEntry>, parsed: inout Int,
        names: UnsafeMutableBufferPointer<UInt8>, used: inout Int
    ) throws(GitStateError) {
        var released = 0
        let limit = bytes.count - 20
        while parsed < count {
            releasePages(before: offset, released: &released)
            let start = offset
            var entry = try fixedPart(version: version)
            // The flags give the path's length when it is under 0xFFF, and git reads it from
            // there; a longer path is read up to its NUL.
            let stated = Int(entry.flags & IndexEntry.pathLengthMask)
            let end: Int
            if stated < Int(IndexEntry.pathLengthMask) {
                end = offset + stated
                guard end < limit, bytes[end] == 0 else {
                    throw corrupt("a path whose length is not the one its flags give")
                }
            } else {
                end = try nul()
            }
            let length = end - offset
            guard length <= IndexEntry.longestPath else {
                throw corrupt("a path longer than \(IndexEntry.longestPath) bytes")
            }
            guard used + length <= names.count else { throw corrupt("paths longer than the file") }
            UnsafeMutableRawPointer(names.baseAddress! + used).copyMemory(
                from: bytes.baseAddress! + offset, byteCount: length)
            entry.pathStart = UInt32(used)
            entry.pathLength = UInt16(length)
            used += length
            // Entries are padded with NULs to a multiple of eight bytes.
            offset = start + ((end - start + 1 + 7) & ~7)
            guard offset <= limit else { throw corrupt("truncated") }
            (entries.baseAddress! + parsed).initialize(to: entry)
            parsed += 1
        }
    }

    /// Version 4: each path as the number of bytes to drop from the previous one, then the rest.
    mutating func compressedEntries(count: Int, into entries: inout [IndexEntry]) throws(GitStateError) -> [UInt8] {
        var names: [UInt8] = []
        names.reserveCapacity(bytes.count)
        var previous = 0..<0
        var released = 0
        for _ in 0..<count {
            releasePages(before: offset, released: &released)
            var entry = try fixedPart(version: 4)
            let nameStart = names.count
            var byte = try next()
            var strip = Int(byte & 0x7f)
            while byte & 0x80 != 0 {
                // No path is longer: stop before the shift overflows into a negative count (git's
                // `decode_varint` checks the same; found by the `index` fuzz target).
                guard strip <= IndexEntry.longestPath else { throw corrupt("bad path compression") }
                byte = try next()
                strip = ((strip + 1) << 7) | Int(byte & 0x7f)
            }
            guard strip <= previous.count else { throw corrupt("bad path compression") }
            names.append(contentsOf: names[previous.lowerBound..<(previous.upperBound - strip)])
            let end = try nul()
            names.append(contentsOf: bytesBetween(offset, end))
            offset = end + 1
            previous = nameStart..<names.count
            guard previous.count <= IndexEntry.longestPath else {
                throw corrupt("a path longer than \(IndexEntry.longestPath) bytes")
            }
            entry.pathStart = UInt32(nameStart)
            entry.pathLength = UInt16(previous.count)
            entries.append(entry)
        }
        return names
    }

    /// Hands back the mapped pages already read: the file stays in the page cache, but no
    /// longer counts against this process's memory.
    func releasePages(before position: Int, released: inout Int) {
        guard position - released >= IndexParser.releaseStep else { return }
        let end = position & ~(IndexParser.pageSize - 1)
        madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress!) + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// The bytes in `start..<end` as a contiguous buffer (appended with one copy).
    func bytesBetween(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: end - start)
    }

    mutating func next() throws(GitStateError) -> UInt8 {
        guard offset < bytes.count - 20 else { throw corrupt("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The offset of the next NUL from `offset`.
    func nul() throws(GitStateError) -> Int {
        let limit = bytes.count - 20
        guard offset < limit,
            let found = memchr(bytes.baseAddress! + offset, 0, limit - offset)
        else { throw corrupt("truncated path") }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }
}

/// Faults in the pages of the buffers an index is parsed into, from another core, ahead of
/// the parser that fills them front to back: a fresh page costs its first writer a fault
/// (over a microsecond on a virtual machine), and a large index's entries and paths span
/// thousands of pages. Only page tables change (`MADV_POPULATE_WRITE`, Linux 5.14): what the
/// parser wrote stays as it is, and a page it reaches first is simply there already.
private final class PageFaulter: @unchecked Sendable {
    private let regions: [UnsafeMutableRawBufferPointer]
    private let stopped = Atomic<Bool>(false)
    /// How much of each region one step populates, in the same proportion for all of them.
    private static let steps = 64

    init(_ regions: UnsafeMutableRawBufferPointer...) {
        self.regions = regions
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    func run() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        for step in 0..<PageFaulter.steps {
            for region in regions where region.count > 0 {
                if stopped.load(ordering: .relaxed) { return }
                let base = UInt(bitPattern: region.baseAddress!)
                let start = (base + UInt(region.count * step / PageFaulter.steps)) & ~UInt(page - 1)
                let end = (base + UInt(region.count * (step + 1) / PageFaulter.steps)) & ~UInt(page - 1)
                guard end > start else { continue }
                // 23 is MADV_POPULATE_WRITE; an older kernel refuses it, and then nothing is done.
                if madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), 23) != 0 { return }
            }
        }
    }
}
