import CLibGit2

/// libgit2 must be initialised once per process before any other call.
/// A global `let` is initialised lazily and exactly once, even across threads.
/// Objects are read as git reads them, without rehashing each one (see `shim.h`).
private let libgit2Initialization: Int32 = {
    let count = git_libgit2_init()
    _ = handoff_git_disable_strict_hash_verification()
    // git's check of the repository's owner is made by GitState (`Ownership`).
    _ = handoff_git_disable_owner_validation()
    return count
}()

enum LibGit2 {
    /// Initialises libgit2 on first use; later calls cost nothing.
    static func initialize() {
        _ = libgit2Initialization
    }

    /// The class and message libgit2 recorded for the last failing call on this thread.
    static func lastError(fallback code: Int32) -> (errorClass: Int32?, message: String) {
        guard let error = git_error_last() else { return (nil, "libgit2 error \(code)") }
        let text = error.pointee.message.map { String(cString: $0).trimmingTrailingNewlines() } ?? ""
        return (error.pointee.klass, text.isEmpty ? "libgit2 error \(code)" : text)
    }

    /// Throws a `GitStateError` when `code` reports a failure.
    @discardableResult
    static func check(
        _ code: Int32, kind: GitStateError.Kind = .other, path: String
    ) throws(GitStateError) -> Int32 {
        guard code < 0 else { return code }
        let (errorClass, message) = lastError(fallback: code)
        throw GitStateError(
            kind: classify(code: code, errorClass: errorClass, message: message, default: kind), message: message,
            path: path)
    }

    /// The kind of a libgit2 failure, from its error code and class (`git_error_last()`).
    ///
    /// libgit2 gives an unsupported format no code or class of its own: a repository version or
    /// extension it does not know (`GIT_ERROR_REPOSITORY`) and an index extension it cannot read
    /// (`GIT_ERROR_INDEX`) fail as `GIT_ERROR` like any other problem of that class. Those are
    /// told apart by the exact message libgit2 writes for them (`unsupportedMessages`), not by
    /// words found anywhere in it.
    static func classify(
        code: Int32, errorClass: Int32?, message: String, default kind: GitStateError.Kind
    ) -> GitStateError.Kind {
        if unsupportedMessages.contains(where: message.hasPrefix) { return .unsupportedFormat }
        switch errorClass.map({ UInt32(bitPattern: $0) }) {
        case GIT_ERROR_INDEX.rawValue: return .corruptIndex
        case GIT_ERROR_ODB.rawValue, GIT_ERROR_OBJECT.rawValue:
            return code == GIT_ENOTFOUND.rawValue ? .missingObject : kind
        default: return kind
        }
    }

    /// How libgit2 (1.5) begins the messages of the formats it does not support.
    static let unsupportedMessages = [
        "unsupported mandatory extension", "unsupported repository version", "unsupported extension name",
    ]
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
