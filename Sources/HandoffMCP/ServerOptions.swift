import Handoff

#if canImport(Glibc)
import Glibc
#endif

/// The server's command line: `-C path` (the repository; default: where it is started),
/// `--help`, `--version`. Clients start it and talk JSON-RPC on standard input and output, so
/// the command line stays this small.
struct ServerOptions {
    static let version = "0.1.0"

    static let help = """
        handoff-mcp: the handoff Model Context Protocol server, over standard input and output.

        Usage: handoff-mcp [-C <path>]

        A coding agent's client starts it (see `handoff init --mcp`); it serves the repository
        it is started in (or -C <path>): tools status, note, create, wrap_up, verify, resume,
        replay, list and show; resources handoff://latest, each saved handoff and the session journal;
        and the /handoff instructions as the prompt `handoff`.

        It writes only where handoff itself writes: the handoff folder (.claude/handoffs) and
        the git folder's handoff/.

        Options:
          -C <path>      Serve the repository at <path>.
          -h, --help     Show this help.
          --version      Show the version.

        """

    var base = "."

    static func parse(_ arguments: [String]) -> ServerOptions {
        var options = ServerOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help":
                print(help, terminator: "")
                exit(0)
            case "--version":
                print(version)
                exit(0)
            case "-C":
                guard let path = rest.popFirst() else { fail("-C needs a path") }
                options.base = path
            default:
                if argument.hasPrefix("-C"), argument.count > 2 {
                    options.base = String(argument.dropFirst(2))
                } else {
                    fail("unknown argument \(argument); see handoff-mcp --help")
                }
            }
        }
        return options
    }

    static func fail(_ message: String) -> Never {
        StandardError.write("handoff-mcp: \(message)")
        exit(2)
    }
}
