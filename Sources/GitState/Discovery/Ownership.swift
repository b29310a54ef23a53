import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// git's refusal of a discovered repository that someone else owns (CVE-2022-24765): setup.c's
/// `ensure_valid_ownership` in git 2.39, pinned by t0033-safe-directory.sh. The work tree's top,
/// its `.git` file and the git directory must belong to the effective user (root also accepts
/// its own files and, run through sudo, `SUDO_UID`'s); otherwise `safe.directory` in the system
/// or global configuration must name the top's real path, or be `*` (an empty value forgets the
/// ones before it). A repository named by `GIT_DIR` is not checked, as git does not.
///
/// libgit2 1.5.1's own check is switched off (`LibGit2.initialize`): it reads no
/// `GIT_CONFIG_GLOBAL`, accepts folders root owns whoever runs it, and reports a refusal as
/// "config value 'safe.directory' was not found", the error of its last lookup.
struct Ownership {
    let environment: GitEnvironment

    /// Throws git's "detected dubious ownership" when the repository found from `start`
    /// (absolute) with its git directory at `gitDirectory` is not safe to open.
    func verify(from start: String, gitDirectory: String) throws(GitStateError) {
        guard let found = discovery(from: start, gitDirectory: gitDirectory) else { return }
        let paths = [found.gitfile, found.top, gitDirectory].compactMap { $0 }
        if paths.allSatisfy(isOwnedByCurrentUser) { return }
        let top = Self.real(found.top ?? gitDirectory)
        if isListedAsSafe(top) { return }
        throw GitStateError(
            kind: .notARepository,
            message:
                "detected dubious ownership in repository at '\(top)' (someone else owns it; to trust it: "
                + "git config --global --add safe.directory \(top))",
            path: top)
    }

    /// What git's walk up from `start` found: the folder holding `.git` (and the `.git` file, when
    /// it is one), or `nil` for a bare repository, whose git directory is the only path checked.
    private func discovery(from start: String, gitDirectory: String) -> (top: String?, gitfile: String?)? {
        let target = Self.real(gitDirectory)
        var folder = Self.real(start)
        while true {
            var info = stat()
            if lstat(folder + "/.git", &info) == 0 {
                let isFile = (info.st_mode & S_IFMT) == S_IFREG
                return (folder, isFile ? folder + "/.git" : nil)
            }
            if folder == target { return (nil, nil) }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { return nil }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
    }

    private func isOwnedByCurrentUser(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        var user = geteuid()
        if user == 0 {
            if info.st_uid == 0 { return true }
            if let sudo = environment("SUDO_UID"), let id = UInt32(sudo) { user = id }
        }
        return info.st_uid == user
    }

    /// `safe.directory` from the files git reads before the repository's, in git's order, then
    /// from the command line (`git -c`, `GIT_CONFIG_COUNT`), which git reads last.
    private func isListedAsSafe(_ top: String) -> Bool {
        var isSafe = false
        func consider(_ text: String) {
            if text.isEmpty {
                isSafe = false
            } else if text == "*" || expanded(text) == top {
                isSafe = true
            }
        }
        for file in ConfigFiles(environment: environment).protected where FilePath.exists(file) {
            var config: OpaquePointer?
            guard git_config_open_ondisk(&config, file) == 0, let config else { continue }
            defer { git_config_free(config) }
            var iterator: UnsafeMutablePointer<git_config_iterator>?
            guard git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil) == 0, let iterator
            else { continue }
            defer { git_config_iterator_free(iterator) }
            var entry: UnsafeMutablePointer<git_config_entry>?
            while git_config_next(&entry, iterator) == 0, let value = entry?.pointee.value {
                consider(String(cString: value))
            }
        }
        // A command line git cannot parse fails later, when the repository opens, in git's words.
        for value in (try? CommandLineConfig(environment: environment))?.values(of: "safe.directory") ?? [] {
            if let value { consider(value) }
        }
        return isSafe
    }

    /// `~/` and `~user/` at the front, as git's `interpolate_path` expands a path value.
    private func expanded(_ value: String) -> String {
        guard value.hasPrefix("~") else { return value }
        let rest = value.dropFirst()
        let name = rest.prefix { $0 != "/" }
        let home: String?
        if name.isEmpty {
            home = environment("HOME")
        } else {
            home = getpwnam(String(name)).map { String(cString: $0.pointee.pw_dir) }
        }
        guard let home else { return value }
        return FilePath.withoutTrailingSlash(home) + rest.dropFirst(name.count)
    }

    private static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return FilePath.withoutTrailingSlash(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
