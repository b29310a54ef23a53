@testable import GitState

/// The commit-graph, one file or a chain of layers, memory-mapped and read in place.
enum CommitGraphTargets {
    /// Between the layers of a `commit-graph-chain` input, base first.
    static let layerSeparator = Array("\0HANDOFF-FUZZ-GRAPH-LAYER\0".utf8)

    static func single(_ input: UnsafeRawBufferPointer) {
        let objects = ScratchFolder.path + "/single"
        ScratchFolder.write(input, to: "single/info/commit-graph")
        CommitGraph.load(objectDirectory: objects).map(check)
    }

    /// Each layer saved as `graph-<its trailing bytes>.graph`, listed in `commit-graph-chain`.
    static func chain(_ input: UnsafeRawBufferPointer) {
        let folder = ScratchFolder.path + "/chain/info/commit-graphs"
        ScratchFolder.removeAll(folder, removingFolder: false)
        var names: [String] = []
        for layer in Array(input).split(separator: layerSeparator, omittingEmptySubsequences: false) {
            let name = layer.suffix(20).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            ScratchFolder.write(layer, to: "chain/info/commit-graphs/graph-\(name).graph")
            names.append(name)
        }
        ScratchFolder.write(
            Array(names.joined(separator: "\n").utf8) + [10], to: "chain/info/commit-graphs/commit-graph-chain")
        CommitGraph.load(objectDirectory: ScratchFolder.path + "/chain").map(check)
    }

    /// Every commit (the first thousand) names parents inside the graph, and its id is found
    /// back where it is, or at a position holding the same id.
    static func check(_ graph: CommitGraph) {
        let count = graph.commitCount
        for position in 0..<min(count, 1000) {
            let oid = graph.oid(at: position)
            if let found = graph.position(of: oid) {
                FuzzCheck.expect(graph.oid(at: found) == oid, "position(of:) found another id")
            }
            var extra: [Int32] = []
            guard let summary = graph.summary(at: position, extra: &extra) else { continue }
            for index in 0..<summary.parents.count {
                let parent = Int(summary.parents[index, extra: extra])
                FuzzCheck.expect(parent >= 0 && parent < count, "a parent at \(parent) outside the graph of \(count)")
            }
            let commit = graph.commit(at: position)
            FuzzCheck.expect(commit?.parents.count == summary.parents.count, "commit(at:) and summary(at:) differ")
        }
        var extra: [Int32] = []
        FuzzCheck.expect(graph.summary(at: count, extra: &extra) == nil, "an entry past the graph's end")
    }
}
