import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A watchman of the test's own, started in the foreground on a private socket, state file, log
/// and pid file, and stopped (its own process only) at the end.
///
/// git's hook runs the `watchman` client, which in Debian's watchman 4.9 ignores `WATCHMAN_SOCK`
/// and looks for `$TMPDIR/<user>-state/sock`: so the server listens exactly there, under a folder
/// of this test process, and git's commands get that `TMPDIR` (`environment`), with
/// `WATCHMAN_SOCK` too (newer clients read it). handoff reads `WATCHMAN_SOCK`, set once for the
/// whole process (to the same path every time: one server runs at a time, `FSMonitorTests` is
/// serialized) so no thread ever sees the environment change under it.
///
/// Installed by `scripts/ensure-deps` when missing (Debian's `watchman`).
final class WatchmanServer: @unchecked Sendable {
    /// `TMPDIR` for watchman's clients: one folder per test process.
    static let temporaryDirectory: String = {
        let path = temporaryPath()
        mkdir(path, 0o700)
        setenv("WATCHMAN_SOCK", stateDirectory(in: path) + "/sock", 1)
        // Removed when the test process exits (its socket, state, log and pid files).
        atexit { try? FileManager.default.removeItem(atPath: WatchmanServer.temporaryPath()) }
        return path
    }()

    private static func temporaryPath() -> String { "/tmp/handoff-watchman-\(getpid())" }

    /// The state folder watchman's client computes: `<TMPDIR>/<user>-state`, the user from
    /// `USER`, `LOGNAME`, then the password entry.
    static func stateDirectory(in temporary: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        let user =
            [environment["USER"], environment["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty }
            ?? String(cString: getpwuid(getuid())!.pointee.pw_name)
        return temporary + "/" + user + "-state"
    }

    let directory: String
    let socket: String
    private var process: Process?
    /// What git's commands need to reach this server through its hook.
    var environment: [String: String] { ["TMPDIR": WatchmanServer.temporaryDirectory, "WATCHMAN_SOCK": socket] }

    init() throws {
        try WatchmanServer.install()
        directory = WatchmanServer.stateDirectory(in: WatchmanServer.temporaryDirectory)
        socket = directory + "/sock"
        mkdir(directory, 0o700)
        try start()
    }

    static func install() throws {
        if (try? run(["sh", "-c", "command -v watchman"], in: "/"))?.status == 0 { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        try run([root + "/scripts/ensure-deps"], in: root)
    }

    /// Starts a server: a new instance, whose clocks no earlier one knows.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "watchman", "--foreground", "--no-save-state", "--sockname=\(socket)",
            "--statefile=\(directory)/state", "--logfile=\(directory)/log", "--pidfile=\(directory)/pid",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(self.environment) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready when this server answers `get-pid` with its own process id. (`version` is not
        // enough: a client that cannot reach a server answers it by itself, and the `watch` that
        // follows then fails with "command watch not available in this mode".)
        let pid = "\"pid\":\(process.processIdentifier)"
        for _ in 0..<400 {
            let answer = try client(["get-pid"], allowFailure: true)
            if answer.status == 0, String(decoding: answer.stdout, as: UTF8.self).contains(pid) { return }
            usleep(25_000)
        }
        stop()
        throw ShellError(message: "watchman did not answer on \(socket)")
    }

    /// Stops the server this test started, and waits for it: asked to shut down on its own
    /// socket, else killed by its process id. (A child started from a test's thread inherits that
    /// thread's blocked signals, SIGTERM among them, so `terminate()` would wait forever.)
    func stop() {
        guard let process else { return }
        _ = try? client(["shutdown-server"], allowFailure: true)
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        unlink(socket)
        self.process = nil
    }

    /// Watches a work tree (what git's hook does the first time).
    func watch(_ path: String) throws { try client(["watch", path]) }

    @discardableResult
    func client(_ arguments: [String], allowFailure: Bool = false) throws -> (
        status: Int32, stdout: Data, stderr: String
    ) {
        try run(
            ["watchman", "--no-spawn", "--no-pretty", "--sockname=\(socket)"] + arguments, in: directory,
            environment: environment, allowFailure: allowFailure)
    }

    deinit { stop() }
}
