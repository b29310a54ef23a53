import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// git's commit-graph: every commit's parents and committer time, memory-mapped from
/// `objects/info/commit-graph` or from a chain of layers under `objects/info/commit-graphs/`,
/// so a walk need not inflate each commit from a pack (git's `Documentation/gitformat-commit-graph.txt`).
///
/// Only what a walk needs is read: the chunks OIDF, OIDL, CDAT, EDGE and BASE; generation
/// numbers and Bloom filters are left alone. A layer whose header or chunk table does not
/// hold together is refused, as git warns and ignores it; an entry that points outside the
/// graph answers `nil`, so the caller reads that commit's object rather than trust it.
/// (git does not verify the trailing checksum when it reads a graph, and neither does this.)
struct CommitGraph {
    /// Base layer first: a parent's position counts through the layers in this order.
    let layers: [CommitGraphLayer]

    /// What the graph records of one commit.
    struct Commit: Equatable {
        var parents: [CommitLink]
        /// The committer time in seconds since the epoch (git keeps its low 34 bits).
        var time: Int64
    }

    /// The number of commits in all layers.
    var commitCount: Int { layers.last.map { $0.basePosition + $0.commitCount } ?? 0 }

    /// The graph of an object directory: the single file, else the chain, as git tries
    /// them; `nil` when neither exists or holds together.
    static func load(objectDirectory: String) -> CommitGraph? {
        if let file = MappedFile(path: objectDirectory + "/info/commit-graph"),
            let layer = CommitGraphLayer(file: file, basePosition: 0)
        {
            return CommitGraph(layers: [layer])
        }
        return loadChain(directory: objectDirectory + "/info/commit-graphs")
    }

    /// The layers `commit-graph-chain` lists, base first. Like git, keeps the layers read
    /// before the first one that is missing, malformed, or names other bases than the
    /// layers below it.
    private static func loadChain(directory: String) -> CommitGraph? {
        guard let text = FilePath.readText(directory + "/commit-graph-chain") else { return nil }
        var layers: [CommitGraphLayer] = []
        var names: [git_oid] = []
        for line in text.split(separator: "\n") {
            let hex = String(line)
            let below = CommitGraph(layers: layers).commitCount
            guard let name = git_oid(hex: hex),
                let file = MappedFile(path: directory + "/graph-\(hex).graph"),
                let layer = CommitGraphLayer(file: file, basePosition: below),
                layer.checksum == name, layer.hasBases(names)
            else { break }
            layers.append(layer)
            names.append(name)
        }
        return layers.isEmpty ? nil : CommitGraph(layers: layers)
    }

    /// The parents and committer time of `oid`; `nil` when the graph does not hold it
    /// (a newer commit), or holds an entry that points outside the graph.
    func commit(_ oid: git_oid) -> Commit? {
        position(of: oid).flatMap(commit(at:))
    }

    /// Where `oid` lies in the graph (counting through the layers, base first), found by
    /// a binary search in each layer from the newest.
    func position(of oid: git_oid) -> Int? {
        for layer in layers.reversed() {
            if let position = layer.position(of: oid) { return layer.basePosition + position }
        }
        return nil
    }

    private static let noParent: UInt32 = 0x7000_0000
    /// Set in the second parent's word: the parents continue in the EDGE chunk, from the index
    /// in the low bits. Set in an EDGE entry: the commit's last parent.
    private static let moreParents: UInt32 = 0x8000_0000
    private static let positionMask: UInt32 = 0x7fff_ffff

    /// The commit at `position` (which `position(of:)` or a child's link gave); `nil` when
    /// its entry points outside the graph.
    func commit(at position: Int) -> Commit? {
        var extra: [Int32] = []
        return summary(at: position, extra: &extra).map { summary in
            Commit(
                parents: (0..<summary.parents.count).map {
                    let parent = Int(summary.parents[$0, extra: extra])
                    return CommitLink(oid: oid(at: parent), position: parent)
                },
                time: summary.time)
        }
    }

    /// The committer time and the parents' positions of the commit at `position`, without
    /// their ids (what a walk needs); `nil` when its entry points outside the graph. An octopus
    /// merge's third and later parents go to the end of `extra`.
    func summary(at position: Int, extra: inout [Int32]) -> (time: Int64, parents: ParentList)? {
        guard let layer = layers.lastIndex(where: { position >= $0.basePosition }),
            position < layers[layer].basePosition + layers[layer].commitCount
        else { return nil }
        let entry = layers[layer].entry(at: position - layers[layer].basePosition)
        return parentPositions(of: entry, in: layer, extra: &extra).map { (entry.time, $0) }
    }

