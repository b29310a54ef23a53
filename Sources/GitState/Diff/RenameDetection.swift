import CLibGit2

/// How a diff looks for renames and copies, from git's configuration.
enum RenameDetection: Equatable {
    case off, renames, copies

    /// git's parsing of `diff.renames` / `status.renames`.
    init?(configValue: String) {
        switch configValue.lowercased() {
        case "copies", "copy": self = .copies
        default:
            guard let enabled = GitNumber.bool(configValue) else { return nil }
            self = enabled ? .renames : .off
        }
    }
}

/// What one command looks for and how many candidates it compares (git's rename limit).
struct RenameRule: Equatable {
    var detection: RenameDetection
    /// The limit on sources × destinations, squared; 0 is none (git's default is 1000).
    var limit: Int

    /// The deltas of a diff between two stored versions (HEAD and the index), in path order,
    /// with renames and copies paired as git pairs them (`RenamePairing`): a renamed source's
    /// deletion goes, its destination becomes the rename.
    func pairing(_ deltas: [Delta], content: ContentReader) throws(GitStateError) -> [Delta] {
        guard detection != .off else { return deltas }
        let destinations = deltas.indices.filter { deltas[$0].kind == .added }
        let sources = deltas.indices.filter {
            deltas[$0].kind == .deleted
                || (detection == .copies && (deltas[$0].kind == .modified || deltas[$0].kind == .typeChanged))
        }
        guard !destinations.isEmpty, !sources.isEmpty else { return deltas }
        let pairing = RenamePairing(copies: detection == .copies, limit: limit) { file, _ throws(GitStateError) in
            let bytes = try content.content(oid: file.oid, mode: file.mode)
            return (bytes, content.isBinaryForDiff(bytes, path: file.path))
        }
        let matches = try pairing.matches(
            sources: sources.map {
                RenamePairing.Source(
                    file: .init(path: deltas[$0].oldPath, oid: deltas[$0].oldOID, mode: deltas[$0].oldMode),
                    stays: deltas[$0].kind != .deleted)
            },
            destinations: destinations.map {
                RenamePairing.File(path: deltas[$0].path, oid: deltas[$0].newOID, mode: deltas[$0].newMode)
            })
        var result = deltas
        var gone: Set<Int> = []
        for (destination, match) in zip(destinations, matches) {
            guard let match else { continue }
            let source = deltas[sources[match.source]]
            result[destination].kind = match.isCopy ? .copied : .renamed
            result[destination].oldPath = source.oldPath
            result[destination].oldOID = source.oldOID
            result[destination].oldMode = source.oldMode
            if source.kind == .deleted { gone.insert(sources[match.source]) }
        }
        return result.indices.filter { !gone.contains($0) }.map { result[$0] }
    }
}

/// The rename settings `git status` and `git diff` each use.
struct RenameSettings {
    var status: RenameRule
    var diff: RenameRule

    init(repository: Repository) {
        let diffSetting = Self.detection(repository, "diff.renames")
        let diffLimit = Self.limit(repository, "diff.renamelimit") ?? 1000
        diff = RenameRule(detection: diffSetting ?? .renames, limit: diffLimit)
        status = RenameRule(
            detection: Self.detection(repository, "status.renames") ?? diff.detection,
            limit: Self.limit(repository, "status.renamelimit") ?? diffLimit)
    }

    /// `diff.renames` or `status.renames`; a name without a value is true, as for any boolean.
    private static func detection(_ repository: Repository, _ name: String) -> RenameDetection? {
        guard let value = repository.configValue(name) else { return nil }
        return value.map { RenameDetection(configValue: $0) } ?? .renames
    }

    /// An integer setting as git reads it (`k`, `m`, `g` suffixes).
    private static func limit(_ repository: Repository, _ name: String) -> Int? {
        guard let config = repository.configSnapshot() else { return nil }
        var value: Int64 = 0
        // A negative limit is git's "unset": the next setting, or the default, applies.
        guard git_config_get_int64(&value, config, name) == 0, value >= 0 else { return nil }
        return Int(value)
    }
}
