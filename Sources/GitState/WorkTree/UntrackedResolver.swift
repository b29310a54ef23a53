import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Turns the scanner's unknown names into git's untracked list: ignored names
/// dropped, and (in git's default mode) a directory shown as `dir/` when it
/// holds anything not ignored.
struct UntrackedResolver {
    let repository: Repository
    let mode: UntrackedMode
    /// `core.ignorecase`: git skips `.GIT` as it skips `.git`.
    var ignoreCase = false

    func resolve(_ candidates: [PathKey]) throws(GitStateError) -> [PathKey] {
        guard mode != .no, let root = repository.workTree else { return [] }
        var result: [PathKey] = []
        for candidate in candidates {
            let isDirectory = candidate.bytes.last == UInt8(ascii: "/")
            if try isIgnored(candidate.string) { continue }
            if !isDirectory {
                result.append(candidate)
                continue
            }
            let relative = String(decoding: candidate.bytes.dropLast(), as: UTF8.self)
            if isNestedRepository(root + "/" + relative) {
                result.append(candidate)
            } else if mode == .normal {
                if try containsVisible(root: root, relative) { result.append(candidate) }
            } else {
                try collectVisible(root: root, relative, into: &result)
            }
        }
        return result
    }

    private func isIgnored(_ path: String) throws(GitStateError) -> Bool {
        var ignored: Int32 = 0
        try LibGit2.check(git_ignore_path_is_ignored(&ignored, repository.pointer, path), path: path)
        return ignored != 0
    }

    private func isNestedRepository(_ full: String) -> Bool {
        FilePath.exists(full + "/.git")
    }

    /// The names in a directory with whether each is a directory.
    private func children(_ full: String) -> [(name: String, isDirectory: Bool)] {
        guard let stream = opendir(full) else { return [] }
        defer { closedir(stream) }
        var result: [(String, Bool)] = []
        while let item = readdir(stream) {
            var nameBytes = item.pointee.d_name
            let name = withUnsafeBytes(of: &nameBytes) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." || CaseFoldedPaths.isGitDirectoryName(name.utf8, ignoreCase: ignoreCase) {
                continue
            }
            let type = Int32(item.pointee.d_type)
            var isDirectory = type == Int32(DT_DIR)
            if type == Int32(DT_UNKNOWN) {
                if FilePath.isSpecialFile(full + "/" + name) { continue }
                isDirectory = FilePath.isDirectoryNoFollow(full + "/" + name)
            } else if type != Int32(DT_DIR) && type != Int32(DT_REG) && type != Int32(DT_LNK) {
                continue  // a FIFO, socket or device is never untracked
            }
            result.append((name, isDirectory))
        }
        return result
    }

    private func containsVisible(root: String, _ relative: String) throws(GitStateError) -> Bool {
        for child in children(root + "/" + relative) {
            let path = relative + "/" + child.name
            if child.isDirectory {
                if try isIgnored(path + "/") { continue }
                if isNestedRepository(root + "/" + path) { return true }
                if try containsVisible(root: root, path) { return true }
            } else if try !isIgnored(path) {
                return true
            }
        }
        return false
    }

    private func collectVisible(root: String, _ relative: String, into result: inout [PathKey]) throws(GitStateError) {
        for child in children(root + "/" + relative) {
            let path = relative + "/" + child.name
            if child.isDirectory {
                if try isIgnored(path + "/") { continue }
                if isNestedRepository(root + "/" + path) {
                    result.append(PathKey(path + "/"))
                } else {
                    try collectVisible(root: root, path, into: &result)
                }
            } else if try !isIgnored(path) {
                result.append(PathKey(path))
            }
        }
    }
}
