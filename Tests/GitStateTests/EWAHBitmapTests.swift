import Foundation
import Testing

@testable import GitState

/// The EWAH decoder on bitmaps git wrote: a pack bitmap's type indexes (long runs
/// of ones and zeros) and a split index's delete and replace bitmaps.
@Suite struct EWAHBitmapTests {
    /// Reads consecutive bitmaps from `data` starting at `offset`.
    func bitmaps(_ data: Data, from offset: Int, count: Int) throws -> [EWAHBitmap] {
        var result: [EWAHBitmap] = []
        var position = offset
        for _ in 0..<count {
            let bitmap = try #require(
                data.withUnsafeBytes { EWAHBitmap(bytes: UnsafeRawBufferPointer(rebasing: $0[position...])) })
            result.append(bitmap)
            position += bitmap.encodedSize
        }
        return result
    }

    @Test func packBitmapTypeIndexesMatchThePack() throws {
        // 300 blobs in one tree: a long run of blobs between the commits and the trees.
        let repo = try GitRepo()
        for number in 0..<300 { try repo.write(String(format: "f%03d", number), "\(number)\n") }
        try repo.commit("many blobs")
        try repo.write("f000", "changed\n")
        try repo.commit("one more")
        try repo.git(["repack", "-adbq"])
        let pack = repo.path + "/.git/objects/pack"
        let names = try FileManager.default.contentsOfDirectory(atPath: pack)
        let bitmapName = try #require(names.first { $0.hasSuffix(".bitmap") })
        let data = try Data(contentsOf: URL(fileURLWithPath: pack + "/" + bitmapName))
        #expect(data.prefix(4) == Data("BITM".utf8))

        // Bit n is the n-th object in pack order (by offset); git names each one's type.
        let indexName = bitmapName.replacingOccurrences(of: ".bitmap", with: ".idx")
        let listing = try run(
            ["sh", "-c", "git show-index < '\(pack)/\(indexName)'"], in: repo.path, environment: repo.environment)
        let objects = String(decoding: listing.stdout, as: UTF8.self).split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return (offset: Int(fields[0])!, oid: String(fields[1]))
        }.sorted { $0.offset < $1.offset }
        let types = try repo.git(
            ["cat-file", "--batch-check=%(objecttype)"], input: objects.map(\.oid).joined(separator: "\n") + "\n"
        ).split(separator: "\n").map(String.init)
        #expect(types.count == 305)

        // The header (32 bytes) is followed by one bitmap per type: commits, trees, blobs, tags.
        let typeIndexes = try bitmaps(data, from: 32, count: 4)
        for (type, bitmap) in zip(["commit", "tree", "blob", "tag"], typeIndexes) {
            let expected = types.indices.filter { types[$0] == type }
            #expect(bitmap.setPositions(below: types.count) == expected, "\(type)")
        }
        // The blobs' bitmap holds whole words of ones: run markers, not only literals.
        let blobs = typeIndexes[2]
        #expect(blobs.words.contains { $0 & 1 == 1 && ($0 >> 1) & 0xffff_ffff > 0 })
        // A limit below a set bit is refused rather than trusted.
        #expect(blobs.setPositions(below: 100) == nil)
    }

    @Test func splitIndexBitmapsNameTheChangedSharedEntries() throws {
        let repo = try GitRepo()
        let names = (0..<260).map { String(format: "f%03d", $0) }
        for name in names { try repo.write(name, "\(name)\n") }
        try repo.commit("files")
        try settle(repo, paths: names)
        try repo.git(["config", "splitIndex.maxPercentChange", "100"])
        try repo.git(["update-index", "--split-index"])
        // Shared positions are the sorted names' positions: f005 is 5.
        let replaced = [5, 100, 250]
        let deleted = [1, 70] + Array(128..<192)
        for position in replaced { try repo.append(names[position], "more\n") }
        try repo.git(["add"] + replaced.map { names[$0] })
        try repo.git(["rm", "-q", "--cached"] + deleted.map { names[$0] })

        let split = try #require(try IndexFile.read(repo.path + "/.git/index").split)
        #expect(split.deleted?.setPositions(below: 260) == deleted)
        #expect(split.replaced?.setPositions(below: 260) == replaced)
        // 128..<192 is one aligned word of ones: git writes it as a run.
        #expect(split.deleted?.words.contains { $0 & 1 == 1 } == true)
    }

    @Test func truncatedOrInconsistentBitmapsAreRefused() {
        func decode(_ bytes: [UInt8]) -> EWAHBitmap? { bytes.withUnsafeBytes { EWAHBitmap(bytes: $0) } }
        // 3 bits, one marker with one literal word (bits 0 and 2), marker at 0.
        let valid: [UInt8] =
            [0, 0, 0, 3, 0, 0, 0, 2] + [0, 0, 0, 2, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 5] + [0, 0, 0, 0]
        #expect(decode(valid)?.setPositions(below: 3) == [0, 2])
        #expect(decode(valid)?.encodedSize == valid.count)
        #expect(decode(Array(valid.dropLast())) == nil)
        // The marker promises two literal words; only one follows.
        var overlong = valid
        overlong[11] = 4
        #expect(decode(overlong) == nil)
    }
}

/// Makes the files an hour old and refreshes the index a second later, so no
/// entry is racily clean and git keeps them out of the split index's changes.
func settle(_ repo: GitRepo, paths: [String]) throws {
    let past = Date(timeIntervalSinceNow: -3600)
    for path in paths {
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: repo.path + "/" + path)
    }
    sleep(1)
    try repo.git(["update-index", "--refresh"], allowFailure: true)
}
