import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// `--numstat` counts between two contents, with git's binary rules: what libgit2 finds binary
/// (a NUL byte, `-diff` and `binary` attributes), and, as git's `diff_filespec_is_binary` does,
/// any side larger than `core.bigFileThreshold`, whatever its content (t4012's big files).
enum LineCounter {
    /// `forcingText`: the attributes made both sides text (`diff`), so no size or content makes them binary.
    static func count(
        old: [UInt8], new: [UInt8], path: String, binaryAbove threshold: Int, forcingText: Bool = false
    ) throws(GitStateError) -> LineCounts {
        let threshold = forcingText ? Int.max : threshold
        if old.count > threshold || new.count > threshold { return LineCounts(path: path, add: nil, del: nil) }
        var options = Self.options(forcingText: forcingText)
        var patch: OpaquePointer?
        let code = old.withUnsafeBytes { oldBytes in
            new.withUnsafeBytes { newBytes in
                git_patch_from_buffers(
                    &patch, oldBytes.baseAddress, oldBytes.count, path, newBytes.baseAddress, newBytes.count, path,
                    &options)
            }
        }
        return try counts(of: patch, code: code, path: path, binaryAbove: threshold)
    }

    /// libgit2's diff options: its defaults, or every side taken for text (`GIT_DIFF_FORCE_TEXT`).
    static func options(forcingText: Bool) -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        if forcingText { options.flags |= GIT_DIFF_FORCE_TEXT.rawValue }
        return options
    }

    /// The counts of a patch libgit2 made (and frees here), after checking `code`.
    static func counts(of patch: OpaquePointer?, code: Int32, path: String, binaryAbove threshold: Int)
        throws(GitStateError) -> LineCounts
    {
        try LibGit2.check(code, path: path)
        guard let patch else { return LineCounts(path: path, add: 0, del: 0) }
        defer { git_patch_free(patch) }
        if let delta = git_patch_get_delta(patch)?.pointee,
            delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0 || delta.old_file.size > threshold
                || delta.new_file.size > threshold
        {
            return LineCounts(path: path, add: nil, del: nil)
        }
        var additions = 0
        var deletions = 0
        try LibGit2.check(git_patch_line_stats(nil, &additions, &deletions, patch), path: path)
        return LineCounts(path: path, add: additions, del: deletions)
    }
}
