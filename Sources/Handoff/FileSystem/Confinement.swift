#if canImport(Glibc)
import Glibc
#endif

/// The one rule for symbolic links on the way to a file handoff writes: a link that stays inside
/// the folder the store belongs to (the work tree, the git directory) is followed, as any tool
/// would; a link that leads out of it, or to nothing, is refused with a line that names it.
/// A `.claude` linked to `/etc`, or `<git dir>/handoff` to someone else's folder, must not
/// make handoff write there. Paths the user named outside the root are the user's choice.
extension FileSystem {
    /// Fails when writing at `path` would go through a symbolic link below `root` that leads
    /// outside `root` (or nowhere).
    static func confine(_ path: String, within root: String) throws(HandoffError) {
        guard path.hasPrefix(root + "/"), let realRoot = realPath(root) else { return }
        var current = root
        for component in path.dropFirst(root.count + 1).split(separator: "/") {
            current += "/" + component
            guard let kind = kind(of: current) else { return }
            guard kind == .symbolicLink else { continue }
            let target = linkTarget(current) ?? "?"
            guard let real = realPath(current) else {
                throw HandoffError(
                    "refusing to write \(path): \(current) is a symbolic link to \(target), which does not exist")
            }
            guard real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
                throw HandoffError(
                    "refusing to write \(path): \(current) is a symbolic link to \(target), outside \(root)")
            }
        }
    }

    /// Where a write at `path` lands: `path`, or the file a symbolic link at `path` points to
    /// (after `confine(_:within:)` has checked that it stays inside).
    static func resolvingFinalLink(_ path: String) -> String {
        guard kind(of: path) == .symbolicLink, let real = realPath(path) else { return path }
        return real
    }

    /// `realpath(3)`: the absolute path with every link, `.` and `..` resolved; `nil` when some
    /// part of it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What the symbolic link at `path` holds, as written.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
