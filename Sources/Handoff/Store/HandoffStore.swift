import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Saves handoffs without ever losing or overwriting one.
///
/// Every save writes a temporary file in the destination folder, flushes it to disk, then
/// `link()`s it to the final name, which fails instead of replacing an existing file; the
/// temporary name is then removed. Two writers at the same instant get two names (`-2`, …),
/// an existing file is never touched, and a failed write leaves nothing behind but at most
/// nothing: the temporary file is removed on every path.
public struct HandoffStore: Sendable {
    public init() {}

    /// Saves `contents` as the first free `handoff-<day>[-N].<ext>` in `folder`, creating the folder.
    public func saveNext(
        _ contents: String, in folder: String, day: String, fileExtension: String, maxAttempts: Int = 1000
    ) throws(HandoffError) -> String {
        try createFolder(folder)
        let temporary = try writeTemporary(contents, in: folder)
        defer { unlink(temporary) }
        for attempt in 1...maxAttempts {
            let path = folder + "/" + HandoffFolder.fileName(day: day, attempt: attempt, fileExtension: fileExtension)
            if link(temporary, path) == 0 { return path }
            let code = errno
            if code == EEXIST { continue }
            throw HandoffError("cannot save \(path): \(String(cString: strerror(code)))")
        }
        throw HandoffError("cannot save in \(folder): \(maxAttempts) handoffs already exist for \(day)")
    }

    /// Saves `contents` at exactly `path`; fails, touching nothing, when the file exists.
    public func save(_ contents: String, at path: String) throws(HandoffError) -> String {
        let folder = Self.folder(of: path)
        try createFolder(folder)
        let temporary = try writeTemporary(contents, in: folder)
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return path }
        let code = errno
        if code == EEXIST { throw HandoffError("\(path) already exists; not overwriting it (choose another --output)") }
        throw HandoffError("cannot save \(path): \(String(cString: strerror(code)))")
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p`, with a one-line error naming the folder that could not be made.
    func createFolder(_ folder: String) throws(HandoffError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o777) != 0 {
                let code = errno
                var info = stat()
                if code == EEXIST, stat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
                if code == EEXIST { throw HandoffError("cannot create folder \(folder): \(current) is a file") }
                throw HandoffError("cannot create folder \(folder): \(String(cString: strerror(code)))")
            }
        }
    }

    /// Writes and flushes a new uniquely named hidden file in `folder`; returns its path.
    func writeTemporary(_ contents: String, in folder: String) throws(HandoffError) -> String {
        var template = Array((folder + "/.handoff-tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw HandoffError("cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure = Descriptor.writeAll(Array(contents.utf8), to: descriptor)
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        fchmod(descriptor, 0o644)
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw HandoffError("cannot write in \(folder): \(String(cString: strerror(failure)))")
        }
        return path
    }
}
