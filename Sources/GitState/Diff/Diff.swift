import CLibGit2

/// Owns a libgit2 diff and reads its deltas and line counts.
struct Diff {
    let handle: Handle

    var deltas: [Delta] {
        let count = git_diff_num_deltas(handle.pointer)
        return (0..<count).compactMap { position in
            guard let delta = git_diff_get_delta(handle.pointer, position)?.pointee else { return nil }
            let newPath = delta.new_file.path.map { String(cString: $0) }
            let oldPath = delta.old_file.path.map { String(cString: $0) }
            return Delta(
                kind: Delta.Kind(delta.status), path: newPath ?? oldPath ?? "", oldPath: oldPath ?? newPath ?? "",
                oldOID: delta.old_file.id, newOID: delta.new_file.id,
                oldMode: UInt32(delta.old_file.mode), newMode: UInt32(delta.new_file.mode))
        }
    }

    /// `--numstat`'s counts for one delta; `nil` counts for a binary file.
    func lineCounts(at position: Int, path: String, binaryAbove threshold: Int) throws(GitStateError) -> LineCounts {
        var patch: OpaquePointer?
        let code = git_patch_from_diff(&patch, handle.pointer, position)
        return try LineCounter.counts(of: patch, code: code, path: path, binaryAbove: threshold)
    }
}
