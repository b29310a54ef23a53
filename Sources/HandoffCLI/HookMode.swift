import ArgumentParser

/// A flag that puts a command in hook mode (see `FailureMode.neverFail`).
protocol HookModeFlag: ParsableArguments {
    var isOn: Bool { get }
}

/// A command a coding agent's hook runs: with its hook-mode flag it never fails.
///
/// Adopting it takes an `@OptionGroup var hookMode: SomeHookModeFlag`; the failure modes
/// follow, for a parsed command line and for one that did not parse.
protocol HookModeCommand: HandoffSubcommand {
    associatedtype HookMode: HookModeFlag
    var hookMode: HookMode { get }
}

extension HookModeCommand {
    var failureMode: FailureMode { hookMode.isOn ? .neverFail : .standard }

    static func failureMode(unparsed arguments: [String]) -> FailureMode {
        HookModeProbe<HookMode>.finds(in: arguments) ? .neverFail : .standard
    }
}

/// Reads one hook-mode flag from a command line its command could not parse: the flag is
/// parsed as the command declares it, every other argument is set aside unread, so a value
/// after `--` or an unknown option is not taken for the flag.
struct HookModeProbe<Flag: HookModeFlag>: ParsableArguments {
    @OptionGroup var flag: Flag

    @Argument(parsing: .allUnrecognized) var others: [String] = []

    static func finds(in arguments: [String]) -> Bool {
        (try? parse(arguments))?.flag.isOn ?? false
    }
}

/// `--auto`/`--hook`: `handoff create` run by a hook (the PreCompact hook `handoff init` installs);
/// `--session-end`: the SessionEnd hook's, which writes only when the session has something unsaved.
struct AutomaticFlag: HookModeFlag {
    @Flag(
        name: [.customLong("auto"), .customLong("hook")],
        help: ArgumentHelp("Hook mode: mark the handoff as automatic; never fail (errors on stderr, exit status 0)."))
    var automatic = false

    @Flag(
        name: .customLong("session-end"),
        help: ArgumentHelp(
            "Hook mode at a session's end: a compact automatic handoff, written only when notes were taken or a session started since the last saved handoff."
        ))
    var sessionEnd = false

    var isOn: Bool { automatic || sessionEnd }
}

/// `--session-start`: `handoff replay` as the SessionStart hook `handoff init` installs.
struct SessionStartFlag: HookModeFlag {
    @Flag(
        name: .customLong("session-start"),
        help: "Print the latest handoff's resume command and open items (hook mode).")
    var isOn = false
}
