import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// The index → work tree side, adjusted to what git reports.
///
/// git hides intent-to-add entries from the index when it compares with the work
/// tree, so they show as added files, and (with rename detection on) a deleted
/// file and an intent-to-add file with the same content pair up as a rename.
struct WorkTreeChanges {
    struct Change {
        var path: PathKey
        var letter: Character
        /// The change, with its position in the libgit2 diff when it came from one.
        var delta: (position: Int?, value: Delta)?
        /// The source of a rename found among deleted and intent-to-add files.
        var origin: PathKey?
        /// The deleted side of that rename, whose content the new file is counted against.
        var originDelta: Delta?
        /// Counts known without a libgit2 delta (submodules).
        var counts: LineCounts?
    }

    var changes: [Change] = []
    var untracked: [PathKey] = []

    init(diff: Diff, facts: IndexFacts, content: ContentReader) throws(GitStateError) {
        var seen: Set<PathKey> = []
        for (position, delta) in diff.deltas.enumerated() {
            let key = PathKey(delta.path)
            if delta.kind == .untracked {
                untracked.append(key)
                continue
            }
            guard var letter = delta.kind.letter, facts.conflicts[key] == nil, !facts.skipWorktree.contains(key) else {
                continue
            }
            var delta = delta
            if letter == "D" && content.isSpecialFile(delta.path) {
                // libgit2 takes a FIFO, socket or device for a deleted file; git for a modified one.
                letter = "M"
                delta.kind = .modified
                delta.newMode = delta.oldMode
            }
            if facts.intentToAdd.contains(key) && letter != "D" { letter = "A" }
            seen.insert(key)
            changes.append(Change(path: key, letter: letter, delta: (position, delta)))
        }
        // An intent-to-add file whose content is still empty has no libgit2 delta.
        for key in facts.intentToAdd where !seen.contains(key) {
            if try content.workTreeContent(key.string) != nil {
                changes.append(Change(path: key, letter: "A", delta: nil))
            }
        }
    }

    init(changes: [Change], untracked: [PathKey]) {
        self.changes = changes
        self.untracked = untracked
    }

    /// Adds the submodules git shows as changed under `defaultIgnore`.
    mutating func add(_ submodules: inout [SubmoduleState], defaultIgnore: SubmoduleIgnore) throws(GitStateError) {
        let present = Set(changes.map(\.path))
        for position in submodules.indices where !present.contains(submodules[position].path) {
            guard try submodules[position].isChanged(defaultIgnore: defaultIgnore) else { continue }
            let state = submodules[position]
            changes.append(
                Change(path: state.path, letter: state.isDeleted ? "D" : "M", delta: nil, counts: state.lineCounts))
        }
    }

    /// Pairs deleted files (and, for copies, modified ones) with added (intent-to-add) files as
    /// git's diffcore-rename does (`RenamePairing`), the index's copy against the work tree's.
    func pairingRenames(rule: RenameRule, content: ContentReader) throws(GitStateError) -> WorkTreeChanges {
        guard rule.detection != .off else { return self }
        let byPath = changes.indices.sorted { changes[$0].path < changes[$1].path }
        let sources = byPath.filter {
            changes[$0].delta != nil
                && (changes[$0].letter == "D"
                    || (rule.detection == .copies && (changes[$0].letter == "M" || changes[$0].letter == "T")))
        }
        guard byPath.contains(where: { changes[$0].letter == "A" }), !sources.isEmpty else { return self }
        // The destinations' contents, read once: their ids decide the exact renames.
        var targets: [Int] = []
        var targetContents: [[UInt8]] = []
        for position in byPath where changes[position].letter == "A" {
            guard let bytes = try content.workTreeContent(changes[position].path.string) else { continue }
            targets.append(position)
            targetContents.append(bytes)
        }
        let destinations = zip(targets, targetContents).map { position, bytes in
            RenamePairing.File(
                path: changes[position].path.string, oid: BlobID(bytes),
                mode: content.workTreeMode(changes[position].path.string))
        }
        let contentsByPath = Dictionary(zip(destinations.map(\.path), targetContents)) { first, _ in first }
        let pairing = RenamePairing(copies: rule.detection == .copies, limit: rule.limit) {
            file, isSource throws(GitStateError) in
            let bytes = try isSource ? content.content(oid: file.oid, mode: file.mode) : contentsByPath[file.path] ?? []
            return (bytes, content.isBinaryForDiff(bytes, path: file.path))
        }
        let matches = try pairing.matches(
            sources: sources.map { position in
                let delta = changes[position].delta!.value
                return RenamePairing.Source(
                    file: .init(path: changes[position].path.string, oid: delta.oldOID, mode: delta.oldMode),
                    stays: changes[position].letter != "D")
            }, destinations: destinations)
        var result = changes
        var consumed: Set<Int> = []
        for (target, match) in zip(targets, matches) {
            guard let match else { continue }
            let source = sources[match.source]
            result[target].letter = match.isCopy ? "C" : "R"
            result[target].origin = changes[source].path
            result[target].originDelta = changes[source].delta?.value
            if changes[source].letter == "D" { consumed.insert(source) }
        }
        return WorkTreeChanges(
            changes: result.enumerated().filter { !consumed.contains($0.offset) }.map(\.element), untracked: untracked)
    }

