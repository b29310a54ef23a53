import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Small, careful file operations for the files `handoff init` manages.
///
/// New files are created with `link()` (never replacing one that appeared meanwhile); changed
/// files are written to a temporary file in the same folder, flushed, and renamed over the old
/// one after checking it still holds what was read, keeping its permissions.
enum ProjectFile {
    /// The file's bytes; `nil` when it does not exist.
    static func read(_ path: String) throws(HandoffError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw HandoffError("cannot read \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw HandoffError("\(path) is a folder, not a file")
        }
        return Array(FileInput.readAll(from: descriptor))
    }

    /// Creates every missing folder of `folder`; returns the ones it created, outermost first.
    static func makeFolders(_ folder: String) throws(HandoffError) -> [String] {
        var created: [String] = []
        var current = ""
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o777) == 0 {
                created.append(current)
                continue
            }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
            removeFolders(created)
            if code == EEXIST { throw HandoffError("cannot create folder \(folder): \(current) is a file") }
            throw HandoffError("cannot create folder \(current): \(String(cString: strerror(code)))")
        }
        return created
    }

    /// Removes the folders that are empty, innermost first.
    static func removeFolders(_ folders: [String]) {
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
    }

    /// Puts `bytes` at `path`: creates it when `expected` is `nil` (failing if it exists),
    /// else replaces it, failing if it no longer holds `expected`. `nil` bytes delete it.
    static func put(_ bytes: [UInt8]?, at path: String, expected: [UInt8]?) throws(HandoffError) {
        let folder = HandoffStore.folder(of: path)
        if let expected {
            let current = try read(path)
            guard current == expected else {
                throw HandoffError("\(path) changed while handoff was writing it; try again")
            }
        }
        guard let bytes else {
            if unlink(path) != 0, errno != ENOENT {
                throw HandoffError("cannot remove \(path): \(String(cString: strerror(errno)))")
            }
            return
        }
        var mode: mode_t = 0o644
        var info = stat()
        if expected != nil, stat(path, &info) == 0 { mode = info.st_mode & 0o7777 }
        let temporary = try writeTemporary(bytes, in: folder, mode: mode)
        defer { unlink(temporary) }
        if expected == nil {
            if link(temporary, path) != 0 {
                let code = errno
                if code == EEXIST {
                    throw HandoffError("\(path) appeared while handoff was writing it; not overwriting it")
                }
                throw HandoffError("cannot write \(path): \(String(cString: strerror(code)))")
            }
        } else if rename(temporary, path) != 0 {
            throw HandoffError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces (or creates) one of the tool's own files, without any check.
    static func replace(_ bytes: [UInt8], at path: String) throws(HandoffError) {
        let temporary = try writeTemporary(bytes, in: HandoffStore.folder(of: path), mode: 0o644)
        defer { unlink(temporary) }
        if rename(temporary, path) != 0 {
            throw HandoffError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func writeTemporary(_ bytes: [UInt8], in folder: String, mode: mode_t) throws(HandoffError) -> String {
        var template = Array((folder + "/.handoff-tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw HandoffError("cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure = Descriptor.writeAll(bytes, to: descriptor)
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        fchmod(descriptor, mode)
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw HandoffError("cannot write in \(folder): \(String(cString: strerror(failure)))")
        }
        return path
    }
}
