#if canImport(Glibc)
import Glibc
#endif

/// Writing to an open file descriptor.
enum Descriptor {
    /// Writes every byte, retrying short and interrupted writes; returns 0 or the errno.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }
}
