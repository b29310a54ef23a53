#if canImport(Glibc)
import Glibc
#endif

/// Asks a running watchman, over its Unix socket, what changed in a work tree since a clock:
/// the query git's `fsmonitor-watchman` hook sends (`watchman -j`), without a process.
struct WatchmanClient {
    /// The socket: `WATCHMAN_SOCK`, else where watchman's own client looks (Debian's build has no
    /// fixed state directory: `$TMPDIR`, `$TMP` or `/tmp`, then `<user>-state/sock`; its 4.9
    /// client reads no `WATCHMAN_SOCK`, newer ones do).
    let socketPath: String

    init(socketPath: String? = nil) {
        self.socketPath = socketPath ?? WatchmanClient.defaultSocketPath()
    }

    static func defaultSocketPath() -> String {
        if let path = getenv("WATCHMAN_SOCK"), path.pointee != 0 { return String(cString: path) }
        let directory =
            ["TMPDIR", "TMP"].lazy.compactMap { (name: String) in getenv(name).map { String(cString: $0) } }
            .first { !$0.isEmpty }
            ?? "/tmp"
        return FilePath.withoutTrailingSlash(directory) + "/" + userName() + "-state/sock"
    }

    /// The name watchman puts in its state directory: `USER`, `LOGNAME`, then the password entry.
    private static func userName() -> String {
        for variable in ["USER", "LOGNAME"] {
            if let value = getenv(variable), value.pointee != 0 { return String(cString: value) }
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    enum Failure: Error, Equatable {
        /// No watchman listens there.
        case unavailable(String)
        /// It answered with an error (the root is not watched, for one) or with nothing readable.
        case refused(String)
    }

    /// What changed under `root` since `clock`, as the hook asks for it: names only, nothing
    /// under `.git`.
    func changes(root: String, since clock: String) throws(Failure) -> WatchmanResponse {
        let query =
            "[\"query\", \(JSONString.quoted(root)), {\"since\": \(JSONString.quoted(clock)), "
            + "\"fields\": [\"name\"], \"expression\": [\"not\", [\"dirname\", \".git\"]]}]\n"
        let answer = try exchange(query)
        guard let response = WatchmanResponse(json: answer) else {
            throw .refused("unreadable answer from watchman")
        }
        if let error = response.error { throw .refused(error) }
        return response
    }

    /// Sends one JSON line and reads the one-line answer.
    private func exchange(_ request: String) throws(Failure) -> [UInt8] {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .unavailable("socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .unavailable("socket path too long: \(socketPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes + [0]) }
        // watchman answers once it has caught up with the file system; git's hook waits as long.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            throw .unavailable("\(socketPath): \(String(cString: strerror(errno)))")
        }
        var bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .unavailable("sending to watchman: \(String(cString: strerror(errno)))") }
            sent += count
        }
        bytes = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .unavailable("watchman closed the connection without an answer") }
            if let newline = chunk[0..<count].firstIndex(of: 0x0a) {
                bytes.append(contentsOf: chunk[0..<newline])
                return bytes
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
