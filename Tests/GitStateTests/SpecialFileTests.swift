import Foundation
import Testing

@testable import GitState

#if canImport(Glibc)
import Glibc
#endif

/// FIFOs, sockets and devices in the work tree. No git test script builds these states (t7063
/// and t7508 list untracked files, never special ones); the rule is dir.c's `treat_path`, which
/// lists only files, links and directories, and `ce_mode_from_stat`/`ie_match_stat`, which take
/// anything else at a tracked path for a changed regular file. Compared with git on both engines.
@Suite struct SpecialFileTests {
    /// Whether this machine lets a test make a device node (root, or CAP_MKNOD).
    static let canMakeDevices: Bool = {
        guard let scratch = try? Scratch() else { return false }
        return mknod(scratch.path + "/probe", S_IFCHR | 0o644, dev_t(1 << 8 | 3)) == 0
    }()

    @Test func fifosAndSocketsAreNeverUntracked() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "a\n")
        try makeFIFO(repo, "fifo")
        try makeSocket(repo, "socket")
        // A directory that holds only special files is as empty as git sees it: not listed.
        try makeFIFO(repo, "only-special/fifo")
        try makeSocket(repo, "only-special/socket")
        try makeFIFO(repo, "mixed/fifo")
        try repo.write("mixed/file.txt", "x\n")
        for mode in ["normal", "all"] {
            try repo.git(["config", "status.showUntrackedFiles", mode])
            // Read once under the deadline (a read that hangs fails here), then against git.
            guard try snapshots(repo, unblocking: ["fifo", "only-special/fifo", "mixed/fifo"]) != nil else { return }
            let snapshot = try expectMatchesGit(repo)
            #expect(snapshot.status?.contains { $0.path.contains("fifo") || $0.path.contains("socket") } == false)
        }
    }

    @Test(.enabled(if: canMakeDevices, "making a device node needs root or CAP_MKNOD"))
    func devicesAreNeverUntracked() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "a\n")
        #expect(mknod(repo.path + "/null", S_IFCHR | 0o644, dev_t(1 << 8 | 3)) == 0)
        try FileManager.default.createDirectory(atPath: repo.path + "/dev", withIntermediateDirectories: true)
        #expect(mknod(repo.path + "/dev/null", S_IFCHR | 0o644, dev_t(1 << 8 | 3)) == 0)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status == [])
    }

    /// git calls a tracked file replaced by a FIFO modified (`.M`, not a type change or a
    /// deletion); its `git diff --numstat` stops with "unsupported file type", so only the
    /// status and the staged counts have a git answer. The scanning engine once opened the FIFO
    /// to hash it and waited for a writer forever: the deadline turns that into a failure.
    @Test func trackedFileReplacedByAFIFOIsModified() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "a\n")
        try repo.commitFile("b.txt", "b\n")
        try repo.commitFile("dir/c.txt", "c\n")
        try repo.remove("a.txt")
        try makeFIFO(repo, "a.txt")
        try repo.remove("dir/c.txt")
        try makeSocket(repo, "dir/c.txt")
        try repo.write("b.txt", "staged\n")
        try repo.git(["add", "b.txt"])
        let snapshots = try snapshots(repo, unblocking: ["a.txt"])
        let porcelain = try PorcelainV2(try repo.gitData(["status", "--porcelain=v2", "-z"]))
        let staged = try Numstat.parse(try repo.gitData(["diff", "--cached", "--numstat", "-z"]))
        let diff = try run(
            ["git", "diff", "--numstat"], in: repo.path, environment: repo.environment, allowFailure: true)
        #expect(diff.status != 0 && diff.stderr.contains("unsupported file type"), "git still refuses to count it")
        #expect(porcelain.entries.map(\.xy) == [".M", "M.", ".M"])
        for (engine, snapshot) in snapshots ?? [] {
            #expect(ByteExact(snapshot.status) == ByteExact(porcelain.entries), "status (\(engine))")
            #expect(ByteExact(snapshot.staged) == ByteExact(staged), "staged numstat (\(engine))")
            // No lines to count in either: binary, as git would print them if it went on.
            #expect(
                snapshot.unstaged?.map(\.byteKey) == ["-\t-\ta.txt", "-\t-\tdir/c.txt"], "unstaged numstat (\(engine))")
        }
    }

    /// Both engines' snapshots, read on a thread of its own for at most a minute: a read that
    /// blocks on a FIFO fails the test instead of hanging the suite. Then it opens each FIFO's
    /// writing end, so a reader that waits sees end of file and the thread finishes. (Only the
    /// reads run there: expectations belong on the test's own task.)
    private func snapshots(_ repo: GitRepo, unblocking fifos: [String]) throws -> [(String, RepositorySnapshot)]? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<[(String, RepositorySnapshot)]>()
        let path = repo.path
        let thread = Thread {
            outcome.set(
                Result {
                    [
                        ("scan", try Repository(discoveringFrom: path).snapshot(logLimit: 10, engine: .automatic)),
                        ("libgit2", try Repository(discoveringFrom: path).snapshot(logLimit: 10, engine: .libgit2)),
                    ]
                })
            done.signal()
        }
        thread.start()
        if done.wait(timeout: .now() + 60) == .timedOut {
            Issue.record("GitState still reading after 60 s: it opened a FIFO and waits for a writer")
            while done.wait(timeout: .now() + 0.1) == .timedOut {
                for fifo in fifos {
                    let descriptor = open(repo.path + "/" + fifo, O_WRONLY | O_NONBLOCK)
                    if descriptor >= 0 { close(descriptor) }
                }
            }
            return nil
        }
        return try outcome.value?.get()
    }

    private func makeFIFO(_ repo: GitRepo, _ relativePath: String) throws {
        try makeParent(repo, relativePath)
        guard mkfifo(repo.path + "/" + relativePath, 0o644) == 0 else {
            throw ShellError(message: "mkfifo \(relativePath): \(String(cString: strerror(errno)))")
        }
    }

    /// A listening-less Unix socket bound at the path (what a dev server leaves behind).
    private func makeSocket(_ repo: GitRepo, _ relativePath: String) throws {
        try makeParent(repo, relativePath)
        let path = repo.path + "/" + relativePath
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ShellError(message: "socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ShellError(message: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let code = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard code == 0 else { throw ShellError(message: "bind \(path): \(String(cString: strerror(errno)))") }
    }

    private func makeParent(_ repo: GitRepo, _ relativePath: String) throws {
        let parent = ((repo.path + "/" + relativePath) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }
}

/// A result handed from one thread to another.
private final class Outcome<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { stored = value } }
    var value: Result<T, any Error>? { lock.withLock { stored } }
}
