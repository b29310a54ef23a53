#if canImport(Glibc)
import Glibc
#endif

/// A file that is only ever appended to, by any number of processes at once (the archive's
/// index, the learnings, the session journal, CI's step summary).
///
/// Each append waits for an exclusive `flock` (a signal meanwhile does not end the wait), then
/// writes all its bytes with one `write()` on an `O_APPEND` descriptor (looping only on a
/// short write, still under the lock), so concurrent appends never interleave or lose a line.
/// An append that fails half-way is taken back: the file is cut to its size before, or removed
/// when this append created it.
public struct AppendOnlyFile: Sendable {
    public let path: String
    /// The file whose lock guards `path`, when it is not `path` itself: a store that renames
    /// the file away under the lock (the journal's claim) locks a file that stays.
    let lockPath: String?

    public init(path: String) {
        self.init(path: path, lockPath: nil)
    }

    init(path: String, lockPath: String?) {
        self.path = path
        self.lockPath = lockPath
    }

    public func append(_ text: String) throws(HandoffError) {
        try append(bytes: Array(text.utf8))
    }

    func append(bytes: [UInt8]) throws(HandoffError) {
        _ = try append(reading: false) { _ in bytes }
    }

    /// `compose` gets the file's bytes as they are under the lock and returns what to append
    /// (`nil` or nothing: no change). Returns whether anything was appended.
    func append(composing compose: ([UInt8]) -> [UInt8]?) throws(HandoffError) -> Bool {
        try append(reading: true) { descriptor throws(Errno) in
            try descriptor.seekToStart()
            return compose(Array(descriptor.readAll()))
        }
    }

    private func append(
        reading: Bool, _ bytes: (FileDescriptor) throws(Errno) -> [UInt8]?
    ) throws(HandoffError) -> Bool {
        guard let lockPath else { return try open(reading: reading, locking: true, bytes) }
        return try FileLock(path: lockPath).holding { () throws(HandoffError) in
            try open(reading: reading, locking: false, bytes)
        }
    }

    private func open(
        reading: Bool, locking: Bool, _ bytes: (FileDescriptor) throws(Errno) -> [UInt8]?
    ) throws(HandoffError) -> Bool {
        let flags = (reading ? O_RDWR : O_WRONLY) | O_APPEND | O_NOFOLLOW
        var created = true
        let descriptor: FileDescriptor
        do throws(Errno) {
            do throws(Errno) {
                descriptor = try .open(path, flags | O_CREAT | O_EXCL)
            } catch  where error == .fileExists {
                created = false
                descriptor = try .open(path, flags)
            }
        } catch  where error == .tooManyLinks {
            throw HandoffError("refusing to append to \(path): it is a symbolic link")
        } catch {
            throw HandoffError("cannot append to \(path)", error)
        }
        defer { try? descriptor.close() }
        if locking {
            do throws(Errno) { try descriptor.lockExclusively() } catch {
                throw HandoffError("cannot lock \(path)", error)
            }
        }
        defer { if locking { descriptor.unlock() } }
        let appended: [UInt8]
        let sizeBefore: Int
        do throws(Errno) {
            guard let composed = try bytes(descriptor), !composed.isEmpty else { return false }
            appended = composed
            sizeBefore = try descriptor.size()
        } catch {
            throw HandoffError("cannot append to \(path)", error)
        }
        do throws(Errno) {
            try descriptor.writeAll(appended)
        } catch {
            if created { try? FileSystem.remove(path) } else { try? descriptor.truncate(to: sizeBefore) }
            throw HandoffError("cannot append to \(path)", error)
        }
        return true
    }
}

/// An exclusive `flock` on a lock file of its own (created when missing), held for a change of
/// several steps.
struct FileLock {
    let path: String

    func holding<T>(_ body: () throws(HandoffError) -> T) throws(HandoffError) -> T {
        let descriptor: FileDescriptor
        do throws(Errno) {
            descriptor = try .open(path, O_RDWR | O_CREAT | O_NOFOLLOW)
        } catch  where error == .tooManyLinks {
            throw HandoffError("refusing to open \(path): it is a symbolic link")
        } catch {
            throw HandoffError("cannot open \(path)", error)
        }
        defer { try? descriptor.close() }
        do throws(Errno) {
            try descriptor.lockExclusively()
        } catch {
            throw HandoffError("cannot lock \(path)", error)
        }
        defer { descriptor.unlock() }
        return try body()
    }
}
