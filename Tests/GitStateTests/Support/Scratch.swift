import Foundation
import TestSupport

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
    let output = try runToEnd(
        "/usr/bin/env", arguments, in: directory,
        environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, input: input ?? Data())
    if output.status != 0 && !allowFailure {
        throw ShellError(
            message:
                "\(arguments.joined(separator: " ")) failed (\(output.status)) in \(directory): \(output.standardError)"
        )
    }
    return (output.status, output.stdout, output.standardError)
}
