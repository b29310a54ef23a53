import CLibGit2

extension git_diff_options {
    /// Runs `body` with these options limited to exactly `paths` (`nil`: no limit): no pattern
    /// matching, each path's bytes as given (a name need not be UTF-8), NUL-terminated for libgit2.
    mutating func limited<Result>(
        toExactly paths: [[UInt8]]?, _ body: (inout git_diff_options) throws(GitStateError) -> Result
    ) throws(GitStateError) -> Result {
        guard let paths else { return try body(&self) }
        var strings: [UnsafeMutablePointer<CChar>?] = paths.map { path in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: path.count + 1)
            path.withUnsafeBytes { UnsafeMutableRawBufferPointer(start: copy, count: path.count).copyMemory(from: $0) }
            copy[path.count] = 0
            return copy
        }
        defer { strings.forEach { $0?.deallocate() } }
        flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        return try strings.withUnsafeMutableBufferPointer { buffer throws(GitStateError) -> Result in
            pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            defer { pathspec = git_strarray() }
            return try body(&self)
        }
    }
}
