import CLibGit2
import Foundation
import Testing

@testable import GitState

/// Broken or unreadable repositories give one clear error naming the problem and the path.
@Suite struct BadInputTests {
    func committed() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("dir/b.txt", "2\n")
        return repo
    }

    func error(at path: String) -> GitStateError? {
        do {
            _ = try Repository(discoveringFrom: path).snapshot()
            return nil
        } catch {
            return error
        }
    }

    func expectOneLine(
        _ error: GitStateError?, kind: GitStateError.Kind, naming path: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        #expect(error.description.contains(path), "\(error.description)", sourceLocation: sourceLocation)
    }

    @Test func notARepository() throws {
        let scratch = try Scratch()
        let error = error(at: scratch.path)
        expectOneLine(error, kind: .notARepository, naming: scratch.path)
        #expect(error?.description.contains("not a git repository") == true)
    }

    @Test func missingDirectory() throws {
        let scratch = try Scratch()
        expectOneLine(error(at: scratch.path + "/nope"), kind: .notARepository, naming: scratch.path + "/nope")
    }

    @Test func corruptIndex() throws {
        let repo = try committed()
        try repo.write(".git/index", "DIRC this is not an index at all, just text that is long enough\n")
        expectOneLine(error(at: repo.path), kind: .corruptIndex, naming: repo.path + "/.git/index")
    }

    @Test func truncatedIndex() throws {
        let repo = try committed()
        let data = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        try repo.write(".git/index", data: data.prefix(data.count / 2))
        expectOneLine(error(at: repo.path), kind: .corruptIndex, naming: repo.path + "/.git/index")
    }

    /// The error for an index whose first entry has `replacement` where git wrote `original`,
    /// `offset` bytes into the file.
    func errorAfterPatchingIndex(offset: Int, original: [UInt8], replacement: [UInt8]) throws -> (
        GitStateError?, String
    ) {
        let repo = try committed()
        var data = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        let range = offset..<(offset + original.count)
        #expect(data[range] == Data(original))
        data.replaceSubrange(range, with: replacement)
        try repo.write(".git/index", data: data)
        return (error(at: repo.path), repo.path + "/.git/index")
    }

    /// Entries store git's 16-bit modes in 16 bits: a wider value is a corrupt index, not a
    /// mode silently cut short.
    @Test func modeWiderThanGitWrites() throws {
        // The first entry's mode (100644): after the 12-byte header, ctime, mtime, dev and inode.
        let (error, index) = try errorAfterPatchingIndex(
            offset: 12 + 24, original: [0, 0, 0x81, 0xa4], replacement: [0, 1, 0x81, 0xa4])
        expectOneLine(error, kind: .corruptIndex, naming: index)
        #expect(error?.description.contains("bad mode") == true, "\(String(describing: error))")
    }

    /// A path's length is read from its entry's flags, as git reads it: flags that disagree
    /// with the path's terminating NUL make a corrupt index, not a misread name.
    @Test func pathLengthDisagreeingWithItsFlags() throws {
        // The first entry's flags ("a.txt", 5 bytes): after the header and 60 bytes of stat data and id.
        let (error, index) = try errorAfterPatchingIndex(offset: 12 + 60, original: [0, 5], replacement: [0, 4])
        expectOneLine(error, kind: .corruptIndex, naming: index)
        #expect(error?.description.contains("length") == true, "\(String(describing: error))")
    }

    /// Paths of 0xFFF bytes or more, whose length the entry's flags cannot hold, are read up to
    /// their NUL. (No file system git runs on has such a path in a work tree: the entry is
    /// made with `update-index --cacheinfo`.)
    @Test func pathsLongerThanTheFlagsHold() throws {
        let repo = try committed()
        let blob = try repo.git(["hash-object", "-w", "--stdin"], input: "long\n").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let long =
            (0..<20).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 210) }
            .joined(separator: "/") + "/file.txt"
        #expect(long.utf8.count > 0xFFF)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),\(long)"])
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),z.txt"])
        let index = try IndexFile.read(repo.path + "/.git/index")
        let paths = index.entries.map { String(decoding: index.path(of: $0), as: UTF8.self) }
        let listed = try repo.git(["ls-files", "-z"]).split(separator: "\0").map(String.init)
        #expect(paths == listed)
        #expect(paths.contains(long) && paths.last == "z.txt")
    }

    @Test func missingObject() throws {
        let repo = try committed()
        let tree = try repo.git(["rev-parse", "HEAD^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.remove(".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        let error = error(at: repo.path)
        expectOneLine(error, kind: .missingObject, naming: repo.path + "/.git")
    }

    /// A repository format git does not read either (`git status` refuses it too): libgit2
    /// fails with `GIT_ERROR_REPOSITORY`, and the kind says the format is unsupported.
    @Test(arguments: [
        ["core.repositoryformatversion", "2"], ["core.repositoryformatversion", "1", "extensions.noSuchThing", "x"],
    ])
    func unsupportedRepositoryFormat(settings: [String]) throws {
        let repo = try committed()
        for pair in stride(from: 0, to: settings.count, by: 2) {
            try repo.git(["config", settings[pair], settings[pair + 1]])
        }
        let refused = try run(["git", "status"], in: repo.path, environment: repo.environment, allowFailure: true)
        #expect(refused.status != 0, "git reads this format after all")
        expectOneLine(error(at: repo.path), kind: .unsupportedFormat, naming: repo.path)
    }

    /// Kinds come from libgit2's error class and code, whatever the message says.
    @Test func kindsFromClassAndCode() {
        let index = Int32(bitPattern: GIT_ERROR_INDEX.rawValue)
        let odb = Int32(bitPattern: GIT_ERROR_ODB.rawValue)
        let notFound = GIT_ENOTFOUND.rawValue
        #expect(LibGit2.classify(code: -1, errorClass: index, message: "no words", default: .other) == .corruptIndex)
        #expect(LibGit2.classify(code: notFound, errorClass: odb, message: "x", default: .other) == .missingObject)
        #expect(LibGit2.classify(code: -1, errorClass: odb, message: "object", default: .other) == .other)
        let reference = Int32(bitPattern: GIT_ERROR_REFERENCE.rawValue)
        #expect(
            LibGit2.classify(code: -1, errorClass: reference, message: "invalid index", default: .invalidReference)
                == .invalidReference)
        #expect(
            LibGit2.classify(
                code: -1, errorClass: index, message: "unsupported mandatory extension: 'abcd'", default: .other)
                == .unsupportedFormat)
    }

    @Test func garbageHead() throws {
        let repo = try committed()
        try repo.write(".git/HEAD", "this is garbage\n")
        let error = error(at: repo.path)
        #expect(error != nil)
        #expect(error?.description.contains("\n") == false)
        #expect(error?.description.contains(repo.path) == true, "\(String(describing: error))")
    }

    /// A split index whose shared index is gone, or is not the one it names.
    @Test(arguments: [false, true])
    func brokenSharedIndex(replaced: Bool) throws {
        let repo = try committed()
        try repo.git(["update-index", "--split-index"])
        let listing = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git")
        let name = try #require(listing.first { $0.hasPrefix("sharedindex.") })
        let shared = repo.path + "/.git/" + name
        if replaced {
            // Another (valid) index in its place: its checksum is not the one the link names.
            try repo.git(["update-index", "--no-split-index"])
            try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: shared + ".other")
            try repo.git(["update-index", "--split-index"])
            let current = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git")
                .first { $0.hasPrefix("sharedindex.") && !$0.hasSuffix(".other") }
            let currentPath = repo.path + "/.git/" + (try #require(current))
            try FileManager.default.removeItem(atPath: currentPath)
            try FileManager.default.moveItem(atPath: shared + ".other", toPath: currentPath)
            for engine in [StatusEngine.automatic, .libgit2] {
                let error = errorReading(repo.path, engine: engine)
                expectOneLine(error, kind: .corruptIndex, naming: currentPath)
            }
        } else {
            try FileManager.default.removeItem(atPath: shared)
            for engine in [StatusEngine.automatic, .libgit2] {
                let error = errorReading(repo.path, engine: engine)
                expectOneLine(error, kind: .corruptIndex, naming: shared)
                #expect(error?.description.contains("missing") == true, "\(String(describing: error))")
            }
        }
    }

    func errorReading(_ path: String, engine: StatusEngine) -> GitStateError? {
        do {
            _ = try Repository(discoveringFrom: path).snapshot(logLimit: 1, engine: engine)
            return nil
        } catch {
            return error
        }
    }
}