    /// The parents' positions an entry names; `nil` when one lies outside what its layer may name.
    private func parentPositions(of entry: CommitGraphLayer.Entry, in layer: Int, extra: inout [Int32]) -> ParentList? {
        var parents = ParentList()
        // A layer may name commits in itself or in the layers below it.
        let end = layers[layer].basePosition + layers[layer].commitCount
        func add(_ word: UInt32) -> Bool {
            guard Int(word) < end else { return false }
            parents.append(Int32(word), extra: &extra)
            return true
        }
        // git stops at a missing first parent, whatever the second word says.
        if entry.firstParent == CommitGraph.noParent { return parents }
        guard add(entry.firstParent) else { return nil }
        if entry.secondParent == CommitGraph.noParent { return parents }
        if entry.secondParent & CommitGraph.moreParents == 0 { return add(entry.secondParent) ? parents : nil }
        // An octopus merge: the rest of its parents are a run in the EDGE chunk.
        var index = Int(entry.secondParent & CommitGraph.positionMask)
        while let edge = layers[layer].edge(at: index), add(edge & CommitGraph.positionMask) {
            if edge & CommitGraph.moreParents != 0 { return parents }
            index += 1
        }
        return nil
    }

    /// The id at a position inside the graph.
    func oid(at position: Int) -> git_oid {
        let layer = layers.last { position >= $0.basePosition }!
        return layer.oid(at: position - layer.basePosition)
    }
}

/// A commit's parents (graph positions, or a walk's numbers for them): the first two inline,
/// an octopus merge's others in a list its owner keeps beside (`extra`), so a list is a plain
/// value, stored and copied without allocation or reference counting.
struct ParentList {
    private(set) var count = 0
    private var first: Int32 = 0
    private var second: Int32 = 0
    /// Where the third and later parents start in `extra`.
    private var extraStart = 0

    subscript(index: Int, extra extra: [Int32]) -> Int32 {
        index == 0 ? first : index == 1 ? second : extra[extraStart + index - 2]
    }

    mutating func set(_ index: Int, to value: Int32, extra: inout [Int32]) {
        if index == 0 {
            first = value
        } else if index == 1 {
            second = value
        } else {
            extra[extraStart + index - 2] = value
        }
    }

    /// Adds a parent; the third and later go to the end of `extra`, so one list's parents are
    /// appended together.
    mutating func append(_ value: Int32, extra: inout [Int32]) {
        if count == 0 {
            first = value
        } else if count == 1 {
            second = value
        } else {
            if count == 2 { extraStart = extra.count }
            extra.append(value)
        }
        count += 1
    }
}

/// One commit-graph file, its chunk table checked against its size.
struct CommitGraphLayer {
    private let file: MappedFile
    /// Where this layer's positions start: the number of commits in the layers below it.
    let basePosition: Int
    let commitCount: Int
    /// The hash that ends the file, which names a layer in a chain.
    let checksum: git_oid
    // Byte offsets of the chunks in the file.
    private let fanout: Int
    private let lookup: Int
    private let data: Int
    private let edges: Range<Int>
    private let bases: Range<Int>

    private static let hashSize = 20
    private static let headerSize = 8
    private static let tableEntrySize = 12
    private static let fanoutSize = 256 * 4
    /// Tree, first and second parent, generation with the high bits of the time, low bits of the time.
    private static let entrySize = hashSize + 16

    private enum ChunkID {
        static let fanout: UInt32 = 0x4f49_4446  // "OIDF"
        static let lookup: UInt32 = 0x4f49_444c  // "OIDL"
        static let data: UInt32 = 0x4344_4154  // "CDAT"
        static let edges: UInt32 = 0x4544_4745  // "EDGE"
        static let bases: UInt32 = 0x4241_5345  // "BASE"
    }

