import Foundation
import Testing

@testable import GitState

/// `Repository.changes(since:committed:uncommitted:)` against `git diff BASE`, with untracked
/// files made intent-to-add in a copy of the index (so git shows them as `changes` does):
/// each file's kind, old path and modes, each hunk's range and function context (the hunk
/// header after `@@`), and every added line with its number.
@Suite struct ChangesDifferentialTests {
    /// One file of git's patch, parsed.
    struct GitFile: Equatable, CustomStringConvertible {
        var path = ""
        var oldPath: String?
        var kind = FileChange.Kind.modified
        var oldMode: UInt32?
        var newMode: UInt32?
        var binary = false
        var hunks: [DiffHunk] = []

        var description: String { "\(kind) \(path) \(hunks.map { "@@\($0.newStart) \($0.functionContext)" })" }
    }

    /// The session diff git prints: `git diff BASE` after `git add -N` of everything untracked,
    /// done in a copy of the index so the repository's own index is left as it was.
    static func gitSessionDiff(_ repo: GitRepo, base: String) throws -> [GitFile] {
        let index = repo.scratch.path + "/index-copy"
        try? FileManager.default.removeItem(atPath: index)
        try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: index)
        var environment = repo.environment
        environment["GIT_INDEX_FILE"] = index
        _ = try run(["git", "add", "-N", "."], in: repo.path, environment: environment)
        let output = try run(
            ["git", "-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", base], in: repo.path,
            environment: environment
        ).stdout
        return parse(String(decoding: output, as: UTF8.self))
    }

    static func parse(_ patch: String) -> [GitFile] {
        var files: [GitFile] = []
        var newLine = 0
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("diff --git ") {
                var file = GitFile()
                // "diff --git a/X b/Y": the new path is read from "+++"/rename lines when they come.
                let names = line.dropFirst("diff --git a/".count)
                if let range = names.range(of: " b/") { file.path = String(names[range.upperBound...]) }
                files.append(file)
                continue
            }
            guard !files.isEmpty else { continue }
            let index = files.count - 1
            if let hunk = files[index].hunks.indices.last, line.hasPrefix("+") {
                files[index].hunks[hunk].addedLines.append(AddedLine(number: newLine, text: String(line.dropFirst())))
                newLine += 1
            } else if line.hasPrefix(" ") && !files[index].hunks.isEmpty {
                newLine += 1
            } else if line.hasPrefix("-") && !files[index].hunks.isEmpty && !line.hasPrefix("--- ") {
                continue
            } else if line.hasPrefix("@@ -") {
                let header = Array(line.utf8)
                let context = FileChangeReader.functionContext(header: header)
                let ranges = line.dropFirst(3).prefix { $0 != "@" }.split(separator: " ")
                func range(_ text: Substring) -> (Int, Int) {
                    let parts = text.dropFirst().split(separator: ",")
                    return (Int(parts[0])!, parts.count > 1 ? Int(parts[1])! : 1)
                }
                let old = range(ranges[0])
                let new = range(ranges[1])
                files[index].hunks.append(
                    DiffHunk(
                        oldStart: old.0, oldCount: old.1, newStart: new.0, newCount: new.1, functionContext: context))
                newLine = new.0
            } else if line.hasPrefix("new file mode ") {
                files[index].kind = .added
                files[index].newMode = UInt32(line.dropFirst("new file mode ".count), radix: 8)
            } else if line.hasPrefix("deleted file mode ") {
                files[index].kind = .deleted
                files[index].oldMode = UInt32(line.dropFirst("deleted file mode ".count), radix: 8)
            } else if line.hasPrefix("old mode ") {
                files[index].oldMode = UInt32(line.dropFirst("old mode ".count), radix: 8)
            } else if line.hasPrefix("new mode ") {
                files[index].newMode = UInt32(line.dropFirst("new mode ".count), radix: 8)
            } else if line.hasPrefix("rename from ") {
                files[index].kind = .renamed
                files[index].oldPath = String(line.dropFirst("rename from ".count))
            } else if line.hasPrefix("rename to ") {
                files[index].path = String(line.dropFirst("rename to ".count))
            } else if line.hasPrefix("index "), let mode = line.split(separator: " ").dropFirst(2).first {
                // "index abc..def 100644": an unchanged mode, on both sides.
                files[index].oldMode = UInt32(mode, radix: 8)
                files[index].newMode = UInt32(mode, radix: 8)
            } else if line.hasPrefix("Binary files ") {
                files[index].binary = true
            }
        }
        return files
    }

    /// Ours in the same shape (the modes git prints only where it prints them).
    static func shape(_ change: FileChange) -> GitFile {
        var file = GitFile(
            path: change.path, oldPath: change.oldPath, kind: change.kind, oldMode: change.oldMode,
            newMode: change.newMode, binary: change.binary,
            hunks: change.hunks.map {
                DiffHunk(
                    oldStart: $0.oldStart, oldCount: $0.oldCount, newStart: $0.newStart, newCount: $0.newCount,
                    functionContext: $0.functionContext, addedLines: $0.addedLines)
            })
        if change.kind == .renamed && !change.modeChanged && change.hunks.isEmpty {
            // git prints no "index" line for an exact rename.
            (file.oldMode, file.newMode) = (nil, nil)
        }
        return file
    }

    static func ours(_ repo: GitRepo, base: String) throws -> [GitFile] {
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try repository.snapshot()
        let committed = try repo.git(["diff", "--name-only", "-z", base, "HEAD"]).split(separator: "\0").map(
            String.init)
        let uncommitted = (snapshot.status ?? []).flatMap { [$0.path] + ($0.orig.map { [$0] } ?? []) }
        return try repository.changes(since: base, committed: committed, uncommitted: uncommitted).map(shape)
    }

    static let swiftSource = """
        import Foundation

        struct Parser {
            var text: String

            func tokens() -> [String] {
                text.split(separator: " ").map(String.init)
            }

            func count() -> Int {
                tokens().count
            }
        }

        func aVeryLongFunctionNameThatGoesOnAndOnSoThatTheHunkHeaderHasToCutItShortSomewhere(argument: Int) {
            print(argument)
            print(argument + 1)
            print(argument + 2)
            print(argument + 3)
        }

        """

    static let pythonSource = """
        import os


        class Fitter:
            def __init__(self):
                self.width = 80

            def fit(self, text):
                lines = []
                for word in text.split():
                    lines.append(word)
                return lines


        def helper():
            return 1

        """

    /// A session over every kind of change, with diff drivers from `.gitattributes`.
    func session() throws -> (GitRepo, String) {
        let repo = try GitRepo()
        try repo.write(".gitattributes", "*.py diff=python\n*.java diff=java\n*.dat binary\n")
        try repo.write("Sources/Parser.swift", Self.swiftSource)
        try repo.write("tools/fit.py", Self.pythonSource)
        try repo.write(
            "src/App.java",
            "package app;\n\npublic class App {\n    public static void main(String[] args) {\n        run();\n        run();\n        run();\n    }\n\n    static void run() {\n        System.out.println(1);\n    }\n}\n"
        )
        try repo.write("gone.txt", "gone\n")
        try repo.write("old-name.txt", (1...20).map { "line \($0)\n" }.joined())
        try repo.write("run.sh", "#!/bin/sh\necho hi\n")
        try repo.write("image.dat", "\u{0}\u{1}\u{2}")
        try repo.commit("base")
        let base = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        // Committed in the session.
        try repo.write(
            "Sources/Parser.swift",
            Self.swiftSource.replacing("tokens().count", with: "tokens().count // TODO: cache"))
        try repo.commit("count")
        // Uncommitted: staged, unstaged, untracked, renamed, deleted, mode, binary.
        try repo.write(
            "Sources/Parser.swift",
            Self.swiftSource.replacing("tokens().count", with: "tokens().count // TODO: cache")
                .replacing("print(argument + 3)", with: "print(argument + 3) // FIXME"))
        try repo.write(
            "tools/fit.py",
            Self.pythonSource.replacing("lines.append(word)", with: "lines.append(word.strip())  # XXX"))
        try repo.git(["add", "tools/fit.py"])
        try repo.write(
            "src/App.java",
            "package app;\n\npublic class App {\n    public static void main(String[] args) {\n        run();\n        run();\n        run();\n    }\n\n    static void run() {\n        System.out.println(2);\n    }\n}\n"
        )
        try repo.git(["mv", "old-name.txt", "new-name.txt"])
        try repo.append("new-name.txt", "line 21\n")
        try repo.remove("gone.txt")
        try repo.chmod("run.sh", 0o755)
        try repo.write("image.dat", "\u{0}\u{1}\u{3}")
        try repo.write("notes/new.md", "# Notes\n\nTODO: write them\n")
        try repo.write("staged-new.txt", "fresh\n")
        try repo.git(["add", "staged-new.txt"])
        return (repo, base)
    }

    @Test func sessionChangesMatchGitDiff() throws {
        let (repo, base) = try session()
        let ours = try Self.ours(repo, base: base)
        let theirs = try Self.gitSessionDiff(repo, base: base)
        #expect(ours.map(\.path) == theirs.map(\.path))
        for (mine, git) in zip(ours, theirs) {
            #expect(mine == git, "\(mine.path)")
        }
        // The facts the comparison rests on are there at all.
        let parser = try #require(ours.first { $0.path == "Sources/Parser.swift" })
        // The context is the last function line above the hunk's first line, cut at 80 bytes.
        #expect(parser.hunks.map(\.functionContext).contains("struct Parser {"))
        #expect(parser.hunks.contains { $0.functionContext.utf8.count == 80 })
        let python = try #require(ours.first { $0.path == "tools/fit.py" })
        // diff=python finds the indented `def` git's default rule (a letter in column 1) would miss.
        #expect(python.hunks.map(\.functionContext) == ["def __init__(self):"])
        let java = try #require(ours.first { $0.path == "src/App.java" })
        #expect(java.hunks.map(\.functionContext) == ["public static void main(String[] args) {"])
        #expect(ours.first { $0.path == "new-name.txt" }?.kind == .renamed)
        #expect(ours.first { $0.path == "notes/new.md" }?.kind == .added)
        #expect(ours.first { $0.path == "image.dat" }?.binary == true)
    }

    /// Without a base: HEAD against the work tree (`git diff HEAD`), only the listed paths.
    /// The session diff pairs renames as git's `diffcore-rename.c` does (t4001, t4005: identical
    /// sources, the most similar source, the same basename, a tie libgit2's `git_diff_find_similar`
    /// broke another way), with the moves staged or only in the work tree (`git add -N`).
    @Test(arguments: [true, false]) func renamesPairedAsGitPairsThem(staged: Bool) throws {
        let repo = try GitRepo()
        let identical = "identical content\nline two\nline three\n"
        let lines = (1...10).map { "line \($0)\n" }
        try repo.write("a/same.txt", identical)
        try repo.write("b/same.txt", identical)
        try repo.write("one.txt", lines.joined())
        try repo.write("two.txt", lines.prefix(8).joined() + "other 9\nother 10\n")
        try repo.write("keep.txt", "keep\n")
        try repo.commit("initial")
        for path in ["a/same.txt", "b/same.txt", "one.txt", "two.txt"] { try repo.remove(path) }
        try repo.write("c/same.txt", identical)
        try repo.write("new-a.txt", lines.prefix(9).joined() + "changed\n")
        try repo.write("new-b.txt", lines.prefix(7).joined() + "x\ny\nz\n")
        if staged { try repo.git(["add", "-A"]) }
        let theirs = try Self.gitSessionDiff(repo, base: "HEAD")
        #expect(theirs.contains { $0.kind == .renamed }, "git pairs renames here")
        #expect(try Self.ours(repo, base: "HEAD") == theirs)
    }

    /// The same for the tie of `RenamePairingTests.stagedRenameSourcesTiedForLibgit2`: git's span
    /// estimate takes swap/f0.txt as copy.txt's source, libgit2's hash signature took gone/f0.txt.
    @Test func renameTieBrokenAsGitBreaksIt() throws {
        let repo = try GitRepo()
        let base = try HistoryDifferentialTests().reshaped(repo, copied: "deep/a/b/c 0\nline two\nline three\n")
        try repo.git(["reset", "-q", "--soft", base])
        // A type change is one change here, where git's patch prints a deletion and an addition.
        let ours = try Self.ours(repo, base: base).filter { $0.kind != .typeChanged }
        let theirs = try Self.gitSessionDiff(repo, base: base).filter { $0.path != "link-then-file" }
        #expect(ours.contains { $0.path == "deep/a/b/c/copy.txt" && $0.oldPath == "swap/f0.txt" })
        #expect(ours == theirs, "\(ours.filter { !theirs.contains($0) }) \(theirs.filter { !ours.contains($0) })")
    }

    @Test func uncommittedOnlyAndLimitedToThePaths() throws {
        let (repo, _) = try session()
        let repository = try Repository(discoveringFrom: repo.path)
        let ours = try repository.changes(uncommitted: ["tools/fit.py", "notes/"]).map(Self.shape)
        let theirs = try Self.gitSessionDiff(repo, base: "HEAD").filter {
            $0.path == "tools/fit.py" || $0.path.hasPrefix("notes/")
        }
        #expect(ours.map(\.path) == ["notes/new.md", "tools/fit.py"])
        #expect(ours == theirs)
    }

    /// A committed file a sparse checkout leaves out is compared with HEAD, not taken for deleted.
    @Test func committedFilesOutsideASparseCheckout() throws {
        let repo = try GitRepo()
        try repo.write("in/a.txt", "a\n")
        try repo.write("out/b.txt", "b\n")
        try repo.commit("base")
        let base = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.write("out/b.txt", "b\nTODO more\n")
        try repo.commit("more b")
        try repo.git(["sparse-checkout", "set", "--cone", "in"])
        let ours = try Self.ours(repo, base: base)
        let theirs = Self.parse(try repo.git(["diff", base, "HEAD"]))
        #expect(ours.count == 1)
        #expect(ours == theirs)
    }

    @Test func stashesMatchGitStashList() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        #expect(try Repository(discoveringFrom: repo.path).stashes().isEmpty)
        for round in 1...3 {
            try repo.write("a.txt", "\(round + 1)\n")
            repo.tick()
            try repo.git(["stash", "push", "-q", "-m", "round \(round)"])
        }
        let ours = try Repository(discoveringFrom: repo.path).stashes()
        let theirs = try repo.git(["stash", "list", "--format=%gd%x1f%gs%x1f%ct"]).split(separator: "\n").map {
            $0.split(separator: "\u{1f}").map(String.init)
        }
        #expect(ours.count == 3)
        #expect(ours.map { "stash@{\($0.index)}" } == theirs.map { $0[0] })
        #expect(ours.map(\.message) == theirs.map { $0[1] })
        #expect(ours.map { String($0.time) } == theirs.map { $0[2] })
    }

    @Test func conflictMarkersMatchGitDiffCheck() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "one\ntwo\n")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.commitFile("a.txt", "one\nside\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("a.txt", "one\nmain\n")
        _ = try repo.git(["merge", "-q", "side"], allowFailure: true)
        try repo.write("b.txt", "======= not alone\n=======\n<<<<<<<no space\n")
        try repo.git(["add", "-N", "b.txt"])
        let ours = try Repository(discoveringFrom: repo.path).conflictMarkers(in: ["a.txt", "b.txt", "missing.txt"])
        // git diff --check: "a.txt:2: leftover conflict marker" for each marker line it adds.
        let check = try repo.git(["diff", "--check", "HEAD"], allowFailure: true)
        let theirs = check.split(separator: "\n").filter { $0.hasSuffix("leftover conflict marker") }.map {
            $0.split(separator: ":").prefix(2).joined(separator: ":")
        }
        #expect(ours.map { "\($0.path):\($0.number)" } == theirs)
        #expect(ours.count == 5)
    }
}
