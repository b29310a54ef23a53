import CLibGit2

/// libgit2 must be initialised once per process before any other call.
/// A global `let` is initialised lazily and exactly once, even across threads.
/// Objects are read as git reads them, without rehashing each one (see `shim.h`).
private let libgit2Initialization: Int32 = {
    let count = git_libgit2_init()
    _ = handoff_git_disable_strict_hash_verification()
    return count
}()

enum LibGit2 {
    /// Initialises libgit2 on first use; later calls cost nothing.
    static func initialize() {
        _ = libgit2Initialization
    }

    /// The message libgit2 recorded for the last failing call on this thread.
    static func lastErrorMessage(fallback code: Int32) -> String {
        if let error = git_error_last(), let message = error.pointee.message {
            let text = String(cString: message)
            if !text.isEmpty { return text.trimmingTrailingNewlines() }
        }
        return "libgit2 error \(code)"
    }

    /// Throws a `GitStateError` when `code` reports a failure.
    @discardableResult
    static func check(
        _ code: Int32, kind: GitStateError.Kind = .other, path: String
    ) throws(GitStateError) -> Int32 {
        guard code < 0 else { return code }
        let message = lastErrorMessage(fallback: code)
        throw GitStateError(kind: classify(message, code: code, default: kind), message: message, path: path)
    }

    /// Picks the most useful kind for a libgit2 message.
    static func classify(_ message: String, code: Int32, default kind: GitStateError.Kind) -> GitStateError.Kind {
        let lowered = message.lowercased()
        if lowered.contains("extension") || lowered.contains("unsupported") { return .unsupportedFormat }
        if lowered.contains("index")
            && (lowered.contains("corrupt") || lowered.contains("invalid") || lowered.contains("failed to parse")
                || lowered.contains("incorrect"))
        {
            return .corruptIndex
        }
        if code == GIT_ENOTFOUND.rawValue && lowered.contains("object") { return .missingObject }
        return kind
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
