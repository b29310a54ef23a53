import Foundation

/// A temporary folder for one test, removed when the test ends.
final class Scratch: @unchecked Sendable {
    let path: String

    init() throws {
        let template = NSTemporaryDirectory() + "handoff-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw ShellError(message: "mkdtemp failed") }
        let made = bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // Resolve symlinks so paths compare equal to what libgit2 reports.
        path = URL(fileURLWithPath: made).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct ShellError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs a program and returns its stdout; throws with stderr when it fails.
@discardableResult
func run(
    _ arguments: [String], in directory: String, environment: [String: String] = [:], input: Data? = nil,
    allowFailure: Bool = false
) throws -> (status: Int32, stdout: Data, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try? inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so a full stderr pipe cannot block the child.
    let errorData = LockedData()
    let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { usleep(1000) }
    let stderr = String(decoding: errorData.value, as: UTF8.self)
    if process.terminationStatus != 0 && !allowFailure {
        throw ShellError(
            message:
                "\(arguments.joined(separator: " ")) failed (\(process.terminationStatus)) in \(directory): \(stderr)")
    }
    return (process.terminationStatus, output, stderr)
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) { lock.lock(); data = value; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
