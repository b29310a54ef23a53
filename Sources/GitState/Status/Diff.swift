import CLibGit2

/// One changed path of a libgit2 diff.
struct Delta {
    enum Kind: Equatable {
        case added, deleted, modified, renamed, copied, typeChanged
        case untracked, ignored, unmodified, unreadable, conflicted

        init(_ status: git_delta_t) {
            switch status {
            case GIT_DELTA_ADDED: self = .added
            case GIT_DELTA_DELETED: self = .deleted
            case GIT_DELTA_MODIFIED: self = .modified
            case GIT_DELTA_RENAMED: self = .renamed
            case GIT_DELTA_COPIED: self = .copied
            case GIT_DELTA_TYPECHANGE: self = .typeChanged
            case GIT_DELTA_UNTRACKED: self = .untracked
            case GIT_DELTA_IGNORED: self = .ignored
            case GIT_DELTA_UNREADABLE: self = .unreadable
            case GIT_DELTA_CONFLICTED: self = .conflicted
            default: self = .unmodified
            }
        }

        /// The porcelain v2 letter for this change, if it is one git shows.
        var letter: Character? {
            switch self {
            case .added: "A"
            case .deleted: "D"
            case .modified: "M"
            case .renamed: "R"
            case .copied: "C"
            case .typeChanged: "T"
            default: nil
            }
        }
    }

    var kind: Kind
    /// The path after the change (for a rename, the new name).
    var path: String
    var oldPath: String
    var oldOID: git_oid
    var newOID: git_oid
    var oldMode: UInt32
    var newMode: UInt32

    /// Type changes and submodules, whose line counts git takes from their contents
    /// ("Subproject commit" lines, a link's target) where libgit2 reports none or others.
    var needsContentCounting: Bool {
        kind == .typeChanged || oldMode == GIT_FILEMODE_COMMIT.rawValue || newMode == GIT_FILEMODE_COMMIT.rawValue
    }
}

/// Owns a libgit2 diff and reads its deltas and line counts.
struct Diff {
    let handle: Handle

    var deltas: [Delta] {
        let count = git_diff_num_deltas(handle.pointer)
        return (0..<count).compactMap { position in
            guard let delta = git_diff_get_delta(handle.pointer, position)?.pointee else { return nil }
            let newPath = delta.new_file.path.map { String(cString: $0) }
            let oldPath = delta.old_file.path.map { String(cString: $0) }
            return Delta(
                kind: Delta.Kind(delta.status), path: newPath ?? oldPath ?? "", oldPath: oldPath ?? newPath ?? "",
                oldOID: delta.old_file.id, newOID: delta.new_file.id,
                oldMode: UInt32(delta.old_file.mode), newMode: UInt32(delta.new_file.mode))
        }
    }

    /// `--numstat`'s counts for one delta; `nil` counts for a binary file.
    func lineCounts(at position: Int, path: String) throws(GitStateError) -> LineCounts {
        var patch: OpaquePointer?
        let code = git_patch_from_diff(&patch, handle.pointer, position)
        return try LineCounter.counts(of: patch, code: code, path: path)
    }
}

/// How a diff looks for renames and copies, from git's configuration.
enum RenameDetection: Equatable {
    case off, renames, copies

    /// git's parsing of `diff.renames` / `status.renames`.
    init?(configValue: String) {
        switch configValue.lowercased() {
        case "copies", "copy": self = .copies
        default:
            guard let enabled = ConfigValue.bool(configValue) else { return nil }
            self = enabled ? .renames : .off
        }
    }

    func apply(to diff: Handle, path: String) throws(GitStateError) {
        guard self != .off else { return }
        var options = git_diff_find_options()
        git_diff_find_options_init(&options, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        options.flags = GIT_DIFF_FIND_RENAMES.rawValue
        if self == .copies { options.flags |= GIT_DIFF_FIND_COPIES.rawValue }
        try LibGit2.check(git_diff_find_similar(diff.pointer, &options), path: path)
    }
}

/// The rename settings `git status` and `git diff` each use.
struct RenameSettings {
    var status: RenameDetection
    var diff: RenameDetection

    init(repository: Repository) {
        let diffSetting = repository.configString("diff.renames").flatMap(RenameDetection.init(configValue:))
        diff = diffSetting ?? .renames
        status = repository.configString("status.renames").flatMap(RenameDetection.init(configValue:)) ?? diff
    }
}

extension git_diff_options {
    /// Runs `body` with these options limited to exactly `paths` (`nil`: no limit): no pattern
    /// matching, each path's bytes as given (a name need not be UTF-8), NUL-terminated for libgit2.
    mutating func limited<Result>(
        toExactly paths: [[UInt8]]?, _ body: (inout git_diff_options) throws(GitStateError) -> Result
    ) throws(GitStateError) -> Result {
        guard let paths else { return try body(&self) }
        var strings: [UnsafeMutablePointer<CChar>?] = paths.map { path in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: path.count + 1)
            path.withUnsafeBytes { UnsafeMutableRawBufferPointer(start: copy, count: path.count).copyMemory(from: $0) }
            copy[path.count] = 0
            return copy
        }
        defer { strings.forEach { $0?.deallocate() } }
        flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        return try strings.withUnsafeMutableBufferPointer { buffer throws(GitStateError) -> Result in
            pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            defer { pathspec = git_strarray() }
            return try body(&self)
        }
    }
}
