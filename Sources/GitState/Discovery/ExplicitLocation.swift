import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Where the repository is when `GIT_DIR` or `GIT_WORK_TREE` says so, by git 2.39's rules
/// (`setup.c`: `setup_explicit_git_dir`, `setup_discovered_git_dir`; t1510-repo-setup.sh).
/// libgit2 1.5.1 ignores `GIT_DIR` when given a path to start from and refuses
/// `GIT_WORK_TREE` outright ("unimplemented"), so GitState opens the git directory itself and
/// sets the work tree over libgit2's primitives, with the rest of git's environment
/// (`GIT_INDEX_FILE`, `GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`,
/// `GIT_NAMESPACE`) applied as libgit2's own environment reading applies it.
struct ExplicitLocation {
    let gitDirectoryVariable: String?
    let workTreeVariable: String?
    let variable: GitEnvironment

    /// `nil` when neither variable is set: libgit2's discovery is git's then.
    init?(environment: @escaping GitEnvironment) {
        variable = environment
        gitDirectoryVariable = environment("GIT_DIR")
        workTreeVariable = environment("GIT_WORK_TREE")
        if gitDirectoryVariable == nil && workTreeVariable == nil { return nil }
    }

    /// Opens the repository as git would from `start` (git's current folder).
    func open(from start: String) throws(GitStateError) -> OpaquePointer {
        let gitDirectory = try self.gitDirectory(from: start)
        var pointer: OpaquePointer?
        // Opened bare: libgit2 would otherwise pick a work tree by its own rules.
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue
        let code = git_repository_open_ext(&pointer, gitDirectory, flags, nil)
        guard code == 0, let pointer else {
            if code == GIT_ENOTFOUND.rawValue, let gitDirectoryVariable {
                throw GitStateError(
                    kind: .notARepository, message: "not a git repository: '\(gitDirectoryVariable)'",
                    path: gitDirectory)
            }
            try LibGit2.check(code, path: gitDirectory)
            throw GitStateError(kind: .other, message: "libgit2 opened no repository", path: gitDirectory)
        }
        do {
            if let workTree = workTree(from: start, gitDirectory: gitDirectory, repository: pointer) {
                try LibGit2.check(git_repository_set_workdir(pointer, workTree, 0), path: workTree)
            }
            try applyEnvironment(to: pointer)
        } catch {
            git_repository_free(pointer)
            throw error
        }
        return pointer
    }

    /// `GIT_DIR` (a gitfile followed), else the git directory found upward as git finds it.
    private func gitDirectory(from start: String) throws(GitStateError) -> String {
        guard let gitDirectoryVariable else { return try discovered(from: start) }
        let named = Self.absolute(gitDirectoryVariable, from: start)
        if FilePath.isDirectory(named) { return named }
        guard let target = Gitfile.target(of: named) else {
            throw GitStateError(
                kind: .notARepository, message: "not a git repository: '\(gitDirectoryVariable)'", path: named)
        }
        return target
    }

    /// `GIT_WORK_TREE` without `GIT_DIR`: the git directory is discovered as usual.
    private func discovered(from start: String) throws(GitStateError) -> String {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let acrossFileSystems = variable("GIT_DISCOVERY_ACROSS_FILESYSTEM").flatMap(GitNumber.bool) ?? false
        let code = git_repository_discover(
            &buffer, start, acrossFileSystems ? 1 : 0, variable("GIT_CEILING_DIRECTORIES"))
        if code == GIT_ENOTFOUND.rawValue {
            throw GitStateError(
                kind: .notARepository, message: "not a git repository (or any of the parent directories): \(start)",
                path: start)
        }
        try LibGit2.check(code, path: start)
        return FilePath.withoutTrailingSlash(String(cString: buffer.ptr))
    }

    /// git's order: `GIT_WORK_TREE`; else, with `GIT_DIR`, none when `core.bare` is true, then
    /// `core.worktree` (relative to the git directory), then the current folder. A discovered
    /// git directory gets `GIT_WORK_TREE` (the only reason it comes here).
    private func workTree(from start: String, gitDirectory: String, repository: OpaquePointer) -> String? {
        if let workTreeVariable { return FilePath.withoutTrailingSlash(Self.absolute(workTreeVariable, from: start)) }
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, repository) == 0, let config else { return start }
        defer { git_config_free(config) }
        var bare: Int32 = 0
        if git_config_get_bool(&bare, config, "core.bare") == 0 && bare != 0 { return nil }
        var value: UnsafePointer<CChar>?
        if git_config_get_string(&value, config, "core.worktree") == 0, let value {
            return FilePath.withoutTrailingSlash(Self.absolute(String(cString: value), from: gitDirectory))
        }
        return start
    }

    /// What libgit2's `GIT_REPOSITORY_OPEN_FROM_ENV` applies after opening.
    private func applyEnvironment(to repository: OpaquePointer) throws(GitStateError) {
        if let indexFile = variable("GIT_INDEX_FILE") {
            var index: OpaquePointer?
            try LibGit2.check(git_index_open(&index, indexFile), path: indexFile)
            defer { git_index_free(index) }
            git_repository_set_index(repository, index)
        }
        if let objects = variable("GIT_OBJECT_DIRECTORY") {
            var odb: OpaquePointer?
            try LibGit2.check(git_odb_open(&odb, objects), path: objects)
            defer { git_odb_free(odb) }
            git_repository_set_odb(repository, odb)
        }
        if let alternates = variable("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
            var odb: OpaquePointer?
            try LibGit2.check(git_repository_odb(&odb, repository), path: alternates)
            defer { git_odb_free(odb) }
            for alternate in alternates.split(separator: ":") {
                try LibGit2.check(git_odb_add_disk_alternate(odb, String(alternate)), path: String(alternate))
            }
        }
        if let namespace = variable("GIT_NAMESPACE") {
            try LibGit2.check(git_repository_set_namespace(repository, namespace), path: namespace)
        }
    }

    private static func absolute(_ path: String, from base: String) -> String {
        path.hasPrefix("/") ? path : FilePath.withoutTrailingSlash(base) + "/" + path
    }
}

/// Reads one of git's environment variables (`nil` when unset; set and empty is "").
typealias GitEnvironment = (String) -> String?

enum ProcessEnvironment {
    /// The process's own environment, as git reads it.
    static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
