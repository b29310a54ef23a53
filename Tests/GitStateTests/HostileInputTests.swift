import CLibGit2
import Foundation
import Testing

@testable import GitState

/// Index and commit-graph files cut short, with lengths past their end, with a wrong checksum
/// and with extension sizes that overflow: one clear error (or, for the graph, a graph not used),
/// never a crash or a read past the map. The fuzz targets (`scripts/fuzz index`, `commit-graph`)
/// search for more; these pin down the cases issue 18 names, and the bugs the fuzzers found.
@Suite struct HostileInputTests {
    /// A repository whose index has a cache tree, and a file written beside it to read back.
    func repository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("dir/b.txt", "2\n")
        try repo.commitFile("dir/sub/c.txt", "3\n")
        return repo
    }

    func indexBytes(_ repo: GitRepo) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git" + "/index")))
    }

    func readIndex(_ bytes: [UInt8], in repo: GitRepo) throws -> Result<IndexFile, GitStateError> {
        let path = repo.path + "/.git" + "/hostile-index"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            return .success(try IndexFile.read(path))
        } catch {
            return .failure(error)
        }
    }

    func expectCorrupt(
        _ result: Result<IndexFile, GitStateError>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch result {
        case .success(let index):
            Issue.record("\(what): read \(index.entries.count) entries", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.kind == .corruptIndex, "\(what): \(error)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
            #expect(error.description.contains("hostile-index"), sourceLocation: sourceLocation)
        }
    }

    /// Cut at every offset of the header and the first entries (the trailer then holds other
    /// bytes than a checksum): never a crash; each cut is refused, as git refuses it.
    @Test func indexTruncatedAtEveryOffset() throws {
        let repo = try repository()
        let bytes = try indexBytes(repo)
        let firstEntries = min(bytes.count - 1, 12 + 3 * 80)
        for length in 0..<firstEntries {
            expectCorrupt(try readIndex(Array(bytes.prefix(length)), in: repo), "cut at \(length)")
        }
        // git agrees where it checks: a file shorter than a header and a checksum. (Cut further on,
        // git 2.39 reads the entries its header counts past the end of the file, as far as the last
        // page of the map reaches, and `git status` answers without complaint.)
        for length in [0, 11, 12, 31] {
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: repo.path + "/.git" + "/index"))
            let git = try run(
                ["git", "status", "--porcelain"], in: repo.path, environment: repo.environment, allowFailure: true)
            #expect(git.status != 0 && git.stderr.contains("index"), "git at \(length): \(git.stderr)")
        }
    }

    /// A count of entries that cannot fit, an extension whose length runs past the end, and
    /// one whose length is the largest 32-bit number (an offset that would overflow 32 bits).
    @Test func lengthsPastTheEnd() throws {
        let repo = try repository()
        let bytes = try indexBytes(repo)
        var count = bytes
        count.replaceSubrange(8..<12, with: [0x7f, 0xff, 0xff, 0xff])
        expectCorrupt(try readIndex(count, in: repo), "entry count 0x7fffffff")
        let tree = try #require(find(Array("TREE".utf8), in: bytes))
        for length: [UInt8] in [[0, 0, 0x10, 0], [0xff, 0xff, 0xff, 0xff], [0x80, 0, 0, 0]] {
            var patched = bytes
            patched.replaceSubrange((tree + 4)..<(tree + 8), with: length)
            expectCorrupt(try readIndex(patched, in: repo), "TREE length \(length)")
        }
    }

    /// git does not check an index's checksum when it reads one (only `git fsck` does, since
    /// git 2.14's `index.skipHash`-era speed-up): `git status` answers on a wrong checksum, and so
    /// does GitState's own reader, with the same entries. (Issue 18 says git refuses it: git
    /// 2.39 does not.) libgit2 refuses it, so the libgit2 engine gives its one-line error.
    @Test func wrongChecksumIsReadAsGitReadsIt() throws {
        let repo = try repository()
        var bytes = try indexBytes(repo)
        bytes[bytes.count - 1] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: repo.path + "/.git" + "/index"))
        let gitPaths = try repo.git(["ls-files"]).split(separator: "\n").map(String.init)
        #expect(gitPaths == ["a.txt", "dir/b.txt", "dir/sub/c.txt"])
        let ours = try IndexFile.read(repo.path + "/.git" + "/index")
        #expect(ours.entries.map { String(decoding: ours.path(of: $0), as: UTF8.self) } == gitPaths)
        do {
            _ = try Repository(discoveringFrom: repo.path).snapshot(logLimit: 1, engine: .libgit2)
            Issue.record("libgit2 read an index with a wrong checksum")
        } catch {
            #expect(error.kind == .corruptIndex && !error.description.contains("\n"), "\(error)")
        }
    }

    /// A mandatory extension git does not know (lowercase first letter) is refused; an
    /// optional one (uppercase) of any length that fits is skipped.
    @Test func unknownExtensions() throws {
        let repo = try repository()
        let bytes = try indexBytes(repo)
        let tree = try #require(find(Array("TREE".utf8), in: bytes))
        var optional = bytes
        optional.replaceSubrange(tree..<(tree + 4), with: Array("ZZZZ".utf8))
        let read = try readIndex(optional, in: repo).get()
        #expect(read.entries.count == 3 && read.cacheTree.isEmpty)
        var mandatory = bytes
        mandatory.replaceSubrange(tree..<(tree + 4), with: Array("zzzz".utf8))
        guard case .failure(let error) = try readIndex(mandatory, in: repo) else {
            Issue.record("a mandatory extension was skipped")
            return
        }
        #expect(error.kind == .unsupportedFormat && error.description.contains("'zzzz'"), "\(error)")
    }

    /// A commit-graph cut at every offset of its header, chunk table and fanout, and one whose
    /// chunk offsets point past the end: the graph is not used (git warns and ignores it), and
    /// history still comes from the objects.
    @Test func commitGraphTruncatedOrPointingPastTheEnd() throws {
        let repo = try repository()
        try repo.git(["commit-graph", "write", "--reachable"])
        let path = repo.path + "/.git" + "/objects/info/commit-graph"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for length in 0..<min(bytes.count - 1, 8 + 5 * 12 + 1024 + 64) {
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
            #expect(CommitGraph.load(objectDirectory: repo.path + "/.git" + "/objects") == nil, "cut at \(length)")
        }
        // Each chunk's offset (in the table after the 8-byte header), moved past the end.
        for chunk in 0..<Int(bytes[6]) {
            var patched = bytes
            let offset = 8 + chunk * 12 + 4
            let past = UInt64(bytes.count + 1)
            patched.replaceSubrange(
                offset..<(offset + 8), with: (0..<8).map { UInt8(truncatingIfNeeded: past >> (56 - 8 * UInt64($0))) })
            try Data(patched).write(to: URL(fileURLWithPath: path))
            #expect(CommitGraph.load(objectDirectory: repo.path + "/.git" + "/objects") == nil, "chunk \(chunk)")
        }
        let snapshot = try Repository(discoveringFrom: repo.path).snapshot(logLimit: 10)
        #expect(snapshot.log.count == 3)
    }

    /// Found by the `index` fuzz target against libgit2's reader: the index libgit2 loaded kept
    /// a path that is not UTF-8 (`caf\xe9.txt`, which git stores as it is) with U+FFFD in its
    /// place, so the libgit2 engine's conflicts and intent-to-add paths were not the files'.
    @Test func libgit2IndexKeepsPathsThatAreNotUTF8() throws {
        let repo = try repository()
        let name = "caf\u{e9}"
        let raw: [UInt8] = Array("caf".utf8) + [0xe9] + Array(".txt".utf8)
        let file = (repo.path + "/").utf8CString.dropLast() + raw.map { CChar(bitPattern: $0) } + [0]
        let descriptor = file.withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        #expect(descriptor >= 0, "\(name)")
        close(descriptor)
        try repo.git(["add", "-A"])
        let ours = try IndexFile.read(repo.path + "/.git" + "/index")
        LibGit2.initialize()
        var index: OpaquePointer?
        #expect(git_index_open(&index, repo.path + "/.git" + "/index") == 0)
        defer { git_index_free(index) }
        let theirs = IndexFile(libgit2: try #require(index))
        let paths = ours.entries.map { Array(ours.path(of: $0)) }
        #expect(paths.contains(raw))
        #expect(theirs.entries.map { Array(theirs.path(of: $0)) } == paths)
    }

    /// Found by the `ewah` fuzz target: a run of ones no words long, after the positions a
    /// bitmap may mark, marks nothing (as git's `ewah_each_bit` reads it) and is no error.
    @Test func emptyRunOfOnesPastTheLimitMarksNothing() throws {
        // A run of 3 zero words (bits 0...191), then a run of 0 words of ones; limit 64.
        let words: [UInt64] = [3 << 1, 1]
        var bytes: [UInt8] = [0, 0, 0, 200, 0, 0, 0, UInt8(words.count)]
        for word in words { bytes += (0..<8).map { UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64($0))) } }
        bytes += [0, 0, 0, 1]
        let bitmap = try #require(bytes.withUnsafeBytes { EWAHBitmap(bytes: $0) })
        #expect(bitmap.setPositions(below: 64) == [])
    }

    /// Found by the `index` fuzz target: in a version 4 index, a path-compression number of
    /// more continuation bytes than any path needs overflowed into a negative count of bytes to
    /// strip, and the parser trapped reading before the previous path.
    @Test func overlongPathCompressionIsCorrupt() throws {
        let repo = try repository()
        func entry(strip: [UInt8], name: String) -> [UInt8] {
            // ctime, mtime, dev, ino, mode 100644, uid, gid, size; an object id; flags with the name's length.
            var fixed = [UInt8](repeating: 0, count: 62)
            fixed.replaceSubrange(24..<28, with: [0, 0, 0x81, 0xa4])
            fixed[61] = UInt8(name.utf8.count)
            return fixed + strip + Array(name.utf8) + [0]
        }
        let header: [UInt8] = Array("DIRC".utf8) + [0, 0, 0, 4, 0, 0, 0, 2]
        let body =
            header + entry(strip: [0], name: "abc")
            + entry(strip: [UInt8](repeating: 0xff, count: 9) + [0x7f], name: "d")
        let result = try readIndex(body + [UInt8](repeating: 0, count: 20), in: repo)
        expectCorrupt(result, "overlong path compression")
        if case .failure(let error) = result { #expect(error.description.contains("bad path compression")) }
    }

    /// Every index input the fuzzers keep (`Fuzz/Corpus/index`, with the crashes they found) is
    /// read or refused in one line, in the plain test run too.
    @Test func fuzzCorpusIndexesAreReadOrRefused() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Fuzz/Corpus/index"
        ).standardized.path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.contains("regression-v4-strip-overflow"))
        for name in names {
            do {
                _ = try IndexFile.read(folder + "/" + name)
            } catch {
                #expect(!error.description.contains("\n"), "\(name): \(error)")
            }
        }
    }

    /// Runs of 2^32 zero words past the limit read empty, and a bit set after them is past the
    /// limit: the position stops counting at the limit, so 2^25 such runs (a bitmap of 256 MB)
    /// no longer overflow it. (That many runs here took 87 s of a debug build: left out.)
    @Test func ewahRunsPastIntRange() {
        let longZeroRun = UInt64(0xffff_ffff) << 1
        let runs = repeatElement(longZeroRun, count: 1 << 12)
        #expect(EWAHBitmap.setPositions(of: runs, below: 100) == [])
        let bitAfter = Array(repeatElement(longZeroRun, count: 1 << 12)) + [1 << 33, 1]
        #expect(EWAHBitmap.setPositions(of: bitAfter, below: 100) == nil)
        #expect(EWAHBitmap.setPositions(of: [1 << 33, 0b101], below: 100) == [0, 2])
    }

    func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (12...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern }
    }
}