    /// `git diff --numstat` for these changes, plus git's lines for unmerged paths.
    func numstat(diff: Diff?, facts: IndexFacts, content: ContentReader) throws(GitStateError) -> [LineCounts] {
        var result: [LineCounts] = []
        for change in changes {
            let path = change.path.string
            if let counts = change.counts {
                result.append(counts)
            } else if change.letter != "D" && content.isSpecialFile(path) {
                // git stops here ("unsupported file type"); its lines cannot be counted.
                result.append(LineCounts(path: path, add: nil, del: nil))
            } else if change.letter == "R" || change.letter == "C", let source = change.originDelta {
                result.append(
                    try content.lineCounts(
                        old: content.content(oid: source.oldOID, mode: source.oldMode),
                        new: content.workTreeContent(path) ?? [], path: path, oldPath: source.path))
            } else if let (position, delta) = change.delta {
                if delta.needsContentCounting {
                    result.append(
                        try LineCounter.count(
                            old: content.content(oid: delta.oldOID, mode: delta.oldMode),
                            new: content.workTreeContent(path) ?? [], path: path,
                            binaryAbove: content.bigFileThreshold))
                } else {
                    // Like git's skip_stat_unmatch: a file whose stat data changed but whose
                    // content, after git's filters, did not, is no change at all.
                    func mayBeUnchanged(_ counts: LineCounts) -> Bool {
                        counts.add == 0 && counts.del == 0 && delta.kind == .modified && delta.oldMode == delta.newMode
                    }
                    let counts: LineCounts
                    // libgit2's patch reads the file through its own line-ending rule, which is
                    // not git's where the index copy has CRs (`LineEndingConversion`).
                    if let diff, let position, !content.filtersMayApply(to: path) {
                        // libgit2 reads the old blob inside the patch: check it first (LooseObject).
                        try LooseObject.verify(delta.oldOID, in: content.repository)
                        counts = try diff.lineCounts(at: position, path: path, binaryAbove: content.bigFileThreshold)
                        if mayBeUnchanged(counts), try content.workTreeOID(path) == delta.oldOID { continue }
                    } else {
                        // A deleted path has no content, even when a link higher up (which git does
                        // not follow) leads to a file of that name.
                        let new = delta.kind == .deleted ? nil : try content.workTreeContent(path)
                        counts = try content.lineCounts(old: delta.oldOID, against: new ?? [], path: path)
                        // The content just read, not read again.
                        if mayBeUnchanged(counts), new.map(BlobID) == delta.oldOID { continue }
                    }
                    result.append(counts)
                }
            } else {
                result.append(try content.lineCounts(old: [], new: content.workTreeContent(path) ?? [], path: path))
            }
        }
        // git lists each unmerged path as `0 0`, then compares stage 2 with the work tree.
        var unmerged: [LineCounts] = []
        for (key, conflict) in facts.conflicts {
            unmerged.append(LineCounts(path: key.string, add: 0, del: 0))
            guard let ours = conflict.ours else { continue }
            let theirs = try content.workTreeContent(key.string)
            let base = try content.content(oid: ours.oid, mode: ours.mode)
            if theirs != base {
                unmerged.append(try content.lineCounts(old: base, new: theirs ?? [], path: key.string))
            }
        }
        // Stable: an unmerged path's `0 0` line stays before its stage-2 line.
        let ordered = unmerged.enumerated().sorted {
            PathKey($0.element.path) == PathKey($1.element.path)
                ? $0.element.add == 0 && $0.element.del == 0 && $0.offset < $1.offset
                : PathKey($0.element.path) < PathKey($1.element.path)
        }.map(\.element)
        return (result + ordered).enumerated().sorted {
            let left = PathKey($0.element.path)
            let right = PathKey($1.element.path)
            return left == right ? $0.offset < $1.offset : left < right
        }.map(\.element)
    }
}
