import CLibGit2

/// Renames and copies paired as git's `diffcore-rename.c` pairs them, over candidates the caller
/// lists in git's queue order (by path): exact renames first (the same object; among several
/// sources, an unused one with the same basename), then, for renames only, sources and
/// destinations whose basename is unique on both sides and whose similarity reaches 75%, then
/// every remaining pair by git's similarity estimate (`Similarity`), at most
/// `limit` × `limit` of them, best score first, ties to the same basename, then to the earlier
/// destination and source.
struct RenamePairing {
    struct File {
        var path: String
        var oid: git_oid
        var mode: UInt32
    }

    struct Source {
        var file: File
        /// A modified file, which stays: a source of copies only.
        var stays: Bool
    }

    struct Match: Equatable {
        var source: Int
        var score: Int
        /// A copy (its source stays, or another destination takes its name) rather than a rename.
        var isCopy = false
    }

    let copies: Bool
    /// `diff.renameLimit` / `status.renameLimit`; 0 or less is no limit.
    let limit: Int
    /// The content git compares for a candidate (a source when the flag is set, else a
    /// destination), and whether git takes it for binary.
    let content: (File, Bool) throws(GitStateError) -> (bytes: [UInt8], isBinary: Bool)

    /// For each destination, its source, or `nil`.
    func matches(sources: [Source], destinations: [File]) throws(GitStateError) -> [Match?] {
        var state = State(sources: sources, destinations: destinations)
        guard !sources.isEmpty, !destinations.isEmpty else { return state.matches }
        exactRenames(&state)
        var remaining = sources.indices.filter { copies || state.used[$0] == 0 }
        if !copies {
            try basenameMatches(&state, sources: remaining)
            remaining.removeAll { state.used[$0] > 0 }
        }
        let open = destinations.indices.filter { state.matches[$0] == nil }
        guard !open.isEmpty, !remaining.isEmpty else { return state.resolved() }
        // `too_many_rename_candidates`: past the limit, git keeps only the exact pairs.
        if limit > 0 && open.count * remaining.count > limit * limit { return state.resolved() }
        try inexactRenames(&state, sources: remaining, destinations: open)
        return state.resolved()
    }

    /// What the passes share: the matches so far and how often each source was used.
    private struct State {
        let sources: [Source]
        let destinations: [File]
        var matches: [Match?]
        /// git's `rename_used`: a source that stays counts itself once.
        var used: [Int]
        var sourceContents: [Int: (bytes: [UInt8], isBinary: Bool)] = [:]
        var destinationContents: [Int: (bytes: [UInt8], isBinary: Bool)] = [:]
        var sourceSpans: [Int: Similarity] = [:]
        var destinationSpans: [Int: Similarity] = [:]

        init(sources: [Source], destinations: [File]) {
            self.sources = sources
            self.destinations = destinations
            matches = Array(repeating: nil, count: destinations.count)
            used = sources.map { $0.stays ? 1 : 0 }
        }

        mutating func record(destination: Int, source: Int, score: Int) {
            used[source] += 1
            matches[destination] = Match(source: source, score: score)
        }

        /// `diff_resolve_rename_copy`: a source that stays is copied; a deleted one is renamed
        /// into its last destination (queue order) and copied into the others.
        func resolved() -> [Match?] {
            var left = used
            return matches.map { match in
                guard var match else { return nil }
                left[match.source] -= 1
                match.isCopy = left[match.source] > 0
                return match
            }
        }
    }

    /// `find_exact_renames`: per destination, the sources with its object id, in order; an
    /// unused one scores 1 and one with the same basename 1 more; the first best wins.
    private func exactRenames(_ state: inout State) {
        var byOID: [ObjectKey: [Int]] = [:]
        for (position, source) in state.sources.enumerated() {
            byOID[ObjectKey(source.file.oid), default: []].append(position)
        }
        for (position, destination) in state.destinations.enumerated() {
            guard let candidates = byOID[ObjectKey(destination.oid)] else { continue }
            var best: Int?
            var bestScore = -1
            var tries = 100
            for candidate in candidates {
                let source = state.sources[candidate].file
                // Not regular files: the modes must match.
                if !(Self.isRegular(source.mode) && Self.isRegular(destination.mode)) && source.mode != destination.mode
                {
                    continue
                }
                if state.used[candidate] > 0 && !copies { continue }
                let score =
                    (state.used[candidate] == 0 ? 1 : 0) + (Self.sameBasename(source.path, destination.path) ? 1 : 0)
                if score > bestScore {
                    best = candidate
                    bestScore = score
                    if score == 2 { break }
                }
                tries -= 1
                if tries == 0 { break }
            }
            if let best { state.record(destination: position, source: best, score: Similarity.maxScore) }
        }
    }

