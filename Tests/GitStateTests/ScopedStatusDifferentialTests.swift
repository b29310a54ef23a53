import Foundation
import Testing

@testable import GitState

/// `--path`: a scoped snapshot, on both engines, equals `git status --porcelain=v2 -- <path>...`,
/// `git diff [--cached] --numstat -- <path>...` and `git log -- <path>...`, with the paths typed
/// as a user would type them in `directory`.
@discardableResult
func expectScopedMatchesGit(
    _ repo: GitRepo, paths: [String], directory: String? = nil, logLimit: Int = 10,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> RepositorySnapshot {
    let from = directory ?? repo.path
    let opened = try Repository(discoveringFrom: from)
    let scope = try PathScope(resolving: paths, from: from, workTree: opened.workTree!)
    let scan = try opened.snapshot(logLimit: logLimit, engine: .automatic, scope: scope)
    let slow = try Repository(discoveringFrom: from).snapshot(logLimit: logLimit, engine: .libgit2, scope: scope)
    let theirs = try GitAnswers(repo, logLimit: logLimit, directory: from, pathspec: paths)
    expectEqual(scan: scan, libgit2: slow, git: theirs, sourceLocation: sourceLocation)
    #expect(scan.paths == scope.paths, sourceLocation: sourceLocation)
    return scan
}

@Suite struct ScopedStatusDifferentialTests {
    /// A monorepo: two services, a shared folder, and a file at the top.
    func monorepo() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("services/api/main.swift", "one\ntwo\n")
        try repo.write("services/api/deep/nested/x.swift", "x\n")
        try repo.write("services/api-gateway/g.swift", "g\n")
        try repo.write("services/api.md", "doc\n")
        try repo.write("services/web/index.js", "w\n")
        try repo.write("shared/in.txt", (1...40).map { "line \($0)\n" }.joined())
        try repo.write("services/api/out.txt", (100...140).map { "row \($0)\n" }.joined())
        try repo.write("README", "top\n")
        try repo.write(".gitignore", "*.log\nbuild/\n")
        try repo.commit("initial")
        return repo
    }

    @Test func changesInsideAndOutsideAScope() throws {
        let repo = try monorepo()
        try repo.append("services/api/main.swift", "three\n")
        try repo.git(["add", "services/api/main.swift"])
        try repo.append("services/api/deep/nested/x.swift", "y\n")
        try repo.append("services/api-gateway/g.swift", "h\n")
        try repo.append("services/api.md", "more\n")
        try repo.append("services/web/index.js", "v\n")
        try repo.write("services/api/new.swift", "n\n")
        try repo.write("services/api/fresh/inner/f.swift", "f\n")
        try repo.write("services/api/debug.log", "ignored\n")
        try repo.write("services/api/build/out.o", "ignored\n")
        try repo.write("services/web/loose.js", "l\n")
        try repo.write("untracked-top.txt", "u\n")
        let snapshot = try expectScopedMatchesGit(repo, paths: ["services/api"])
        // The sibling `api-gateway`, the file `api.md` and everything outside are left out.
        #expect(snapshot.status?.map(\.path).allSatisfy { $0.hasPrefix("services/api/") } == true)
        #expect(snapshot.status?.count == 4)
        try expectScopedMatchesGit(repo, paths: ["services/api/"])
        try expectScopedMatchesGit(repo, paths: ["./services/api"])
        try expectScopedMatchesGit(repo, paths: ["services/web", "services/api"])
        try expectScopedMatchesGit(repo, paths: ["services", "services/api"])
        try expectScopedMatchesGit(repo, paths: ["."])
        try expectScopedMatchesGit(repo, paths: ["services/api-gateway", "README"])
    }

    @Test func renamesAcrossTheScopesEdgeSplitLikeGits() throws {
        let repo = try monorepo()
        try repo.git(["mv", "shared/in.txt", "services/api/in.txt"])
        try repo.git(["mv", "services/api/out.txt", "shared/out.txt"])
        try repo.git(["mv", "services/api/main.swift", "services/api/renamed.swift"])
        let inside = try expectScopedMatchesGit(repo, paths: ["services/api"])
        #expect(inside.status?.map(\.xy).sorted() == ["A.", "D.", "R."])
        try expectScopedMatchesGit(repo, paths: ["shared"])
        // Both sides in the scope: paired again.
        let both = try expectScopedMatchesGit(repo, paths: ["shared", "services/api"])
        #expect(both.status?.allSatisfy { $0.xy == "R." } == true)
    }

    @Test func workTreeRenameAcrossTheEdge() throws {
        let repo = try monorepo()
        try FileManager.default.moveItem(
            atPath: repo.path + "/services/api/out.txt", toPath: repo.path + "/shared/moved.txt")
        try repo.git(["add", "-N", "shared/moved.txt"])
        try FileManager.default.moveItem(
            atPath: repo.path + "/services/api/main.swift", toPath: repo.path + "/services/api/main2.swift")
        try repo.git(["add", "-N", "services/api/main2.swift"])
        try expectScopedMatchesGit(repo, paths: ["services/api"])
        try expectScopedMatchesGit(repo, paths: ["shared"])
        try expectScopedMatchesGit(repo, paths: ["shared", "services/api"])
    }

    @Test func untrackedDirectoriesHoldingTheScope() throws {
        let repo = try monorepo()
        try repo.write("tools/new/deep/a.txt", "a\n")
        try repo.write("tools/new/b.txt", "b\n")
        try repo.write("tools/ignored/only.log", "x\n")
        try repo.write("services/api/brand/new/c.txt", "c\n")
        // The scope lies inside an untracked directory: git lists from the scope down.
        try expectScopedMatchesGit(repo, paths: ["tools"])
        try expectScopedMatchesGit(repo, paths: ["tools/new"])
        try expectScopedMatchesGit(repo, paths: ["tools/new/deep"])
        try expectScopedMatchesGit(repo, paths: ["tools/new/b.txt"])
        try expectScopedMatchesGit(repo, paths: ["tools/ignored"])
        try expectScopedMatchesGit(repo, paths: ["tools/missing"])
        try expectScopedMatchesGit(repo, paths: ["services/api/brand/new"])
        try expectScopedMatchesGit(repo, paths: ["services/api/brand/new", "tools/new/deep"])
        try repo.git(["config", "status.showUntrackedFiles", "all"])
        try expectScopedMatchesGit(repo, paths: ["tools/new"])
        try expectScopedMatchesGit(repo, paths: ["services/api"])
    }

    @Test func deletedDirectoriesAndAFileAsTheScope() throws {
        let repo = try monorepo()
        try FileManager.default.removeItem(atPath: repo.path + "/services/api/deep")
        try repo.append("README", "changed\n")
        try expectScopedMatchesGit(repo, paths: ["services/api"])
        try expectScopedMatchesGit(repo, paths: ["services/api/deep"])
        try expectScopedMatchesGit(repo, paths: ["services/api/deep/nested/x.swift"])
        let file = try expectScopedMatchesGit(repo, paths: ["README"])
        #expect(file.status?.map(\.path) == ["README"])
        // A directory replaced by a file of the same name.
        try FileManager.default.removeItem(atPath: repo.path + "/services/web")
        try repo.write("services/web", "now a file\n")
        try expectScopedMatchesGit(repo, paths: ["services/web"])
        try expectScopedMatchesGit(repo, paths: ["services"])
    }

    @Test func pathsMatchingNothingGiveEmptyAnswers() throws {
        let repo = try monorepo()
        try repo.append("README", "changed\n")
        let none = try expectScopedMatchesGit(repo, paths: ["no/such/place"])
        #expect(none.status == [] && none.staged == [] && none.unstaged == [] && none.log == [])
        try expectScopedMatchesGit(repo, paths: ["servic"])
    }

    @Test func pathsTypedFromASubfolder() throws {
        let repo = try monorepo()
        try repo.append("services/api/main.swift", "three\n")
        try repo.append("shared/in.txt", "more\n")
        try repo.write("services/api/new.swift", "n\n")
        let directory = repo.path + "/services"
        let snapshot = try expectScopedMatchesGit(repo, paths: ["api", "../shared"], directory: directory)
        #expect(snapshot.paths == ["services/api", "shared"])
        try expectScopedMatchesGit(repo, paths: ["."], directory: directory)
        try expectScopedMatchesGit(repo, paths: [".."], directory: directory)
        try expectScopedMatchesGit(repo, paths: [repo.path + "/shared"], directory: directory)
    }

    @Test func aPathOutsideTheRepositoryIsAnErrorWordedAsGits() throws {
        let repo = try monorepo()
        let opened = try Repository(discoveringFrom: repo.path)
        #expect(throws: GitStateError.self) {
            try PathScope(resolving: ["../elsewhere"], from: repo.path, workTree: opened.workTree!)
        }
        do {
            _ = try PathScope(resolving: ["../elsewhere"], from: repo.path, workTree: opened.workTree!)
        } catch {
            let git = try run(["git", "status", "--", "../elsewhere"], in: repo.path, allowFailure: true)
            #expect(git.status == 128)
            // git: "fatal: ../elsewhere: '../elsewhere' is outside repository at '<root>'".
            let gits = git.stderr.trimmingCharacters(in: .newlines)
            #expect("fatal: " + error.description == gits)
        }
    }

    @Test func conflictsAndSubmodulesOutsideTheScopeAreLeftOut() throws {
        let (repo, _) = try GitRepo.withSubmodule()
        try repo.write("app/a.txt", "base\n")
        try repo.commit("app")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("app/a.txt", "side\n")
        try repo.write("other.txt", "side\n")
        try repo.commit("side")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("app/a.txt", "main\n")
        try repo.write("other.txt", "main\n")
        try repo.commit("main")
        try repo.git(["merge", "-q", "side"], allowFailure: true)
        try repo.write("lib/lib.txt", "changed in the submodule\n")
        try expectScopedMatchesGit(repo, paths: ["app"])
        try expectScopedMatchesGit(repo, paths: ["lib"])
        try expectScopedMatchesGit(repo, paths: ["other.txt", "lib"])
    }

    /// A path typed with a trailing slash names a directory (or a submodule) only, as git's
    /// pathspec does (t6130-pathspec-noglob, t7300's `dir/` cases): `--path dir/` leaves out a
    /// file named `dir`, tracked or untracked, in status, numstat, the log and the patch.
    @Test func aTrailingSlashNamesADirectoryOrASubmoduleOnly() throws {
        let (repo, _) = try GitRepo.withSubmodule()
        try repo.write("dir", "a file named dir\n")
        try repo.write("tree/x.txt", "x\n")
        try repo.commit("files")
        let start = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.append("dir", "more\n")
        try repo.commit("dir again")
        try repo.append("dir", "uncommitted\n")
        try repo.append("tree/x.txt", "y\n")
        try repo.write("loose", "untracked file\n")
        try repo.write("fresh/inner.txt", "untracked directory\n")
        try repo.write("lib/lib.txt", "changed in the submodule\n")
        for paths in [
            ["dir/"], ["dir"], ["tree/"], ["loose/"], ["fresh/"], ["lib/"], ["dir/", "tree"], ["dir", "dir/"],
            ["tree/x.txt/"],
        ] {
            let snapshot = try expectScopedMatchesGit(repo, paths: paths)
            if paths == ["dir/"] { #expect(snapshot.status == []) }
            let opened = try Repository(discoveringFrom: repo.path)
            let scope = PathScope(relativePaths: paths)
            let log = try opened.commits(after: start, limit: 10, scope: scope).map(\.oid.hex)
            let gitLog = try repo.git(["log", "--format=%H", "\(start)..HEAD", "--"] + paths)
            #expect(log == gitLog.split(separator: "\n").map(String.init), "\(paths)")
            let counts = try opened.lineCounts(from: start, scope: scope)
            let gits = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", start, "HEAD", "--"] + paths))
            #expect(ByteExact(counts) == ByteExact(gits), "\(paths)")
            let patch = try opened.uncommittedPatch(scope: scope) ?? ""
            let gitPatch = try repo.git(["diff", "HEAD", "--"] + paths)
            func files(_ patch: String) -> [Substring] {
                patch.split(separator: "\n").filter { $0.hasPrefix("diff --git ") }
            }
            #expect(files(patch) == files(gitPatch), "\(paths)")
        }
    }
}
