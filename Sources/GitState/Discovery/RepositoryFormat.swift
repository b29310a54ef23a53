import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// The repository format git checks before it reads anything else (git 2.39's `setup.c`:
/// `check_repo_format`, `verify_repository_format`): `core.repositoryformatversion` and the
/// `extensions.*` keys of the repository's own config file (`<common dir>/config`, no other).
///
/// git reads versions 0 and 1. It knows six extensions: `noop`, `preciousObjects`,
/// `partialClone` and `worktreeConfig` at any version, `noop-v1` and `objectFormat` only at
/// version 1 (a version 0 repository naming one is refused); at version 1 it refuses any other,
/// at version 0 it ignores the others. libgit2 1.5.1 knows only `noop`, so GitState gives
/// libgit2 git's list (`allowGitsExtensions`) and checks the rest here.
struct RepositoryFormat: Equatable {
    /// `core.repositoryformatversion`, 0 when unset (as git treats a missing value).
    var version: Int32 = 0
    /// The `extensions.*` names as git compares them (lowercased), in the file's order.
    var extensions: [String] = []
    /// `extensions.objectFormat`, lowercased, when set.
    var objectFormat: String?

    /// The extensions git accepts at any version.
    static let anyVersion: Set<String> = ["noop", "preciousobjects", "partialclone", "worktreeconfig"]
    /// The extensions git accepts only at version 1.
    static let versionOneOnly: Set<String> = ["noop-v1", "objectformat"]

    /// Tells libgit2 to accept every extension git knows, once per process: libgit2 then
    /// refuses (at version 1) exactly the extensions git refuses.
    static func allowGitsExtensions() { _ = allowed }

    private static let allowed: Int32 = {
        LibGit2.initialize()
        let names = (anyVersion.union(versionOneOnly)).subtracting(["noop"]).sorted()
        let copies = names.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { UnsafePointer<CChar>($0) }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            handoff_git_set_extensions(buffer.baseAddress, buffer.count)
        }
    }()

    /// Reads the format from a repository config file; `nil` when the file cannot be read
    /// (git then carries on with version 0).
    init?(configFile path: String) {
        guard FilePath.exists(path) else { return nil }
        var config: OpaquePointer?
        guard git_config_open_ondisk(&config, path) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var version: Int32 = 0
        if git_config_get_int32(&version, config, "core.repositoryformatversion") == 0 { self.version = version }
        var iterator: UnsafeMutablePointer<git_config_iterator>?
        guard git_config_iterator_glob_new(&iterator, config, "^extensions\\.") == 0, let iterator else { return }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            let name = String(String(cString: current.name).dropFirst("extensions.".count)).lowercased()
            if !extensions.contains(name) { extensions.append(name) }
            if name == "objectformat" { objectFormat = current.value.map { String(cString: $0).lowercased() } }
        }
    }

    init(version: Int32, extensions: [String], objectFormat: String? = nil) {
        self.version = version
        self.extensions = extensions
        self.objectFormat = objectFormat
    }

    /// Refuses the repository where git refuses it, in git's words, or where git reads it and
    /// libgit2 1.5.1 cannot (SHA-256 object ids).
    func verify(configFile path: String) throws(GitStateError) {
        if let objectFormat, objectFormat != "sha1" {
            guard objectFormat == "sha256" else {
                throw GitStateError(
                    kind: .unsupportedFormat,
                    message: "invalid value for 'extensions.objectformat': '\(objectFormat)' in \(path)", path: path)
            }
            if version >= 1 {
                throw GitStateError(
                    kind: .unsupportedFormat,
                    message: "unsupported repository format: SHA-256 object ids (extensions.objectformat = sha256) "
                        + "in \(path); libgit2 1.5.1 reads SHA-1 repositories only", path: path)
            }
        }
        if version > 1 {
            throw GitStateError(
                kind: .unsupportedFormat, message: "expected git repo version <= 1, found \(version) in \(path)",
                path: path)
        }
        let known = Self.anyVersion.union(Self.versionOneOnly)
        let unknown = extensions.filter { !known.contains($0) }
        if version == 1 && !unknown.isEmpty {
            throw GitStateError(
                kind: .unsupportedFormat,
                message: "unknown repository extension\(unknown.count > 1 ? "s" : "") found: "
                    + unknown.joined(separator: ", ") + " in \(path)", path: path)
        }
        let early = extensions.filter { Self.versionOneOnly.contains($0) }
        if version == 0 && !early.isEmpty {
            throw GitStateError(
                kind: .unsupportedFormat,
                message: "repo version is 0, but v1-only extension\(early.count > 1 ? "s" : "") found: "
                    + early.joined(separator: ", ") + " in \(path)", path: path)
        }
    }

    /// libgit2's refusal of a repository's format (at open, before GitState sees the git
    /// directory), in git's words; `nil` for any other error.
    static func gitsWords(for error: GitStateError) -> GitStateError? {
        let message = error.message
        if let rest = text(of: message, after: "unsupported extension name extensions.") {
            let name = rest.prefix { !$0.isWhitespace }
            return GitStateError(
                kind: .unsupportedFormat, message: "unknown repository extension found: \(name)", path: error.path)
        }
        if let rest = text(of: message, after: "unsupported repository version ") {
            let found = rest.prefix { $0.isNumber || $0 == "-" }
            return GitStateError(
                kind: .unsupportedFormat, message: "expected git repo version <= 1, found \(found)", path: error.path)
        }
        return nil
    }

    /// The part of `message` after the first `marker`, or `nil` without one.
    private static func text(of message: String, after marker: String) -> Substring? {
        var rest = Substring(message)
        while !rest.isEmpty {
            if rest.hasPrefix(marker) { return rest.dropFirst(marker.count) }
            rest = rest.dropFirst()
        }
        return nil
    }
}
