import ArgumentParser
import FoundationEssentials
import GitState
import Handoff

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff hook install | uninstall | run`: a handoff on every push.
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Write a handoff on every push (a git pre-push hook).",
            discussion: """
                `handoff hook install` adds a pre-push hook that writes a handoff describing \
                what is pushed (refs and commits) to .claude/handoffs. An existing pre-push \
                hook is kept: it still runs first, with the same input and arguments, and can \
                still reject the push. `handoff hook uninstall` puts back exactly what was there.

                The hook never blocks a push by failing itself. With --strict, failing tests \
                recorded in the latest handoff, conflicted files or secrets in the notes and \
                pushed commit summaries block the push with a one-line reason \
                (`git push --no-verify` skips every hook).

                With --publish, every push that goes on also pushes refs/notes/handoff (the \
                handoffs `handoff publish` attached to commits) to the same remote; the hook \
                script runs `git push --no-verify REMOTE refs/notes/handoff`, and when that \
                fails (the remote's notes moved on) it warns in one line and the push goes on.

                Examples:
                  handoff hook install
                  handoff hook install --strict
                  handoff hook install --publish
                  handoff hook uninstall
                  handoff hook run origin git@example.com:team/repo.git < pre-push-input.txt
                """,
            subcommands: [Install.self, Uninstall.self, Run.self])

        struct Install: HandoffSubcommand {
            static let configuration = CommandConfiguration(
                commandName: "install",
                abstract: "Install the pre-push hook (core.hooksPath honoured; an existing hook is chained).")

            @Flag(help: "Block pushes of incomplete work: failing tests recorded, conflicts, secrets.")
            var strict = false

            @Flag(help: "Also push refs/notes/handoff (the handoffs `handoff publish` attached) with every push.")
            var publish = false

            @Option var repository: RepositoryOption = .currentDirectory

            func execute() throws {
                let installer = try HookLocator.installer(for: repository.open())
                let outcome = try installer.install(binary: HookLocator.binaryPath(), strict: strict, publish: publish)
                let hook = Paths.display(installer.hookPath)
                let flags = (strict ? " --strict" : "") + (publish ? " --publish" : "")
                let settings = flags.isEmpty ? "" : " (\(flags.dropFirst()))"
                switch outcome {
                case .installed(let chained):
                    print("Installed the pre-push hook at \(hook)\(settings)")
                    if chained {
                        print(
                            "The existing hook now lives at \(Paths.display(installer.chainedPath)) and still runs first"
                        )
                    }
                case .updated: print("Updated the pre-push hook at \(hook)\(settings)")
                case .unchanged: print("The pre-push hook at \(hook) is already installed")
                }
            }
        }

        struct Uninstall: HandoffSubcommand {
            static let configuration = CommandConfiguration(
                commandName: "uninstall",
                abstract: "Remove the pre-push hook, restoring the hook that was there before.")

            @Option var repository: RepositoryOption = .currentDirectory

            func execute() throws {
                let installer = try HookLocator.installer(for: repository.open())
                let hook = Paths.display(installer.hookPath)
                switch try installer.uninstall() {
                case .restored: print("Restored the previous pre-push hook at \(hook)")
                case .removed: print("Removed the pre-push hook at \(hook)")
                case .notInstalled: print("No handoff pre-push hook at \(hook); nothing to do")
                }
            }
        }

        struct Run: HandoffSubcommand {
            static let configuration = CommandConfiguration(
                commandName: "run",
                abstract: "Write the push's handoff (what the installed hook runs; reads git's pre-push input).",
                discussion: """
                    Reads lines of "<local ref> <local oid> <remote ref> <remote oid>" on \
                    standard input (not from a terminal), as git gives a pre-push hook. Any \
                    error prints one warning line and exits 0; with --strict, incomplete \
                    work exits 1 with a one-line reason.
                    """)

            @Flag(help: "Exit 1 on incomplete work: failing tests recorded, conflicts, secrets.")
            var strict = false

            @Option(help: ArgumentHelp("Save in this folder instead of .claude/handoffs.", valueName: "dir"))
            var dir: String?

            @Option var repository: RepositoryOption = .currentDirectory

            @Argument(help: "The remote's name, as git passes it.")
            var remote: String = ""

            @Argument(help: "The remote's URL, as git passes it.")
            var url: String = ""

            func execute() throws {
                let outcome: PushHandoff.Outcome
                do throws(HandoffError) {
                    let input = isatty(0) == 1 ? "" : try FileInput.readText("-")
                    let base = repository.base
                    var push = PushHandoff(remote: remote, url: url.isEmpty ? remote : url, input: input)
                    push.folder = dir.map { Paths.absolute($0, from: base) }
                    outcome = try push.write(repository: repository.open())
                } catch {
                    // A push is never blocked by the hook failing itself.
                    StandardError.warn("no handoff written for this push: \(MarkdownLine.one(error.description))")
                    return
                }
                if let saved = outcome.result.path {
                    StandardError.write("handoff: push handoff saved to \(Paths.display(saved))")
                }
                if strict, !outcome.blockingReasons.isEmpty {
                    throw HandoffError(
                        "push blocked (--strict): \(outcome.blockingReasons.joined(separator: "; ")); fix it, or skip the hook with git push --no-verify"
                    )
                }
            }
        }
    }
}

/// Where the hook goes, and the binary it runs.
enum HookLocator {
    static func installer(for repository: Repository) -> PrePushHookInstaller {
        let hooksPath = repository.config("core.hookspath")
        let directory = PrePushHookInstaller.hooksDirectory(
            hooksPath: hooksPath, workTree: repository.workTree,
            gitDirectory: repository.gitDirectory, commonDirectory: repository.commonDirectory,
            home: ProcessInfo.processInfo.environment["HOME"])
        let chosen = !(hooksPath ?? "").isEmpty
        return PrePushHookInstaller(hooksDirectory: directory, root: chosen ? nil : repository.commonDirectory)
    }

    /// This binary's absolute path (from /proc/self/exe), or `handoff` to find it on PATH.
    static func binaryPath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "handoff" }
        let path = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.contains("\n") ? "handoff" : path
    }
}

/// One line of text for a one-line message.
enum MarkdownLine {
    static func one(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