    /// `find_basename_matches` (git 2.33 and later): a source and a destination that are each
    /// the only one left with their basename pair up when similar enough, at a minimum halfway
    /// between git's 50% and 100% (75%).
    private func basenameMatches(_ state: inout State, sources: [Int]) throws(GitStateError) {
        let minimum = Similarity.defaultMinimum + (Similarity.maxScore - Similarity.defaultMinimum) / 2
        var sourceNames: [Substring: Int] = [:]
        for position in sources {
            let name = Self.basename(state.sources[position].file.path)
            sourceNames[name] = sourceNames[name] == nil ? position : -1
        }
        var destinationNames: [Substring: Int] = [:]
        for position in state.destinations.indices where state.matches[position] == nil {
            let name = Self.basename(state.destinations[position].path)
            destinationNames[name] = destinationNames[name] == nil ? position : -1
        }
        for position in sources {
            let name = Self.basename(state.sources[position].file.path)
            guard let destination = destinationNames[name] else { continue }
            // Not unique on one side: git would guess from directory renames, which it only
            // tracks for merges (no `dirs_removed` here), so no pair.
            guard sourceNames[name] == position, destination >= 0, state.matches[destination] == nil else { continue }
            let score = try estimate(&state, source: position, destination: destination, minimum: minimum)
            if score >= minimum { state.record(destination: destination, source: position, score: score) }
        }
    }

    private struct Candidate {
        var source: Int
        var destination: Int
        var score: Int
        var sameName: Bool
    }

    /// The matrix: the four best sources per destination (`record_if_better`, which fills its
    /// four slots in order and then replaces the first worst one with a better candidate), all
    /// sorted stably by `score_compare`; taken best first while the destination is free and,
    /// for a rename, the source too (copies, a second round, may reuse it).
    private func inexactRenames(_ state: inout State, sources: [Int], destinations: [Int]) throws(GitStateError) {
        var all: [Candidate] = []
        for destination in destinations {
            var slots: [Candidate?] = [nil, nil, nil, nil]
            for source in sources {
                let score = try estimate(
                    &state, source: source, destination: destination, minimum: Similarity.defaultMinimum)
                let candidate = Candidate(
                    source: source, destination: destination, score: score,
                    sameName: Self.sameBasename(state.sources[source].file.path, state.destinations[destination].path))
                var worst = 0
                for slot in 1..<slots.count where Self.order(slots[slot], slots[worst]) > 0 { worst = slot }
                if Self.order(slots[worst], candidate) > 0 { slots[worst] = candidate }
            }
            all += slots.compactMap { $0 }
        }
        let sorted = all.enumerated().sorted { left, right in
            let order = Self.order(left.element, right.element)
            return order != 0 ? order < 0 : left.offset < right.offset
        }.map(\.element)
        for round in copies ? [false, true] : [false] {
            for candidate in sorted {
                if candidate.score < Similarity.defaultMinimum { break }
                if state.matches[candidate.destination] != nil { continue }
                if !round && state.used[candidate.source] > 0 { continue }
                state.record(destination: candidate.destination, source: candidate.source, score: candidate.score)
            }
        }
    }

    /// git's `score_compare`: positive when `left` comes after `right`. An empty slot comes
    /// last; then the higher score first, then the same basename.
    private static func order(_ left: Candidate?, _ right: Candidate?) -> Int {
        guard let left else { return right == nil ? 0 : 1 }
        guard let right else { return -1 }
        if left.score == right.score { return (right.sameName ? 1 : 0) - (left.sameName ? 1 : 0) }
        return right.score - left.score
    }

    private func estimate(_ state: inout State, source: Int, destination: Int, minimum: Int) throws(GitStateError)
        -> Int
    {
        let old = state.sources[source].file
        let new = state.destinations[destination]
        // Only regular files: a link or a submodule is renamed only when unchanged.
        guard Self.isRegular(old.mode), Self.isRegular(new.mode) else { return 0 }
        if state.sourceContents[source] == nil { state.sourceContents[source] = try content(old, true) }
        if state.destinationContents[destination] == nil {
            state.destinationContents[destination] = try content(new, false)
        }
        guard let oldContent = state.sourceContents[source], let newContent = state.destinationContents[destination]
        else { return 0 }
        let (oldSize, newSize) = (oldContent.bytes.count, newContent.bytes.count)
        guard Similarity.sizesAllow(oldSize, newSize, minimum: minimum) else { return 0 }
        let oldSpans = state.sourceSpans[source] ?? Similarity(oldContent.bytes, isText: !oldContent.isBinary)
        let newSpans = state.destinationSpans[destination] ?? Similarity(newContent.bytes, isText: !newContent.isBinary)
        state.sourceSpans[source] = oldSpans
        state.destinationSpans[destination] = newSpans
        return Similarity.score(source: oldSpans, destination: newSpans, sourceSize: oldSize, destinationSize: newSize)
    }

    static func isRegular(_ mode: UInt32) -> Bool { mode & 0o170000 == 0o100000 }

    static func basename(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
    }

    /// git's `basename_same`.
    static func sameBasename(_ left: String, _ right: String) -> Bool { basename(left) == basename(right) }
}

/// An object id as a dictionary key.
struct ObjectKey: Hashable {
    let bytes: [UInt8]

    init(_ oid: git_oid) {
        var id = oid
        bytes = withUnsafeBytes(of: &id.id) { Array($0) }
    }
}
