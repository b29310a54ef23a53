#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory, unmapped when the last owner lets go.
///
/// A class because the mapping is a resource to free; the bytes are never written
/// (`PROT_READ`, `MAP_PRIVATE`), so nothing read through them can reach the file.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`; `nil` when it is missing, empty or cannot be mapped.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        // The mapping outlives the descriptor.
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

@available(*, unavailable)
extension MappedFile: Sendable {}
