import ArgumentParser

/// A `handoff` command: it parses, calls the library and prints. What its `execute()` throws
/// is reported in one place, `Tool`: a `HandoffError` (or `GitStateError`) as one
/// `handoff: ...` line on stderr, with the exit status its `failureMode` gives.
///
/// `run()` hands the command to `Tool.execute`, which knows its type statically: asking a
/// parsed `any ParsableCommand` whether it is a `HandoffSubcommand` instead would be a dynamic
/// cast, and its scan of the binary's protocol conformances costs ~0.3 million instructions of
/// every start (callgrind, `status --json`).
protocol HandoffSubcommand: ParsableCommand {
    /// What the command does, once parsed.
    func execute() throws

    /// How this run's failures end the process (default: `.standard`).
    var failureMode: FailureMode { get }

    /// The failure mode for a command line naming this command that did not parse: only the
    /// command's own flags, as the parser reads them, can tell (default: `.standard`).
    static func failureMode(unparsed arguments: [String]) -> FailureMode
}

extension HandoffSubcommand {
    func run() throws { Tool.execute(self) }

    var failureMode: FailureMode { .standard }

    static func failureMode(unparsed arguments: [String]) -> FailureMode { .standard }
}

/// How a command's failures end the process.
enum FailureMode: Equatable {
    /// Exit status 1 for the command's own failures; ArgumentParser's status for its errors
    /// (64 for a usage error).
    case standard
    /// This exit status for every failure, usage errors included (`handoff verify`: 2).
    case exitStatus(Int32)
    /// Hook mode: a coding agent's hook runs the command, and a failure must never fail the
    /// agent's session. Messages go to stderr as usual; the exit status is 0.
    case neverFail
}
