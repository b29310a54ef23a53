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

// git_oid gets no Equatable or Hashable conformance: one on a C type would be public and
// leak libgit2 out of GitState's interface. Code that keys sets or dictionaries by an id
// uses ObjectID; these two operators serve the plain comparisons.
func == (lhs: git_oid, rhs: git_oid) -> Bool { ObjectID(lhs) == ObjectID(rhs) }
func != (lhs: git_oid, rhs: git_oid) -> Bool { !(lhs == rhs) }
func == (lhs: git_oid?, rhs: git_oid?) -> Bool { lhs.map(ObjectID.init) == rhs.map(ObjectID.init) }
func != (lhs: git_oid?, rhs: git_oid?) -> Bool { !(lhs == rhs) }
