/// Saves handoffs without ever losing or overwriting one.
///
/// Every save writes a temporary file in the destination folder, flushes it to disk, then
/// `link()`s it to the final name, which fails instead of replacing an existing file; the
/// temporary name is then removed. Two writers at the same instant get two names (`-2`, …),
/// an existing file is never touched, and a failed write leaves nothing behind: the temporary
/// file is removed on every path (`FileSystem.createExclusively`, `TemporaryFile`).
public struct HandoffStore: Sendable {
    public init() {}

    /// Saves `contents` as the first free `handoff-<day>[-N].<ext>` in `folder`, creating the folder.
    public func saveNext(
        _ contents: String, in folder: String, day: String, fileExtension: String, maxAttempts: Int = 1000
    ) throws(HandoffError) -> String {
        try FileSystem.makeFolders(folder)
        let temporary = try TemporaryFile(Array(contents.utf8), in: folder)
        defer { temporary.remove() }
        for attempt in 1...maxAttempts {
            let path = folder + "/" + HandoffFolder.fileName(day: day, attempt: attempt, fileExtension: fileExtension)
            do throws(Errno) {
                try temporary.link(as: path)
                return path
            } catch  where error == .fileExists {
                continue
            } catch {
                throw HandoffError("cannot save \(path)", error)
            }
        }
        throw HandoffError("cannot save in \(folder): \(maxAttempts) handoffs already exist for \(day)")
    }

    /// Saves `contents` at exactly `path`; fails, touching nothing, when the file exists.
    public func save(_ contents: String, at path: String) throws(HandoffError) -> String {
        try FileSystem.makeFolders(FileSystem.folder(of: path))
        guard try FileSystem.createExclusively(Array(contents.utf8), at: path) else {
            throw HandoffError("\(path) already exists; not overwriting it (choose another --output)")
        }
        return path
    }
}
