#if canImport(Glibc)
import Glibc
#endif

/// A new file's bytes, written and flushed under a unique hidden name (`.handoff-tmp-XXXXXX`)
/// in the folder it is meant for, then given its real name: exclusively (`link(as:)`, which
/// never replaces anything) or over the old file (`rename(to:)`). Whoever makes one removes it
/// (`remove()`) on every path; after a `link` the file keeps its real name.
struct TemporaryFile {
    let path: String

    /// Fails naming `folder` ("cannot write in …"), leaving nothing behind.
    init(_ bytes: [UInt8], in folder: String, mode: mode_t = 0o644) throws(HandoffError) {
        var template = Array((folder + "/.handoff-tmp-XXXXXX").utf8CString)
        let made: Int32
        do throws(Errno) {
            made = try retryingOnInterrupt { template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) } }
        } catch {
            throw HandoffError("cannot write in \(folder)", error)
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let descriptor = FileDescriptor(rawValue: made)
        var failure: Errno?
        do throws(Errno) {
            try descriptor.writeAll(bytes)
            try descriptor.synchronize()
            try descriptor.setPermissions(mode)
        } catch {
            failure = error
        }
        do throws(Errno) { try descriptor.close() } catch { failure = failure ?? error }
        if let failure {
            remove()
            throw HandoffError("cannot write in \(folder)", failure)
        }
    }

    /// Gives the file the name `target` too; `Errno.fileExists` when anything is there.
    func link(as target: String) throws(Errno) {
        try FileSystem.link(path, as: target)
    }

    /// Moves the file to `target`, replacing what is there.
    func rename(to target: String) throws(Errno) {
        try FileSystem.rename(path, to: target)
    }

    func remove() {
        try? FileSystem.remove(path)
    }
}
