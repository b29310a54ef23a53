#if canImport(Glibc)
import Glibc
#endif

/// Small, careful file operations for the files `handoff init` manages.
///
/// New files are created exclusively (never replacing one that appeared meanwhile); changed
/// files are written to a temporary file in the same folder, flushed, and renamed over the old
/// one after checking it still holds what was read, keeping its permissions.
enum ProjectFile {
    /// The file's bytes; `nil` when it does not exist.
    static func read(_ path: String) throws(HandoffError) -> [UInt8]? {
        let descriptor: FileDescriptor
        do throws(Errno) {
            descriptor = try .open(path, O_RDONLY)
        } catch  where error == .noSuchFileOrDirectory {
            return nil
        } catch {
            throw HandoffError("cannot read \(path)", error)
        }
        defer { try? descriptor.close() }
        if descriptor.isFolder { throw HandoffError("\(path) is a folder, not a file") }
        return Array(descriptor.readAll())
    }

    /// Puts `bytes` at `path`: creates it when `expected` is `nil` (failing if it exists),
    /// else replaces it, failing if it no longer holds `expected`. `nil` bytes delete it.
    static func put(_ bytes: [UInt8]?, at path: String, expected: [UInt8]?) throws(HandoffError) {
        if let expected {
            let current = try read(path)
            guard current == expected else {
                throw HandoffError("\(path) changed while handoff was writing it; try again")
            }
        }
        guard let bytes else {
            do throws(Errno) {
                try FileSystem.remove(path)
            } catch  where error == .noSuchFileOrDirectory {
            } catch {
                throw HandoffError("cannot remove \(path)", error)
            }
            return
        }
        if expected == nil {
            guard try FileSystem.createExclusively(bytes, at: path) else {
                throw HandoffError("\(path) appeared while handoff was writing it; not overwriting it")
            }
        } else {
            try FileSystem.replace(bytes, at: path, mode: FileSystem.permissions(of: path) ?? 0o644)
        }
    }
}
