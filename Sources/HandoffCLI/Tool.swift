import ArgumentParser
import GitState
import Handoff

#if canImport(Glibc)
import Glibc
#endif

/// Runs one `handoff` command line: parses it, runs the command, and turns whatever it throws
/// into stderr lines and an exit status, in this one place for every command.
///
/// The library's errors (`HandoffError`, `GitStateError`) are one `handoff: ...` line;
/// ArgumentParser's (usage errors, help, `--version`, `ExitCode`) are printed as
/// ArgumentParser prints them. The command's `FailureMode`, read from the parsed command (or,
/// when the command line did not parse, from the named command's own flags), decides the status.
enum Tool {
    static func run(_ commandLine: [String]) -> Never {
        let arguments = HandoffCommand.arguments(commandLine.dropFirst())
        var command: any ParsableCommand
        do {
            command = try CompletionScriptCheck.parse(arguments)
        } catch {
            fail(error, mode: failureMode(unparsed: arguments))
        }
        // A `HandoffSubcommand` does not return from `run()` (see `execute`); what does is
        // the root or a command group, whose `run()` asks for help.
        do {
            try command.run()
        } catch {
            fail(error, mode: .standard)
        }
        Glibc.exit(0)
    }

    /// Runs a parsed command and ends the process with the status its failure mode gives.
    static func execute<Command: HandoffSubcommand>(_ command: Command) -> Never {
        do {
            try command.execute()
        } catch {
            fail(error, mode: command.failureMode)
        }
        Glibc.exit(0)
    }

    /// The failure mode of the command `arguments` name (`HandoffCommand.arguments` puts its
    /// name first) when they did not parse.
    static func failureMode(unparsed arguments: [String]) -> FailureMode {
        guard let name = arguments.first,
            let command = HandoffCommand.configuration.subcommands.first(where: { $0._commandName == name })
                as? any HandoffSubcommand.Type
        else { return .standard }
        return command.failureMode(unparsed: Array(arguments.dropFirst()))
    }

    static func fail(_ error: any Error, mode: FailureMode) -> Never {
        if let message = oneLine(error) {
            StandardError.write("handoff: \(message)")
            switch mode {
            case .standard: Glibc.exit(1)
            case .exitStatus(let status): Glibc.exit(status)
            case .neverFail: Glibc.exit(0)
            }
        }
        // Help and `--version` are not failures, whatever the mode.
        if HandoffCommand.exitCode(for: error) == .success { HandoffCommand.exit(withError: error) }
        switch mode {
        case .standard:
            HandoffCommand.exit(withError: error)
        case .exitStatus(let status):
            // A status the command chose itself (`verify`: 1 when stale) is kept.
            if error is ExitCode { HandoffCommand.exit(withError: error) }
            StandardError.write(HandoffCommand.fullMessage(for: error))
            Glibc.exit(status)
        case .neverFail:
            if !(error is ExitCode) { StandardError.write("handoff: \(HandoffCommand.fullMessage(for: error))") }
            Glibc.exit(0)
        }
    }

    /// The library's errors, which name the problem (and its path) in one line.
    private static func oneLine(_ error: any Error) -> String? {
        switch error {
        case let error as HandoffError: error.description
        case let error as GitStateError: error.description
        default: nil
        }
    }
}
