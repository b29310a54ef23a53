import CLibGit2

/// The configuration files git reads besides the repository's own, with git's environment
/// applied (`GIT_CONFIG_NOSYSTEM`, `GIT_CONFIG_SYSTEM`, `GIT_CONFIG_GLOBAL`: config.c's
/// `git_system_config` and `git_global_config`; t1300-config.sh). libgit2 1.5.1 knows none of
/// the three: it always reads `/etc/gitconfig`, `~/.config/git/config` and `~/.gitconfig`.
struct ConfigFiles {
    /// `/etc/gitconfig`, `GIT_CONFIG_SYSTEM`, or none with `GIT_CONFIG_NOSYSTEM`.
    var system: String?
    /// The XDG file then `~/.gitconfig` (git's order of reading), or `GIT_CONFIG_GLOBAL` alone.
    var global: [String]
    /// True when one of the three variables is set: libgit2's own choice of files is not git's.
    var isOverridden: Bool

    init(environment: GitEnvironment) {
        let noSystem = environment("GIT_CONFIG_NOSYSTEM").flatMap(GitNumber.bool) ?? false
        let systemFile = environment("GIT_CONFIG_SYSTEM")
        let globalFile = environment("GIT_CONFIG_GLOBAL")
        isOverridden = environment("GIT_CONFIG_NOSYSTEM") != nil || systemFile != nil || globalFile != nil
        system = noSystem ? nil : (systemFile ?? "/etc/gitconfig")
        if let globalFile {
            global = [globalFile]
        } else {
            let home = environment("HOME").map(FilePath.withoutTrailingSlash)
            let xdg =
                environment("XDG_CONFIG_HOME").flatMap { $0.isEmpty ? nil : $0 + "/git/config" }
                ?? home.map { $0 + "/.config/git/config" }
            global = [xdg, home.map { $0 + "/.gitconfig" }].compactMap { $0 }
        }
    }

    /// The files git reads before any repository's (its "very early" configuration), in order:
    /// where `safe.directory` is looked up.
    var protected: [String] { (system.map { [$0] } ?? []) + global }

    /// The repository's configuration as git reads it: these files, then the repository's own
    /// `config`. Given to libgit2 when git's environment chose other files than libgit2 would.
    func apply(to repository: OpaquePointer, commonDirectory: String) throws(GitStateError) {
        guard isOverridden else { return }
        var made: OpaquePointer?
        try LibGit2.check(git_config_new(&made), path: commonDirectory)
        guard let config = made else { return }
        defer { git_config_free(config) }
        var levels: [(String, git_config_level_t)] = system.map { [($0, GIT_CONFIG_LEVEL_SYSTEM)] } ?? []
        if global.count == 2 { levels.append((global[0], GIT_CONFIG_LEVEL_XDG)) }
        if let last = global.last { levels.append((last, GIT_CONFIG_LEVEL_GLOBAL)) }
        levels.append((commonDirectory + "/config", GIT_CONFIG_LEVEL_LOCAL))
        for (path, level) in levels where FilePath.exists(path) && !FilePath.isDirectory(path) {
            try LibGit2.check(git_config_add_file_ondisk(config, path, level, repository, 0), path: path)
        }
        git_repository_set_config(repository, config)
    }
}
