import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// libgit2's similarity score (0-100), the measure its own rename detection uses.
enum Similarity {
    static func score(_ old: [UInt8], _ new: [UInt8]) -> Int {
        if old == new { return 100 }
        if old.isEmpty || new.isEmpty { return 0 }
        let options = git_hashsig_option_t(
            GIT_HASHSIG_SMART_WHITESPACE.rawValue | GIT_HASHSIG_ALLOW_SMALL_FILES.rawValue)
        var first: OpaquePointer?
        var second: OpaquePointer?
        defer {
            if let first { git_hashsig_free(first) }
            if let second { git_hashsig_free(second) }
        }
        let made = old.withUnsafeBytes { oldBytes in
            new.withUnsafeBytes { newBytes in
                git_hashsig_create(&first, oldBytes.baseAddress, oldBytes.count, options) == 0
                    && git_hashsig_create(&second, newBytes.baseAddress, newBytes.count, options) == 0
            }
        }
        guard made, let first, let second else { return 0 }
        return Int(max(0, git_hashsig_compare(first, second)))
    }
}