/// Reading never writes: no index refresh, no lock file, no config or ref change.
@Suite struct ReadOnlyTests {
    /// Every file under `.git` with its size, mode, modification time and content.
    func fingerprint(_ directory: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: directory) else { return result }
        for case let relative as String in walker {
            let full = directory + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: full)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            var line =
                "\(attributes[.type] ?? "") \(attributes[.size] ?? 0) \(attributes[.posixPermissions] ?? 0) \(modified)"
            if attributes[.type] as? FileAttributeType == .typeRegular {
                line += " \(try Data(contentsOf: URL(fileURLWithPath: full)).hashValue)"
            }
            result[relative] = line
        }
        return result
    }

    @Test func freshRepositoryWithoutStashStaysUntouched() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.write("b.txt", "untracked\n")
        sleep(1)
        let before = try fingerprint(repo.path + "/.git")
        _ = try Repository(discoveringFrom: repo.path).snapshot()
        _ = try Repository(discoveringFrom: repo.path).uncommittedPatch()
        _ = try Repository(discoveringFrom: repo.path).commits(after: "HEAD", limit: 5)
        #expect(before == (try fingerprint(repo.path + "/.git")))
    }

    /// The index formats GitState reads itself: nothing written (git, for one, freshens a
    /// shared index's time when it reads it), with either engine.
    @Test(arguments: ["split", "sparse", "ignorecase"])
    func ownIndexReadingLeavesGitDirectoryUntouched(format: String) throws {
        let repo = try GitRepo()
        try repo.write("a.txt", "a\n")
        try repo.write("in/b.txt", "b\n")
        try repo.write("out/c.txt", "c\n")
        try repo.commit("initial")
        switch format {
        case "split":
            try repo.git(["update-index", "--split-index"])
            try repo.append("a.txt", "staged\n")
            try repo.git(["add", "a.txt"])
        case "sparse":
            try repo.git(["sparse-checkout", "set", "--cone", "--sparse-index", "in"])
            try repo.write("out/untracked.txt", "makes git expand the index\n")
        default:
            try repo.git(["config", "core.ignorecase", "true"])
            try FileManager.default.moveItem(atPath: repo.path + "/in", toPath: repo.path + "/IN")
        }
        try repo.write("in/new.txt", "n\n")
        try repo.append("a.txt", "unstaged\n")
        sleep(1)
        let before = try fingerprint(repo.path + "/.git")
        for engine in [StatusEngine.automatic, .libgit2] {
            let snapshot = try Repository(discoveringFrom: repo.path).snapshot(logLimit: 1, engine: engine)
            #expect(snapshot.status?.isEmpty == false)
        }
        #expect(before == (try fingerprint(repo.path + "/.git")))
    }

    @Test func snapshotLeavesGitDirectoryUntouched() throws {
        let scratch = try Scratch()
        let origin = try GitRepo(in: scratch, name: "origin")
        try origin.commitFile("a.txt", "1\n")
        let repo = try origin.clone("clone")
        try repo.commitFile("b.txt", "2\n")
        try repo.write("a.txt", "changed\n")
        try repo.write("untracked/file.txt", "u\n")
        try repo.git(["stash", "-q"])
        try repo.write("ita.txt", "i\n")
        try repo.git(["add", "-N", "ita.txt"])
        try repo.git(["mv", "b.txt", "c.txt"])
        // Stat-dirty but unchanged: the state where git would refresh the index.
        try repo.write("c.txt", "2\n")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 7200)], ofItemAtPath: repo.path + "/c.txt")
        try repo.write("a.txt", "dirty again\n")
        sleep(1)
        let before = try fingerprint(repo.path + "/.git")
        let snapshot = try Repository(discoveringFrom: repo.path).snapshot()
        let after = try fingerprint(repo.path + "/.git")
        #expect(snapshot.status?.isEmpty == false)
        #expect(before == after)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/index.lock"))
    }
}
