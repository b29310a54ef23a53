import CLibGit2
import Foundation
import Testing

@testable import GitState

/// git's commit-graph: the reader against `git log`'s parents and dates, and every walk
/// built on it (ahead/behind, `log`, `log A --not B`, `merge-base --is-ancestor`) against
/// git, with a single graph, a split chain, commits newer than the graph, the places where
/// git ignores a graph, and graphs too broken to read.
@Suite struct CommitGraphDifferentialTests {
    /// The refs the walks run between, pair by pair.
    static let refs = ["main", "feature", "topic", "side1", "side4", "feature~2"]

    /// main with four side branches merged in one octopus merge (five parents), then
    /// `feature`, which tracks main, with commits on both sides, some made in the same
    /// second, and a two-parent merge of `topic`. HEAD is `feature`.
    func history() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("base.txt", "0\n")
        for side in 1...4 {
            try repo.git(["checkout", "-q", "-b", "side\(side)", "main"])
            for n in 1...side { try repo.commitFile("side\(side).txt", "\(n)\n") }
        }
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("main.txt", "0\n")
        repo.tick()
        try repo.git(["merge", "-q", "--no-edit", "side1", "side2", "side3", "side4"])
        try repo.commitFile("main.txt", "1\n")
        try repo.git(["checkout", "-q", "-b", "feature", "--track", "main"])
        try repo.commitFile("feature.txt", "1\n")
        for n in 1...2 {
            repo.setClock(1_800_000_000)
            try repo.commitFile("feature.txt", "same second \(n)\n")
        }
        try repo.git(["checkout", "-q", "main"])
        for n in 1...2 {
            repo.setClock(1_800_000_000)
            try repo.commitFile("main.txt", "same second \(n)\n")
        }
        try repo.git(["checkout", "-q", "-b", "topic", "feature~1"])
        try repo.commitFile("topic.txt", "t\n")
        try repo.git(["checkout", "-q", "feature"])
        repo.tick()
        try repo.git(["merge", "-q", "--no-ff", "--no-edit", "topic"])
        return repo
    }

    /// More commits on main (a four-parent octopus merge of new branches) and on feature.
    func extend(_ repo: GitRepo, round: Int) throws {
        let sides = (1...3).map { "round\(round)-side\($0)" }
        for side in sides {
            try repo.git(["checkout", "-q", "-b", side, "main"])
            try repo.commitFile("\(side).txt", "x\n")
        }
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("main-\(round).txt", "z\n")
        repo.tick()
        try repo.git(["merge", "-q", "--no-edit"] + sides)
        try repo.git(["checkout", "-q", "feature"])
        try repo.commitFile("feature-\(round).txt", "y\n")
    }

    /// `history()` with a chain of three graph layers, each with octopus merges.
    func splitHistory() throws -> GitRepo {
        let repo = try history()
        try repo.git(["commit-graph", "write", "--reachable", "--split"])
        try extend(repo, round: 1)
        try repo.git(["commit-graph", "write", "--reachable", "--split"])
        try extend(repo, round: 2)
        // git would fold a small new layer into the one below; keep three.
        try repo.git(["commit-graph", "write", "--reachable", "--split=no-merge"])
        return repo
    }

    // MARK: The reader

    @Test func singleGraphHoldsWhatGitLogSays() throws {
        let repo = try history()
        try repo.git(["commit-graph", "write", "--reachable"])
        try expectGraphMatchesGitLog(repo, layers: 1)
        #expect(try GraphFile(repo: repo).chunk("EDGE") != nil)
    }

    @Test func splitChainHoldsWhatGitLogSays() throws {
        let repo = try splitHistory()
        try expectGraphMatchesGitLog(repo, layers: 3)
        #expect(try GraphFile.chain(repo: repo).allSatisfy { $0.chunk("EDGE") != nil })
    }

    /// The reader's parents and time for every commit equal `git log --format='%H %P %ct'`.
    func expectGraphMatchesGitLog(
        _ repo: GitRepo, layers: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let graph = try #require(CommitGraph.load(objectDirectory: repo.gitDirectory + "/objects"))
        #expect(graph.layers.count == layers, sourceLocation: sourceLocation)
        let lines = try repo.git(["log", "--all", "--format=%H %P %ct"]).split(separator: "\n")
        #expect(graph.commitCount == lines.count, sourceLocation: sourceLocation)
        var mostParents = 0
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            let id = try #require(git_oid(hex: fields[0]))
            let commit = try #require(graph.commit(id), sourceLocation: sourceLocation)
            let parents = Array(fields.dropFirst().dropLast())
            #expect(commit.parents.map(\.oid.hex) == parents, sourceLocation: sourceLocation)
            #expect(commit.time == Int64(fields.last!), sourceLocation: sourceLocation)
            mostParents = max(mostParents, commit.parents.count)
        }
        #expect(mostParents == 5, "the octopus merge, read through the EDGE chunk", sourceLocation: sourceLocation)
        // What the walks use is this graph.
        #expect(try CommitSource(repository: Repository(discoveringFrom: repo.path)).graph?.commitCount == lines.count)
    }

    // MARK: Walks compared with git

    @Test func walksWithASingleGraph() throws {
        let repo = try history()
        try repo.git(["commit-graph", "write", "--reachable"])
        try expectWalksMatchGit(repo)
    }

    @Test func walksWithASplitChain() throws {
        let repo = try splitHistory()
        try expectWalksMatchGit(repo)
    }

    @Test func walksWithCommitsNewerThanTheGraph() throws {
        let repo = try splitHistory()
        try extend(repo, round: 3)
        let graph = try #require(CommitGraph.load(objectDirectory: repo.gitDirectory + "/objects"))
        #expect(graph.commit(try oid(repo, "feature")) == nil)
        #expect(graph.commit(try oid(repo, "main")) == nil)
        #expect(graph.commit(try oid(repo, "main~2")) != nil)
        try expectWalksMatchGit(repo)
    }

    @Test func sameAnswersWithAndWithoutAGraph() throws {
        let repo = try history()
        try extend(repo, round: 1)
        #expect(try CommitSource(repository: Repository(discoveringFrom: repo.path)).graph == nil)
        let without = try ourWalks(repo)
        try repo.git(["commit-graph", "write", "--reachable"])
        #expect(try CommitSource(repository: Repository(discoveringFrom: repo.path)).graph != nil)
        #expect(try ourWalks(repo) == without)
        try expectWalksMatchGit(repo)
    }

    @Test func walksWhenEveryCommitHasTheSameTime() throws {
        let repo = try GitRepo()
        func commit(_ file: String, _ text: String) throws {
            repo.setClock(1_800_000_000)
            try repo.commitFile(file, text)
        }
        for n in 1...3 { try commit("main.txt", "\(n)\n") }
        try repo.git(["checkout", "-q", "-b", "side", "main~1"])
        for n in 1...2 { try commit("side.txt", "\(n)\n") }
        try repo.git(["checkout", "-q", "main"])
        repo.setClock(1_800_000_060)
        try repo.git(["merge", "-q", "--no-edit", "side"])
        try repo.git(["checkout", "-q", "-b", "feature", "main~2"])
        try repo.git(["branch", "--set-upstream-to=main"])
        for n in 1...2 { try commit("feature.txt", "\(n)\n") }
        try repo.git(["commit-graph", "write", "--reachable"])
        let times = Set(try repo.git(["log", "--all", "--format=%ct"]).split(separator: "\n"))
        #expect(times == ["1800000060"])
        try expectWalksMatchGit(repo, refs: ["main", "feature", "side", "main~1", "feature~1"])
    }

    // MARK: Where git ignores the graph

    /// When git would read the graph, and what it takes away.
    enum GraphCondition: String, CaseIterable, Sendable {
        case nothingElse, turnedOff, replaceRefs, packedReplaceRefs, replaceRefsTurnedOff, grafts, shallowFile

        /// Whether git, and so GitState, reads the graph.
        var graphIsRead: Bool { self == .nothingElse || self == .replaceRefsTurnedOff }

        func apply(to repo: GitRepo) throws {
            switch self {
            case .nothingElse:
                break
            case .turnedOff:
                try repo.git(["config", "core.commitGraph", "false"])
            case .replaceRefs, .packedReplaceRefs, .replaceRefsTurnedOff:
                // Replaces one unused blob by another: nothing any walk reads changes.
                let original = try repo.git(["hash-object", "-w", "--stdin"], input: "original\n").trimmed
                let replacement = try repo.git(["hash-object", "-w", "--stdin"], input: "replacement\n").trimmed
                try repo.git(["replace", original, replacement])
                if self == .replaceRefsTurnedOff { try repo.git(["config", "core.useReplaceRefs", "false"]) }
                if self == .packedReplaceRefs {
                    // Only in packed-refs: no loose ref, no refs/replace directory.
                    try repo.git(["pack-refs", "--all", "--prune"])
                    try? FileManager.default.removeItem(atPath: repo.path + "/.git/refs/replace")
                    #expect(try repo.git(["for-each-ref", "refs/replace/"]).contains(original))
                }
            case .grafts:
                // A graft that restates a commit's real parent (named without the lying graph).
                let child = try repo.git(["-c", "core.commitGraph=false", "rev-parse", "main~2"]).trimmed
                let parent = try repo.git(["-c", "core.commitGraph=false", "rev-parse", "main~3"]).trimmed
                try repo.write(".git/info/grafts", "# restated\n\(child) \(parent)\n")
            case .shallowFile:
                // The root commit as the boundary: shallow, with all of history present.
                try repo.write(".git/shallow", try repo.git(["-c", "core.commitGraph=false", "rev-parse", "main~3"]))
            }
        }
    }

    /// Two commits on feature and two on main, grown from two base commits, feature
    /// tracking main; then a graph made to lie that feature's first commit has no parent.
    /// Whoever reads that graph finds feature 2 ahead and 4 behind, with a log of two
    /// commits; the objects say 2 and 2, and four. (The lie is not about a tip: git reads
    /// some tips from their objects and some from the graph, which only a lie can tell apart.)
    func lyingGraph() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("a.txt", "2\n")
        try repo.git(["checkout", "-q", "-b", "feature", "--track", "main"])
        let first = try repo.commitFile("f.txt", "1\n")
        try repo.commitFile("f.txt", "2\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("m.txt", "1\n")
        try repo.commitFile("m.txt", "2\n")
        try repo.git(["checkout", "-q", "feature"])
        try repo.git(["commit-graph", "write", "--reachable"])
        var graph = try GraphFile(repo: repo)
        graph.cutParents(of: first)
        try graph.save()
        return repo
    }

    @Test(arguments: GraphCondition.allCases)
    func graphIsReadExactlyWhereGitReadsIt(condition: GraphCondition) throws {
        let repo = try lyingGraph()
        try condition.apply(to: repo)
        let snapshot = try expectMatchesGit(repo)
        if condition.graphIsRead {
            #expect(snapshot.ahead == 2 && snapshot.behind == 4 && snapshot.log.count == 2)
        } else {
            #expect(snapshot.ahead == 2 && snapshot.behind == 2 && snapshot.log.count == 4)
        }
        try expectWalksMatchGit(repo, refs: ["main", "feature"])
    }

    // MARK: Broken graphs

    enum Corruption: String, CaseIterable, Sendable {
        case truncated, signature, version, hashVersion, chunkPastTheEnd, missingCommitData, fanoutOutOfOrder,
            fanoutDisagreesWithLookup

        func apply(to graph: inout GraphFile) {
            switch self {
            case .truncated: graph.bytes.removeLast(graph.bytes.count / 2)
            case .signature: graph.bytes[0] = UInt8(ascii: "X")
            case .version: graph.bytes[4] = 2
            case .hashVersion: graph.bytes[5] = 2
            case .chunkPastTheEnd:
                // The terminating entry of the chunk table says where the last chunk ends.
                graph.setWord64(UInt64(graph.bytes.count + 4096), at: 8 + Int(graph.bytes[6]) * 12 + 4)
            case .missingCommitData:
                let entry = (0..<Int(graph.bytes[6])).map { 8 + $0 * 12 }.first { graph.word32(at: $0) == 0x4344_4154 }!
                graph.bytes[entry] = UInt8(ascii: "X")
            case .fanoutOutOfOrder:
                graph.setWord32(0xffff_ffff, at: graph.chunk("OIDF")!.lowerBound)
            case .fanoutDisagreesWithLookup:
                let last = graph.chunk("OIDF")!.lowerBound + 255 * 4
                graph.setWord32(graph.word32(at: last) + 1, at: last)
            }
        }
    }

    /// A graph that does not hold together is refused as a whole, and the answers
    /// (read from the objects) stay what they were.
    @Test(arguments: Corruption.allCases)
    func brokenGraphIsRefused(corruption: Corruption) throws {
        let repo = try history()
        try repo.git(["commit-graph", "write", "--reachable"])
        let before = try expectWalksMatchGit(repo)
        var graph = try GraphFile(repo: repo)
        corruption.apply(to: &graph)
        try graph.save()
        #expect(CommitGraph.load(objectDirectory: repo.gitDirectory + "/objects") == nil)
        #expect(try ourWalks(repo) == before)
    }

    /// An entry whose parent lies outside the graph, or whose octopus parents run past the
    /// EDGE chunk, is not trusted: that commit is read from its object, the rest from the graph.
    @Test func entryPointingOutsideTheGraphIsReadFromTheObject() throws {
        let repo = try history()
        try repo.git(["commit-graph", "write", "--reachable"])
        let before = try expectWalksMatchGit(repo)
        let main = try repo.git(["rev-parse", "main"]).trimmed
        let octopus = try repo.git(["rev-list", "-1", "--min-parents=3", "main"]).trimmed
        var graph = try GraphFile(repo: repo)
        graph.setParentWords(of: main, first: 0x6fff_ffff, second: 0x7000_0000)
        let firstParent = graph.parentWords(of: octopus).first
        graph.setParentWords(of: octopus, first: firstParent, second: 0x8000_0000 | 0x00ff_ffff)
        try graph.save()
        let reread = try #require(CommitGraph.load(objectDirectory: repo.gitDirectory + "/objects"))
        #expect(reread.commit(try oid(repo, "main")) == nil)
        #expect(reread.commit(try oid(repo, octopus)) == nil)
        #expect(reread.commit(try oid(repo, "feature")) != nil)
        #expect(try ourWalks(repo) == before)
    }

    enum BrokenLayer: String, CaseIterable, Sendable {
        case missing, corrupt, wrongBase
    }

    /// As git does, a chain is read up to the first layer that is missing or does not
    /// fit the layers below it.
    @Test(arguments: BrokenLayer.allCases)
    func chainStopsBeforeABrokenLayer(broken: BrokenLayer) throws {
        let repo = try splitHistory()
        let before = try expectWalksMatchGit(repo)
        var middle = try GraphFile.chain(repo: repo)[1]
        switch broken {
        case .missing: try FileManager.default.removeItem(atPath: middle.path)
        case .corrupt:
            middle.bytes[0] = UInt8(ascii: "X")
            try middle.save()
        case .wrongBase:
            middle.bytes[middle.chunk("BASE")!.lowerBound] ^= 0xff
            try middle.save()
        }
        let graph = try #require(CommitGraph.load(objectDirectory: repo.gitDirectory + "/objects"))
        #expect(graph.layers.count == 1)
        #expect(try ourWalks(repo) == before)
    }

    // MARK: Helpers

    func oid(_ repo: GitRepo, _ revision: String) throws -> git_oid {
        try #require(git_oid(hex: try repo.git(["rev-parse", revision]).trimmed))
    }

    /// Compares every walk with git, and the whole snapshot (upstream counts and log
    /// included); returns our answers.
    @discardableResult
    func expectWalksMatchGit(
        _ repo: GitRepo, refs: [String] = Self.refs, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String] {
        let ours = try ourWalks(repo, refs: refs)
        let theirs = try gitWalks(repo, refs: refs)
        #expect(ours.count == theirs.count, sourceLocation: sourceLocation)
        for (mine, git) in zip(ours, theirs) { #expect(mine == git, sourceLocation: sourceLocation) }
        try expectMatchesGit(repo, sourceLocation: sourceLocation)
        return ours
    }

    /// Our answers, one line per question, in the words of `gitWalks`.
    func ourWalks(_ repo: GitRepo, refs: [String] = Self.refs) throws -> [String] {
        let repository = try Repository(discoveringFrom: repo.path)
        var answers: [String] = []
        for left in refs {
            for right in refs where left != right {
                let local = try #require(try repository.resolveOID(left))
                let upstream = try #require(try repository.resolveOID(right))
                let counts = try AheadBehind(repository: repository).count(local: local, upstream: upstream)
                answers.append("\(left)...\(right): \(counts.ahead) \(counts.behind)")
                let only = try repository.commits(reachableFrom: left, excluding: [right], limit: 1000)
                answers.append("\(left) --not \(right): \(only.map(\.oid.hex).joined(separator: " "))")
                answers.append("\(left) is an ancestor of \(right): \(try repository.isAncestor(left, of: right))")
            }
        }
        let head = try #require(try repository.resolveOID("HEAD"))
        let log = try HistoryReader(repository: repository).recentCommits(from: head, limit: 1000)
        answers.append("log: \(log.map(\.oid.hex).joined(separator: " "))")
        return answers
    }

    /// git's answers: `rev-list --left-right --count`, `log A --not B`, `merge-base --is-ancestor`, `log`.
    func gitWalks(_ repo: GitRepo, refs: [String]) throws -> [String] {
        var answers: [String] = []
        for left in refs {
            for right in refs where left != right {
                let counts = try repo.git(["rev-list", "--left-right", "--count", "\(left)...\(right)"])
                let numbers = counts.split(whereSeparator: \.isWhitespace)
                answers.append("\(left)...\(right): \(numbers.joined(separator: " "))")
                let only = try repo.git(["log", "--format=%H", left, "--not", right]).split(separator: "\n")
                answers.append("\(left) --not \(right): \(only.joined(separator: " "))")
                let ancestor = try run(
                    ["git", "merge-base", "--is-ancestor", left, right], in: repo.path, environment: repo.environment,
                    allowFailure: true)
                answers.append("\(left) is an ancestor of \(right): \(ancestor.status == 0)")
            }
        }
        let log = try repo.git(["log", "-1000", "--format=%H"]).split(separator: "\n")
        answers.append("log: \(log.joined(separator: " "))")
        return answers
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
