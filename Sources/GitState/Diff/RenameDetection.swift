import CLibGit2

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
