import CLibGit2

/// Owns one libgit2 object and frees it exactly once, when the owner goes away.
///
/// Handles are confined to the thread that made them: libgit2 objects are not
/// safe to share, so the type is deliberately not `Sendable`.
final class Handle {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit { free(pointer) }
}

@available(*, unavailable)
extension Handle: Sendable {}

/// Calls a libgit2 constructor that fills an out-pointer, and wraps the result.
func makeHandle(
    path: String,
    kind: GitStateError.Kind = .other,
    free: @escaping (OpaquePointer) -> Void,
    _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
) throws(GitStateError) -> Handle {
    var pointer: OpaquePointer?
    let code = body(&pointer)
    try LibGit2.check(code, kind: kind, path: path)
    guard let pointer else {
        throw GitStateError(kind: kind, message: "libgit2 returned no object", path: path)
    }
    return Handle(pointer, free: free)
}

extension git_oid {
    /// The full hexadecimal object id.
    var hex: String {
        var copy = self
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_fmt(&buffer, &copy)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == Int(GIT_OID_HEXSZ), git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}

extension git_oid: @retroactive Equatable {
    public static func == (lhs: git_oid, rhs: git_oid) -> Bool {
        var left = lhs
        var right = rhs
        return git_oid_equal(&left, &right) != 0
    }
}

extension git_oid: @retroactive Hashable {
    /// An object id is itself a uniform hash: its first eight bytes tell ids apart well
    /// enough, and cost a third of hashing all twenty (a long history walk hashes thousands).
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: id) { hasher.combine($0.loadUnaligned(as: UInt64.self)) }
    }
}
