import CLibGit2

@testable import GitState

#if canImport(Glibc)
import Glibc
#endif

/// The index file and its parts: GitState reads them with raw reads over a memory map.
enum IndexTargets {
    /// Between the main index and its shared index in a `split-index` input.
    static let sharedSeparator = Array("\0HANDOFF-FUZZ-SHARED-INDEX\0".utf8)

    /// An index file of any version, its trailing checksum made right first (libgit2 refuses a wrong
    /// one, and the mutations that matter are elsewhere). What GitState reads must be what
    /// libgit2 reads wherever both read it; a refusal must be GitState's one-line error.
    static func index(_ input: UnsafeRawBufferPointer) {
        var bytes = Array(input)
        if bytes.count >= 20 { bytes.replaceSubrange((bytes.count - 20)..., with: SHA1.digest(bytes.dropLast(20))) }
        let path = ScratchFolder.write(bytes, to: "index")
        let ours: IndexFile
        do {
            ours = try IndexFile.read(path)
        } catch {
            expectOneLine(error)
            return
        }
        checkPaths(ours)
        guard let theirs = libgit2Entries(path) else { return }
        let mine = comparable(ours)
        // A NUL inside a path (its length from the flags reaching past it): GitState keeps the bytes
        // the flags count, as git's `create_from_disk` does; libgit2 keeps a C string, cut at the NUL.
        if mine.contains(where: { $0.path.contains(0) }) { return }
        guard mine != theirs else { return }
        let first = zip(mine, theirs).first { $0 != $1 }.map { "\n  GitState: \($0)\n  libgit2:  \($1)" }
        FuzzCheck.fail(
            "GitState reads \(mine.count) entries, libgit2 \(theirs.count); first difference:\(first ?? " none")")
    }

    /// A split index and its shared index (`sharedSeparator` between them), the shared one
    /// saved under the name its own trailing bytes give, as git names it.
    static func splitIndex(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let parts = bytes.split(separator: sharedSeparator, omittingEmptySubsequences: false)
        let folder = ScratchFolder.path + "/split"
        ScratchFolder.removeAll(folder, removingFolder: false)
        let path = ScratchFolder.write(parts[0], to: "split/index")
        if parts.count > 1, parts[1].count >= 20 {
            let hex = parts[1].suffix(20).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            ScratchFolder.write(parts[1], to: "split/sharedindex." + hex)
        }
        do {
            let merged = try IndexFile.read(path, gitDirectory: folder)
            checkPaths(merged)
        } catch {
            expectOneLine(error)
        }
    }

    /// An EWAH bitmap after a 4-byte limit: its set positions rise, lie below the limit, and are
    /// those a plain bit-by-bit reading of the words gives.
    static func ewah(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 4 else { return }
        let limit = Int(input.bigEndian32(at: 0) % (1 << 20))
        guard let bitmap = EWAHBitmap(bytes: UnsafeRawBufferPointer(rebasing: input[4...])) else { return }
        FuzzCheck.expect(bitmap.encodedSize <= input.count - 4, "a bitmap larger than its bytes")
        let positions = bitmap.setPositions(below: limit)
        let expected = plainPositions(bitmap.words, below: limit)
        FuzzCheck.expect(
            positions == expected,
            "EWAH positions \(String(describing: positions)), expected \(String(describing: expected))")
    }

    /// The `TREE` extension's body alone.
    static func cacheTree(_ input: UnsafeRawBufferPointer) {
        let tree = CacheTreeParser.parse(input)
        FuzzCheck.expect(tree.count <= input.count / 20, "more cache-tree entries than object ids fit")
    }

    // MARK: Checks

    static func expectOneLine(_ error: GitStateError) {
        FuzzCheck.expect(!error.description.contains("\n"), "an error of more than one line: \(error)")
        FuzzCheck.expect(
            [.corruptIndex, .unsupportedFormat].contains(error.kind), "a corrupt index reported as \(error.kind)")
    }

    /// Every entry's path lies in the name buffer (a read past it would trap).
    static func checkPaths(_ index: IndexFile) {
        for entry in index.entries {
            FuzzCheck.expect(
                Int(entry.pathStart) + Int(entry.pathLength) <= index.names.count, "a path outside the name buffer")
        }
    }

    /// What both readers know of an entry, in libgit2's order (it sorts what it reads).
    struct Comparable: Equatable, CustomStringConvertible {
        var path: [UInt8]
        var stage: Int
        var oid: [UInt8]
        var mode: UInt32
        var stat: [UInt32]
        var flags: UInt16
        var extendedFlags: UInt16

        var description: String {
            "\(path.map { $0 >= 0x20 && $0 < 0x7f ? String(UnicodeScalar($0)) : "\\x\(String($0, radix: 16))" }.joined())@\(stage) \(String(mode, radix: 8)) \(oid.prefix(3)) \(stat) \(String(flags, radix: 16))/\(String(extendedFlags, radix: 16))"
        }

        static func precedes(_ left: Comparable, _ right: Comparable) -> Bool {
            left.path.lexicographicallyPrecedes(right.path) || (left.path == right.path && left.stage < right.stage)
        }
    }

    static func comparable(_ index: IndexFile) -> [Comparable] {
        let entries = index.entries.map { entry in
            Comparable(
                path: Array(index.path(of: entry)), stage: entry.stage,
                oid: withUnsafeBytes(of: entry.oid.id) { Array($0) },
                mode: entry.mode,
                stat: [
                    entry.ctimeSeconds, entry.ctimeNanoseconds, entry.mtimeSeconds, entry.mtimeNanoseconds, entry.inode,
                    entry.uid, entry.gid, entry.size,
                ], flags: entry.flags & ~IndexEntry.pathLengthMask, extendedFlags: entry.extendedFlags)
        }
        return sortedStably(entries)
    }

    /// libgit2's reading of the index at `path`, through `IndexFile(libgit2:)` as the libgit2
    /// engine reads it; `nil` when libgit2 refuses the file.
    static func libgit2Entries(_ path: String) -> [Comparable]? {
        LibGit2.initialize()
        var index: OpaquePointer?
        guard git_index_open(&index, path) == 0, let index else { return nil }
        defer { git_index_free(index) }
        return comparable(IndexFile(libgit2: index))
    }

    static func sortedStably(_ entries: [Comparable]) -> [Comparable] {
        entries.enumerated().sorted {
            Comparable.precedes($0.element, $1.element)
                || (!Comparable.precedes($1.element, $0.element) && $0.offset < $1.offset)
        }.map(\.element)
    }

    /// The set bits of EWAH words read one marker and one bit at a time; `nil` when one lies at
    /// or past `limit`.
    static func plainPositions(_ words: [UInt64], below limit: Int) -> [Int]? {
        var positions: [Int] = []
        var bit = 0
        var index = 0
        while index < words.count {
            let marker = words[index]
            index += 1
            let runWords = Int((marker >> 1) & 0xffff_ffff)
            if marker & 1 == 1 {
                for _ in 0..<runWords * 64 {
                    if bit >= limit { return nil }
                    positions.append(bit)
                    bit += 1
                }
            } else {
                bit += runWords * 64
            }
            for _ in 0..<Int(marker >> 33) {
                let literal = words[index]
                index += 1
                for offset in 0..<64 where literal & (1 << UInt64(offset)) != 0 {
                    if bit + offset >= limit { return nil }
                    positions.append(bit + offset)
                }
                bit += 64
            }
        }
        return positions
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
