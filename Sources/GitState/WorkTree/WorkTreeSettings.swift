import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// `status.showUntrackedFiles`.
enum UntrackedMode {
    case no, normal, all

    init(configValue: String?) {
        switch configValue?.lowercased() {
        case "no", "false", "off", "0": self = .no
        case "all": self = .all
        default: self = .normal
        }
    }
}

/// The settings that shape the work-tree side of `git status` and `git diff`.
struct WorkTreeSettings {
    var untracked: UntrackedMode
    /// `core.ignorecase`.
    var ignoreCase: Bool
    /// Submodule changes `git status` ignores unless a submodule says otherwise.
    var statusSubmoduleIgnore: SubmoduleIgnore
    /// The same for `git diff`, which leaves untracked content out by default.
    var diffSubmoduleIgnore: SubmoduleIgnore

    init(repository: Repository) {
        untracked = UntrackedMode(configValue: repository.configString("status.showuntrackedfiles"))
        ignoreCase = repository.configBool("core.ignorecase") ?? false
        let configured = repository.configString("diff.ignoresubmodules").flatMap(SubmoduleIgnore.init(configValue:))
        statusSubmoduleIgnore = configured ?? (untracked == .no ? .untracked : .none)
        diffSubmoduleIgnore = configured ?? .untracked
    }
}
