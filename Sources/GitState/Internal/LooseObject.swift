import CLibGit2
import CPlatform

#if canImport(Glibc)
import Glibc
#endif

/// A loose object checked before libgit2 reads it. libgit2 1.5.1's `git_zstream_get_output`
/// calls zlib until the stream ends, and on a truncated loose object zlib can never end it (all
/// input used, `Z_BUF_ERROR`): the read never returns. git calls that object corrupt and
/// refuses (t1450-style); so does GitState, inflating the object once itself, bounded: each
/// step consumes input or fills output, or the object is corrupt.
enum LooseObject {
    static func verify(_ oid: git_oid, in repository: Repository) throws(GitStateError) {
        var id = oid
        if git_oid_is_zero(&id) == 1 { return }
        let hex = id.hex
        let objects =
            getenv("GIT_OBJECT_DIRECTORY").map { String(cString: $0) } ?? repository.commonDirectory + "/objects"
        let path = objects + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        // Packed or missing: libgit2 reads packs in windows, and reports a missing object itself.
        guard let bytes = FilePath.read(path) else { return }
        guard inflatesCompletely(bytes) else {
            throw GitStateError(
                kind: .missingObject, message: "unable to read \(hex): corrupt loose object '\(hex)'", path: path)
        }
    }

    private static func inflatesCompletely(_ bytes: [UInt8]) -> Bool {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 64 * 1024)
        return bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            return output.withUnsafeMutableBufferPointer { buffer in
                while true {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    switch inflate(&stream, Z_NO_FLUSH) {
                    case Z_STREAM_END: return true
                    case Z_OK: continue
                    default: return false  // Z_BUF_ERROR: no input left and no end: truncated
                    }
                }
            }
        }
    }
}
