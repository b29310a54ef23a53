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
