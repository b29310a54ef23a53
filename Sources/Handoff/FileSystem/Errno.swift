#if canImport(Glibc)
import Glibc
#endif

/// A system call's error number, as `apple/swift-system`'s `Errno` is: a typed value with the
/// names the stores ask about, and the C library's text as its description.
///
/// (swift-system itself is not used: on Linux its 1.8.1 release wraps `open`, `read`, `write`
/// and `close` but none of `mkdir`, `link`, `rename`, `unlink`, `flock`, `fsync` or `mkstemp`,
/// which are most of what the stores call, and it throws untyped errors.)
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The calling thread's `errno`, read right after a failed call.
    static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let noSuchProcess = Errno(rawValue: ESRCH)
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// What `open` with `O_NOFOLLOW` fails with at a symbolic link.
    public static let tooManyLinks = Errno(rawValue: ELOOP)
    public static let noSpace = Errno(rawValue: ENOSPC)

    /// `strerror`'s text: `No such file or directory`.
    public var description: String { String(cString: strerror(rawValue)) }
}

extension HandoffError {
    /// `<what>: <the error's text>`, the one way a failed system call becomes a message.
    init(_ what: String, _ error: Errno) {
        self.init("\(what): \(error)")
    }
}

/// Runs a system call that returns -1 and sets `errno` on failure, again while it is interrupted
/// by a signal (`EINTR`), as swift-system's `valueOrErrno(retryOnInterrupt:)` does.
func retryingOnInterrupt<Result: FixedWidthInteger>(_ call: () -> Result) throws(Errno) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let error = Errno.current
        if error != .interrupted { throw error }
    }
}
