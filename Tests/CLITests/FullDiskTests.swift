import Foundation
import Testing

/// A disk that fills up while handoff writes, end to end: the repository lives on a small tmpfs
/// mounted for the test (the tests run as root, as CI does), filled to the last byte with a
/// file of zeros. Every write must fail in one clear line, leave no partial handoff or
/// temporary file behind, and keep the session journal readable: once space is freed, the next
/// handoff still has every note.
@Suite(.serialized) struct FullDiskTests {
    /// A 4 MB tmpfs at `workspace/disk`, with a repository of one commit in `disk/repo`.
    final class Disk {
        let workspace: Workspace
        let mountPoint: String

        init() throws {
            workspace = try Workspace()
            mountPoint = workspace.path("disk")
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            let mounted = try workspace.run(
                "/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint], in: "")
            guard mounted.status == 0 else { throw CLIError(message: "mount: \(mounted.stderr)") }
            try workspace.git("init", "-q", "-b", "main", "disk/repo")
            try workspace.commit("README.md", "hello\n", message: "first", in: "disk/repo")
        }

        deinit {
            _ = try? workspace.run("/bin/umount", ["-l", mountPoint], in: "")
        }

        /// Writes zeros until the file system refuses (`dd` stops at `ENOSPC`).
        func fill() throws {
            _ = try workspace.run("/bin/dd", ["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4096"], in: "")
            let left = try workspace.run("/bin/df", ["--output=avail", "-B1", mountPoint], in: "")
            #expect(left.stdout.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) == "0")
        }

        func free() throws {
            try FileManager.default.removeItem(atPath: mountPoint + "/filler")
        }

        func handoff(_ arguments: [String]) throws -> Workspace.Result {
            try workspace.handoff(arguments, in: "disk/repo")
        }

        /// The names in `.claude/handoffs` (hidden temporary files included).
        var handoffFolder: [String] { workspace.list("disk/repo/.claude/handoffs") }
        var sessionFolder: [String] { workspace.list("disk/repo/.git/handoff") }
    }

    func expectOneLineNoSpace(_ result: Workspace.Result) {
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
    }

    @Test func handoffOnAFullDiskLeavesNothingAndLosesNoNote() throws {
        let disk = try Disk()
        #expect(try disk.handoff(["note", "--done", "parser handles tabs"]).status == 0)
        let journalBefore = disk.workspace.read("disk/repo/.git/handoff/journal.jsonl")
        try disk.fill()

        let failed = try disk.handoff(["--done", "fitter"])
        expectOneLineNoSpace(failed)
        #expect(disk.handoffFolder.isEmpty, "left behind: \(disk.handoffFolder)")
        #expect(!disk.sessionFolder.contains { $0.hasPrefix(".handoff-tmp-") }, "\(disk.sessionFolder)")
        #expect(disk.workspace.read("disk/repo/.git/handoff/journal.jsonl") == journalBefore)

        try disk.free()
        let saved = try disk.handoff(["--done", "fitter"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let names = disk.handoffFolder
        #expect(names.count == 1 && names[0].hasPrefix("handoff-"), "\(names)")
        let document = disk.workspace.read("disk/repo/.claude/handoffs/" + (names.first ?? "")) ?? ""
        #expect(document.contains("parser handles tabs"), "the journal's note survived")
        #expect(document.contains("fitter"))
    }

    @Test func noteOnAFullDiskKeepsTheJournalReadable() throws {
        let disk = try Disk()
        #expect(try disk.handoff(["note", "--done", "first note"]).status == 0)
        let journalBefore = disk.workspace.read("disk/repo/.git/handoff/journal.jsonl")
        try disk.fill()

        // A note big enough to need a fresh block: the append fails whole, or not at all.
        let failed = try disk.handoff(["note", "--done", String(repeating: "x", count: 20_000)])
        expectOneLineNoSpace(failed)
        #expect(disk.workspace.read("disk/repo/.git/handoff/journal.jsonl") == journalBefore)

        try disk.free()
        let saved = try disk.handoff(["--done", "second", "--output", "-"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("first note"))
        #expect(!saved.stdout.contains("xxxxxxxxxx"))
    }

    @Test func initOnAFullDiskChangesNothing() throws {
        let disk = try Disk()
        try disk.fill()
        let failed = try disk.handoff(["init"])
        expectOneLineNoSpace(failed)
        #expect(!disk.workspace.exists("disk/repo/AGENTS.md"))
        #expect(!disk.workspace.exists("disk/repo/.claude/settings.json"))
        #expect(disk.handoffFolder.isEmpty)
    }
}
