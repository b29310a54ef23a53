import Foundation

/// A commit-graph file git wrote, opened by hand to corrupt it or to make it lie.
///
/// It reads the format on its own (chunk table, OIDL, CDAT), so the tests that use it
/// do not rely on the reader they test.
struct GraphFile {
    let path: String
    var bytes: [UInt8]

    /// The single graph of a repository (`objects/info/commit-graph`).
    init(repo: GitRepo) throws {
        try self.init(path: repo.gitDirectory + "/objects/info/commit-graph")
    }

    init(path: String) throws {
        self.path = path
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The layers of a split graph, base first.
    static func chain(repo: GitRepo) throws -> [GraphFile] {
        let directory = repo.gitDirectory + "/objects/info/commit-graphs"
        let chain = try String(contentsOfFile: directory + "/commit-graph-chain", encoding: .utf8)
        return try chain.split(separator: "\n").map { try GraphFile(path: directory + "/graph-\($0).graph") }
    }

    /// The bytes of a chunk, by its four-letter name.
    func chunk(_ name: String) -> Range<Int>? {
        let id = Array(name.utf8)
        for index in 0..<Int(bytes[6]) {
            let entry = 8 + index * 12
            if Array(bytes[entry..<entry + 4]) == id {
                return Int(word64(at: entry + 4))..<Int(word64(at: entry + 16))
            }
        }
        return nil
    }

    /// Where a commit's row lies in OIDL and CDAT; `nil` when this file does not hold it.
    func position(of oid: String) -> Int? {
        let lookup = chunk("OIDL")!
        let wanted = hexBytes(oid)
        let rows = Array(stride(from: lookup.lowerBound, to: lookup.upperBound, by: 20))
        return rows.firstIndex { Array(bytes[$0..<$0 + 20]) == wanted }
    }

    /// Rewrites a commit's two parent words (positions, `0x7000_0000` for none, or an EDGE index with the high bit).
    mutating func setParentWords(of oid: String, first: UInt32, second: UInt32) {
        let row = chunk("CDAT")!.lowerBound + position(of: oid)! * 36
        setWord32(first, at: row + 20)
        setWord32(second, at: row + 24)
    }

    func parentWords(of oid: String) -> (first: UInt32, second: UInt32) {
        let row = chunk("CDAT")!.lowerBound + position(of: oid)! * 36
        return (word32(at: row + 20), word32(at: row + 24))
    }

    /// Makes the graph say a commit has no parents.
    mutating func cutParents(of oid: String) {
        setParentWords(of: oid, first: 0x7000_0000, second: 0x7000_0000)
    }

    /// Rewrites a 32-bit word anywhere (header, chunk table, fanout).
    mutating func setWord32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(index))) }
    }

    mutating func setWord64(_ value: UInt64, at offset: Int) {
        setWord32(UInt32(truncatingIfNeeded: value >> 32), at: offset)
        setWord32(UInt32(truncatingIfNeeded: value), at: offset + 4)
    }

    func word32(at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    func word64(at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[offset + $1]) }
    }

    /// Writes the bytes back (git leaves the file read-only, so it is replaced).
    func save() throws {
        try? FileManager.default.removeItem(atPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }
}

extension GitRepo {
    /// The git directory of a repository with a work tree (`.git`).
    var gitDirectory: String { path + "/.git" }
}
