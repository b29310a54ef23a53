import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Names the index formats libgit2 1.5.1 cannot read after the feature users know.
enum IndexFormat {
    static let extensions = [
        "'link'": "split index (core.splitIndex, `git update-index --split-index`)",
        "'sdir'": "sparse index (`git sparse-checkout --sparse-index`)",
    ]

    static func explain(_ error: GitStateError, path: String) -> GitStateError {
        for (name, feature) in extensions where error.message.contains(name) {
            return GitStateError(
                kind: .unsupportedFormat,
                message: "unsupported repository format: \(feature) in \(path); libgit2 1.5.1 cannot read it",
                path: path)
        }
        if error.kind == .corruptIndex && error.message.hasPrefix("corrupt index ") { return error }
        if error.kind == .corruptIndex || error.kind == .other {
            return .corruptIndex(path, error.message)
        }
        return error
    }
}
