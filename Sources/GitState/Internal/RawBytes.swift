import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Reading git's binary formats (index, commit-graph) in place. The caller has checked
/// that what is read lies inside the buffer.
extension UnsafeRawBufferPointer {
    /// The big-endian 16-bit word at `offset`.
    func bigEndian16(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The big-endian 32-bit word at `offset`.
    func bigEndian32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The big-endian 64-bit word at `offset`.
    func bigEndian64(at offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The 20-byte object id at `offset`.
    func oid(at offset: Int) -> git_oid {
        var oid = git_oid()
        // A plain copy of the 20 bytes (`git_oid_fromraw`'s work, without the call).
        withUnsafeMutableBytes(of: &oid.id) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: self[offset..<(offset + 20)]))
        }
        return oid
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Negative, zero or positive as these bytes sort before, with or after `other`
    /// (byte by byte, a prefix first): git's order of paths and names.
    func compareBytes(_ other: UnsafeBufferPointer<UInt8>) -> Int {
        let common = Swift.min(count, other.count)
        let order = common == 0 ? 0 : memcmp(baseAddress!, other.baseAddress!, common)
        if order != 0 { return order < 0 ? -1 : 1 }
        return count == other.count ? 0 : (count < other.count ? -1 : 1)
    }
}
