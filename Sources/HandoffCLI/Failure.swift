import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// A failure the user can act on: printed as one `handoff: ...` line on stderr, exit status 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        description = message
        self.exitCode = exitCode
    }
}

enum StandardError {
    /// Writes one line to stderr, unbuffered.
    static func write(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

extension ParsableCommand {
    /// Runs the command line, printing our own failures as one line instead of a usage dump.
    static func runAsTool() -> Never {
        do {
            var command = try CompletionScriptCheck.parse(HandoffCommand.arguments(CommandLine.arguments.dropFirst()))
            try command.run()
            Glibc.exit(0)
        } catch let failure as Failure {
            StandardError.write("handoff: \(failure.description)")
            if CommandLine.arguments.contains(where: { ["--auto", "--hook", "--session-start"].contains($0) }) {
                Glibc.exit(0)
            }
            Glibc.exit(failure.exitCode)
        } catch {
            // Hooks never fail the agent's session: even a usage error is a line on stderr.
            if CommandLine.arguments.contains(where: { ["--auto", "--hook", "--session-start"].contains($0) }) {
                StandardError.write("handoff: \(fullMessage(for: error))")
                Glibc.exit(0)
            }
            // `handoff verify` promises exit status 2 for every error, usage errors included.
            if CommandLine.arguments.dropFirst().first == "verify", !(error is ExitCode),
                exitCode(for: error) != .success
            {
                StandardError.write(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