    /// Parses the header and chunk table; `nil` unless it is a version 1 SHA-1 graph whose
    /// chunks lie inside the file and have the sizes its commit count calls for.
    init?(file: MappedFile, basePosition: Int) {
        let bytes = file.bytes
        let hashSize = CommitGraphLayer.hashSize
        guard
            bytes.count >= CommitGraphLayer.headerSize + CommitGraphLayer.tableEntrySize + CommitGraphLayer.fanoutSize
                + hashSize,
            bytes.bigEndian32(at: 0) == 0x4347_5048,  // "CGPH"
            bytes[4] == 1,  // version
            bytes[5] == 1  // SHA-1
        else { return nil }
        let chunkCount = Int(bytes[6])
        let tableEnd = CommitGraphLayer.headerSize + (chunkCount + 1) * CommitGraphLayer.tableEntrySize
        let chunksEnd = bytes.count - hashSize
        guard tableEnd <= chunksEnd else { return nil }
        var chunks: [UInt32: Range<Int>] = [:]
        for index in 0..<chunkCount {
            let entry = CommitGraphLayer.headerSize + index * CommitGraphLayer.tableEntrySize
            let id = bytes.bigEndian32(at: entry)
            let start = bytes.bigEndian64(at: entry + 4)
            // A chunk ends where the next entry's starts.
            let end = bytes.bigEndian64(at: entry + CommitGraphLayer.tableEntrySize + 4)
            guard id != 0, chunks[id] == nil, start >= UInt64(tableEnd), start <= end, end <= UInt64(chunksEnd) else {
                return nil
            }
            chunks[id] = Int(start)..<Int(end)
        }
        guard bytes.bigEndian32(at: tableEnd - CommitGraphLayer.tableEntrySize) == 0 else { return nil }

        guard let fanout = chunks[ChunkID.fanout], fanout.count == CommitGraphLayer.fanoutSize,
            let lookup = chunks[ChunkID.lookup], let data = chunks[ChunkID.data]
        else { return nil }
        // The fanout counts the commits whose first byte is at most its index: it never decreases.
        var count: UInt32 = 0
        for byte in 0..<256 {
            let next = bytes.bigEndian32(at: fanout.lowerBound + byte * 4)
            guard next >= count else { return nil }
            count = next
        }
        let edges = chunks[ChunkID.edges] ?? 0..<0
        let bases = chunks[ChunkID.bases] ?? 0..<0
        guard lookup.count == Int(count) * hashSize, data.count == Int(count) * CommitGraphLayer.entrySize,
            edges.count % 4 == 0, bases.count % hashSize == 0
        else { return nil }

        self.file = file
        self.basePosition = basePosition
        commitCount = Int(count)
        checksum = bytes.oid(at: chunksEnd)
        self.fanout = fanout.lowerBound
        self.lookup = lookup.lowerBound
        self.data = data.lowerBound
        self.edges = edges
        self.bases = bases
    }

    /// Whether the BASE chunk names exactly the layers below this one, base first.
    func hasBases(_ names: [git_oid]) -> Bool {
        guard bases.count >= names.count * CommitGraphLayer.hashSize else { return false }
        return names.indices.allSatisfy {
            file.bytes.oid(at: bases.lowerBound + $0 * CommitGraphLayer.hashSize) == names[$0]
        }
    }

    /// The position of `oid` in this layer: a binary search of the sorted ids, within the
    /// range the fanout gives for its first byte.
    func position(of oid: git_oid) -> Int? {
        let bytes = file.bytes
        return withUnsafeBytes(of: oid) { key -> Int? in
            let first = Int(key[0])
            var low = first == 0 ? 0 : Int(bytes.bigEndian32(at: fanout + (first - 1) * 4))
            var high = Int(bytes.bigEndian32(at: fanout + first * 4))
            while low < high {
                let middle = (low + high) / 2
                let order = memcmp(
                    key.baseAddress!, bytes.baseAddress! + lookup + middle * CommitGraphLayer.hashSize,
                    CommitGraphLayer.hashSize)
                if order == 0 { return middle }
                if order < 0 { high = middle } else { low = middle + 1 }
            }
            return nil
        }
    }

    func oid(at position: Int) -> git_oid {
        file.bytes.oid(at: lookup + position * CommitGraphLayer.hashSize)
    }

    /// A commit's row in CDAT, its parents as raw position words.
    struct Entry {
        var firstParent: UInt32
        var secondParent: UInt32
        var time: Int64
    }

    func entry(at position: Int) -> Entry {
        let bytes = file.bytes
        let start = data + position * CommitGraphLayer.entrySize + CommitGraphLayer.hashSize
        // The generation word keeps the time's top two bits in its lowest two.
        let time = Int64(bytes.bigEndian32(at: start + 8) & 0x3) << 32 | Int64(bytes.bigEndian32(at: start + 12))
        return Entry(
            firstParent: bytes.bigEndian32(at: start), secondParent: bytes.bigEndian32(at: start + 4), time: time)
    }

    /// One word of the EDGE chunk; `nil` past its end (or when there is none).
    func edge(at index: Int) -> UInt32? {
        guard index < edges.count / 4 else { return nil }
        return file.bytes.bigEndian32(at: edges.lowerBound + index * 4)
    }
}
