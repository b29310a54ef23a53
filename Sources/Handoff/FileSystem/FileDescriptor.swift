import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// An open file, with each system call on it wrapped once: retried on `EINTR`, failing with `Errno`.
///
/// A plain value, like swift-system's: whoever opens it closes it.
struct FileDescriptor {
    let rawValue: Int32

    /// Standard input.
    static let standardInput = FileDescriptor(rawValue: 0)

    /// Standard error.
    static let standardError = FileDescriptor(rawValue: 2)

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try retryingOnInterrupt { Glibc.open(path, flags | O_CLOEXEC, mode) })
    }

    /// Closes it. Never retried: on Linux the descriptor is gone even when `close` reports `EINTR`.
    func close() throws(Errno) {
        if Glibc.close(rawValue) != 0 { throw Errno.current }
    }

    /// Every byte until the end of the file (or of the input); what was read when a read fails.
    func readAll() -> Data { readAll(atMost: .max)! }

    /// Every byte until the end of the file (or of the input), or nil as soon as there are more
    /// than `limit`: memory stays within the limit whatever the input's size.
    func readAll(atMost limit: Int) -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try? retryingOnInterrupt {
                buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, $0.count) }
            }
            guard let count, count > 0 else { break }
            if count > limit - data.count { return nil }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// Writes every byte, going on after short and interrupted writes.
    func writeAll(_ bytes: [UInt8]) throws(Errno) {
        // (`withUnsafeBytes` rethrows untyped errors: the failure leaves its closure as a value.)
        let failure = bytes.withUnsafeBytes { buffer -> Errno? in
            var offset = 0
            while offset < buffer.count {
                do throws(Errno) {
                    offset += try retryingOnInterrupt {
                        write(rawValue, buffer.baseAddress! + offset, buffer.count - offset)
                    }
                } catch {
                    return error
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// Waits for the exclusive `flock` on the file (a signal meanwhile does not end the wait).
    func lockExclusively() throws(Errno) {
        _ = try retryingOnInterrupt { flock(rawValue, LOCK_EX) }
    }

    func unlock() {
        flock(rawValue, LOCK_UN)
    }

    /// Flushes the file's bytes to the disk.
    func synchronize() throws(Errno) {
        _ = try retryingOnInterrupt { fsync(rawValue) }
    }

    func setPermissions(_ mode: mode_t) throws(Errno) {
        _ = try retryingOnInterrupt { fchmod(rawValue, mode) }
    }

    func truncate(to size: Int) throws(Errno) {
        _ = try retryingOnInterrupt { ftruncate(rawValue, off_t(size)) }
    }

    func seekToStart() throws(Errno) {
        _ = try retryingOnInterrupt { lseek(rawValue, 0, SEEK_SET) }
    }

    /// The file's size in bytes.
    func size() throws(Errno) -> Int {
        var info = stat()
        _ = try retryingOnInterrupt { fstat(rawValue, &info) }
        return Int(info.st_size)
    }

    var isFolder: Bool {
        var info = stat()
        return fstat(rawValue, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
