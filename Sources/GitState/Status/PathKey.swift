import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// A path compared byte by byte, as git compares paths.
///
/// Swift's `String` equality treats NFC and NFD spellings as equal; git, and
/// the file system, do not.
struct PathKey: Hashable, Comparable {
    let bytes: [UInt8]

    init(_ path: String) { bytes = Array(path.utf8) }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    var basename: ArraySlice<UInt8> {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes[...] }
        return bytes[(slash + 1)...]
    }

    static func < (lhs: PathKey, rhs: PathKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// All bytes in one call: an array's own hashing feeds the hasher one byte at a time,
    /// which made hashing paths a visible share of a large repository's status.
    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
