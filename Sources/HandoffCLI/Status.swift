import ArgumentParser
import FoundationEssentials
import GitState

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff status`: the git state a handoff is built from.
    struct Status: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the repository state a handoff records.",
            discussion: """
                Reads branch, upstream, operation in progress, status, staged and \
                unstaged line counts, recent log and stash count, exactly as git \
                reports them, without running git or writing to the repository.

                Examples:
                  handoff status
                  handoff status --json | jq .branch
                  handoff status -C path/to/repo --log 20
                  handoff status --path services/api   # as git status -- services/api
                """)

        @Flag(help: "Print one JSON object (the documented `status --json` contract).")
        var json = false

        @Option(name: .customLong("log"), help: "How many recent commits to include.")
        var logLimit = 10

        @Option(
            name: .customLong("path"),
            help: ArgumentHelp(
                "Limit changes and the log to this path, as git's `-- <path>` (repeatable).", valueName: "path"))
        var paths: [String] = []

        @Option var repository: RepositoryOption = .currentDirectory

        func validate() throws {
            guard logLimit >= 0 else { throw ValidationError("--log must be zero or more, not \(logLimit)") }
        }

        func execute() throws {
            // `-C` as typed: libgit2 is given the path the user wrote, as it always was.
            let opened = try Repository(discoveringFrom: repository.path)
            let snapshot = try opened.snapshot(logLimit: logLimit, scope: repository.scope(paths, in: opened))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(snapshot)
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(StatusSummary(snapshot: snapshot).text, terminator: "")
            }
        }
    }
}
