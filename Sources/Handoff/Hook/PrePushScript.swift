/// The pre-push hook script `handoff hook install` writes, and what it records about the install.
///
/// The script is POSIX sh. It keeps git's standard input, runs the hook it replaced (moved aside
/// to `pre-push.handoff-chained`, run with the same arguments and input, its exit status kept),
/// then `handoff hook run`. It exits with the old hook's status when that is not zero, else with
/// handoff's: 1 only when `--strict` blocks the push. Any other failure of handoff (binary
/// missing, crash) prints a warning and lets the push go on.
///
/// With `publish` (`hook install --publish`), a push that goes on also pushes the published
/// handoffs, `refs/notes/handoff`, to the same remote: the script runs `git push --no-verify`
/// of that one ref (so the hook does not run again), without a terminal prompt, and a failure
/// (the remote's notes moved on: fetch and merge them) is one warning line, never a blocked
/// push. handoff itself still spawns nothing: the script, which git runs, does.
///
/// Marker comments record the install so `handoff hook uninstall` can undo it exactly:
/// `# handoff:pre-push-hook 1` identifies the script; `# handoff:chained NAME` the hook moved
/// aside; `# handoff:created-folder PATH` the hooks folder install created.
public struct PrePushScript: Sendable, Equatable {
    public static let marker = "# handoff:pre-push-hook 1"
    public static let chainedName = "pre-push.handoff-chained"
    /// The ref `handoff publish` writes (`HandoffPublisher.notesRef`).
    static let notesRef = "refs/notes/handoff"

    /// The absolute path of the `handoff` binary (`handoff` on PATH is the fallback).
    public var binary: String
    public var strict: Bool
    /// Whether the push also pushes `refs/notes/handoff`.
    public var publish: Bool
    /// The file name of the hook moved aside, in the same folder; `nil` when there was none.
    public var chained: String?
    /// The topmost folder install created for the hooks (removed again when empty); `nil` when none.
    public var createdFolder: String?

    public init(binary: String, strict: Bool, publish: Bool = false, chained: String?, createdFolder: String?) {
        self.binary = binary
        self.strict = strict
        self.publish = publish
        self.chained = chained
        self.createdFolder = createdFolder
    }

    public var text: String {
        var lines = [
            "#!/bin/sh",
            Self.marker,
            "# Written by `handoff hook install`: writes a handoff describing each push.",
            "# `handoff hook uninstall` puts back what was here before; edits to this file are lost then.",
            "# handoff:binary \(binary)",
            "# handoff:strict \(strict ? "yes" : "no")",
        ]
        if publish { lines.append("# handoff:publish yes") }
        if let chained { lines.append("# handoff:chained \(chained)") }
        if let createdFolder { lines.append("# handoff:created-folder \(createdFolder)") }
        lines.append(
            """

            # git's input, byte for byte (the dot keeps trailing newlines).
            handoff_input=$(cat; echo .)
            handoff_input=${handoff_input%.}

            chained_status=0
            """)
        if let chained {
            lines.append(
                """
                chained_hook="${0%/*}/\(chained)"
                if [ -x "$chained_hook" ]; then
                    printf '%s' "$handoff_input" | "$chained_hook" "$@"
                    chained_status=$?
                fi
                """)
        }
        let strictCase = strict ? "    1) ;;  # --strict: incomplete work blocks the push\n" : ""
        lines.append(
            """

            handoff_status=0
            handoff_recorded=\(Self.quoted(binary))
            handoff_binary=$handoff_recorded
            if [ ! -x "$handoff_binary" ]; then
                handoff_binary=$(command -v handoff 2>/dev/null) || handoff_binary=
            fi
            if [ -n "$handoff_binary" ]; then
                printf '%s' "$handoff_input" | "$handoff_binary" hook run\(strict ? " --strict" : "") -- "$@"
                handoff_status=$?
            else
                echo "handoff: warning: handoff is neither at $handoff_recorded nor on PATH; no handoff written for this push" >&2
            fi
            case $handoff_status in
                0) ;;
            \(strictCase)    *)
                    echo "handoff: warning: handoff hook run failed (exit status $handoff_status); the push goes on" >&2
                    handoff_status=0
                    ;;
            esac

            if [ "$chained_status" -ne 0 ]; then
                exit "$chained_status"
            fi
            """)
        if publish {
            lines.append(
                """
                # --publish: the published handoffs go along, unless this push carries them already.
                if [ "$handoff_status" -eq 0 ]; then
                    case $handoff_input in
                        *" \(Self.notesRef) "*) ;;
                        *)
                            if git rev-parse -q --verify \(Self.notesRef) >/dev/null 2>&1; then
                                if ! GIT_TERMINAL_PROMPT=0 git push --no-verify --quiet "$1" \(Self.notesRef):\(Self.notesRef) </dev/null; then
                                    echo "handoff: warning: could not push \(Self.notesRef) to $1 (if the remote has handoffs this clone lacks: git fetch $1 \(Self.notesRef):refs/notes/handoff-remote && git notes --ref=handoff merge -s union refs/notes/handoff-remote); the push goes on" >&2
                                fi
                            fi
                            ;;
                    esac
                fi
                """)
        }
        lines.append("exit \"$handoff_status\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The install recorded in a script this type wrote; `nil` for any other file.
    public static func parse(_ text: String) -> PrePushScript? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(12)
        guard lines.count > 1, lines[lines.startIndex + 1] == Substring(marker) else { return nil }
        func value(_ key: String) -> String? {
            let prefix = "# handoff:\(key) "
            return lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        guard let binary = value("binary") else { return nil }
        return PrePushScript(
            binary: binary, strict: value("strict") == "yes", publish: value("publish") == "yes",
            chained: value("chained"),
            createdFolder: value("created-folder"))
    }

    /// `'text'` for sh, with embedded single quotes escaped.
    static func quoted(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
