import Foundation

/// A watchman of the test's own: started in the foreground on a private socket, state file, log
/// and pid file in a scratch folder, stopped (and waited for) at the end. `WATCHMAN_SOCK` points
/// at it, for GitState (set in this process) and for git's hook (`GitRepo.watchmanSocket`: child
/// processes get Foundation's copy of the environment, taken before it was set).
///
/// Installed by `scripts/ensure-deps` when missing (Debian's `watchman`).
final class WatchmanServer: @unchecked Sendable {
    let directory: String
    let socket: String
    private var process: Process?

    init(in scratch: Scratch, name: String = "watchman") throws {
        try WatchmanServer.install()
        directory = scratch.path + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/sock"
        try start()
    }

    static func install() throws {
        if (try? run(["sh", "-c", "command -v watchman"], in: "/"))?.status == 0 { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        try run([root + "/scripts/ensure-deps"], in: root)
    }

    /// Starts a server (a new instance: its clocks are unknown to any earlier one).
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "watchman", "--foreground", "--no-save-state", "--sockname=\(socket)",
            "--statefile=\(directory)/state", "--logfile=\(directory)/log", "--pidfile=\(directory)/pid",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        setenv("WATCHMAN_SOCK", socket, 1)
        for _ in 0..<200 {
            if try client(["version"], allowFailure: true).status == 0 { return }
            usleep(50_000)
        }
        throw ShellError(message: "watchman did not answer on \(socket)")
    }

    /// Stops the server and waits for it.
    func stop() {
        guard let process else { return }
        _ = try? client(["shutdown-server"], allowFailure: true)
        for _ in 0..<100 where process.isRunning { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
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
            allowFailure: allowFailure)
    }

    deinit { stop() }
}
