#if canImport(Glibc)
import Glibc
#endif

/// The calls on paths that handoff's stores make (handoffs, the session journal, learnings, the
/// archive, init's backups, the hook installer, the agent files), each wrapped once: retried on
/// `EINTR`, failing with `Errno`. Calls on an open file are `FileDescriptor`'s.
enum FileSystem {
    /// What is at a path.
    enum Kind: Equatable {
        case file, folder, symbolicLink, other
    }

    /// What is at `path`, `nil` when nothing is; a symbolic link itself unless `followingLinks`.
    static func kind(of path: String, followingLinks: Bool = false) -> Kind? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Whether anything is at `path` (a dangling symbolic link is something unless `followingLinks`).
    static func exists(_ path: String, followingLinks: Bool = false) -> Bool {
        kind(of: path, followingLinks: followingLinks) != nil
    }

    /// The permission bits of the file at `path` (links followed).
    static func permissions(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    /// The modification time in Unix seconds (links followed).
    static func modificationTime(of path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// Gives the file at `existing` the name `new` too. Fails with `Errno.fileExists` when
    /// anything is at `new`, a symbolic link included (`link` never follows or replaces it).
    static func link(_ existing: String, as new: String) throws(Errno) {
        _ = try retryingOnInterrupt { Glibc.link(existing, new) }
    }

    /// Moves `old` to `new`, replacing what is at `new`.
    static func rename(_ old: String, to new: String) throws(Errno) {
        _ = try retryingOnInterrupt { Glibc.rename(old, new) }
    }

    /// Removes the file (or symbolic link) at `path`.
    static func remove(_ path: String) throws(Errno) {
        _ = try retryingOnInterrupt { unlink(path) }
    }

    /// Removes the folder at `path` when it is empty.
    static func removeFolder(_ path: String) throws(Errno) {
        _ = try retryingOnInterrupt { rmdir(path) }
    }

    static func makeFolder(_ path: String) throws(Errno) {
        _ = try retryingOnInterrupt { mkdir(path, 0o777) }
    }

    /// Runs `call`, its failure described as `<what>: <the error's text>`.
    static func attempt<T>(_ what: @autoclosure () -> String, _ call: () throws(Errno) -> T) throws(HandoffError) -> T {
        do throws(Errno) {
            return try call()
        } catch {
            throw HandoffError(what(), error)
        }
    }

    /// `mkdir -p`: creates every missing folder of `folder`; returns the ones it created,
    /// outermost first. On a failure the ones it created are removed again and the error names
    /// `folder` (and the file standing where a folder should be). With a `root`, a symbolic
    /// link below it that leads outside it is refused first (`confine(_:within:)`).
    @discardableResult
    static func makeFolders(_ folder: String, within root: String? = nil) throws(HandoffError) -> [String] {
        if let root { try confine(folder, within: root) }
        var created: [String] = []
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            do throws(Errno) {
                try makeFolder(current)
                created.append(current)
            } catch {
                if error == .fileExists, kind(of: current, followingLinks: true) == .folder { continue }
                removeFolders(created)
                if error == .fileExists { throw HandoffError("cannot create folder \(folder): \(current) is a file") }
                throw HandoffError("cannot create folder \(folder)", error)
            }
        }
        return created
    }

    /// Removes those of `folders` that are empty, innermost first.
    static func removeFolders(_ folders: [String]) {
        for folder in folders.sorted(by: { $0.count > $1.count }) { try? removeFolder(folder) }
    }

    /// The folder holding `path`: `a/b` for `a/b/c`, `.` for `c`, `/` for `/c`.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates `path` holding `bytes`, whole or not at all, never replacing anything that is
    /// there (a file, a folder or a symbolic link, even a dangling one): the bytes are written
    /// and flushed to a temporary file beside it, which is then linked to `path`.
    /// Returns false, touching nothing, when `path` is taken.
    static func createExclusively(_ bytes: [UInt8], at path: String, mode: mode_t = 0o644) throws(HandoffError) -> Bool
    {
        let temporary = try TemporaryFile(bytes, in: folder(of: path), mode: mode)
        defer { temporary.remove() }
        do throws(Errno) {
            try temporary.link(as: path)
            return true
        } catch {
            if error == .fileExists { return false }
            throw HandoffError("cannot write \(path)", error)
        }
    }

    /// Puts `bytes` at `path` atomically, replacing what is there (for files that are handoff's own).
    static func replace(_ bytes: [UInt8], at path: String, mode: mode_t = 0o644) throws(HandoffError) {
        let temporary = try TemporaryFile(bytes, in: folder(of: path), mode: mode)
        do throws(Errno) {
            try temporary.rename(to: path)
        } catch {
            temporary.remove()
            throw HandoffError("cannot write \(path)", error)
        }
    }
}
