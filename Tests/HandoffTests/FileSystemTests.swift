import Foundation
import Testing

@testable import Handoff

@Suite(.serialized) struct FileSystemTests {
    @Test func errnoReadsAsTheCLibrarysText() {
        #expect(Errno.noSuchFileOrDirectory.description == String(cString: strerror(ENOENT)))
        #expect(HandoffError("cannot read x", .permissionDenied).description == "cannot read x: Permission denied")
    }

    @Test func exclusiveCreateWritesANewFileWithItsMode() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/new.sh"
        #expect(try FileSystem.createExclusively(Array("echo hi\n".utf8), at: path, mode: 0o755))
        #expect(folder.read("new.sh") == "echo hi\n")
        #expect(FileSystem.permissions(of: path) == 0o755)
        #expect(folder.list() == ["new.sh"], "no temporary file is left behind")
    }

    @Test func exclusiveCreateRefusesAnExistingFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("taken", "precious")
        #expect(try FileSystem.createExclusively(Array("new".utf8), at: folder.path + "/taken") == false)
        #expect(folder.read("taken") == "precious")
        #expect(folder.list() == ["taken"], "no temporary file is left behind")
    }

    @Test func exclusiveCreateNeverWritesThroughASymbolicLink() throws {
        let folder = try TemporaryFolder()
        try folder.write("target", "precious")
        // A link to an existing file, and a dangling one whose target must not come to exist.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: "target")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/dangling", withDestinationPath: "missing")
        #expect(try FileSystem.createExclusively(Array("new".utf8), at: folder.path + "/link") == false)
        #expect(try FileSystem.createExclusively(Array("new".utf8), at: folder.path + "/dangling") == false)
        #expect(folder.read("target") == "precious")
        #expect(folder.list() == ["dangling", "link", "target"], "nothing created, no temporary file left")
        #expect(FileSystem.kind(of: folder.path + "/dangling") == .symbolicLink)
    }

    @Test func makeFoldersCreatesWhatIsMissingAndNamesAFileInTheWay() throws {
        let folder = try TemporaryFolder()
        let created = try FileSystem.makeFolders(folder.path + "/a/b/c")
        #expect(created == [folder.path + "/a", folder.path + "/a/b", folder.path + "/a/b/c"])
        #expect(try FileSystem.makeFolders(folder.path + "/a/b") == [])
        try folder.write("a/file", "x")
        #expect(throws: HandoffError("cannot create folder \(folder.path)/a/file/d: \(folder.path)/a/file is a file")) {
            try FileSystem.makeFolders(folder.path + "/a/file/d")
        }
        #expect(folder.read("a/file") == "x")
    }

    @Test func makeFoldersTakesBackWhatItMadeWhenItFails() throws {
        let folder = try TemporaryFolder()
        let tooLong = String(repeating: "n", count: Int(NAME_MAX) + 1)
        #expect(throws: HandoffError("cannot create folder \(folder.path)/new/newer/\(tooLong): File name too long")) {
            try FileSystem.makeFolders(folder.path + "/new/newer/" + tooLong)
        }
        #expect(folder.list() == [])
    }

    @Test func manyConcurrentAppendsLoseNothing() throws {
        let folder = try TemporaryFolder()
        let file = AppendOnlyFile(path: folder.path + "/index.jsonl")
        // Long lines, so a torn or interleaved write would show.
        let filler = String(repeating: "x", count: 5000)
        try runConcurrently(count: 16) { writer in
            for line in 0..<25 { try file.append("\(writer) \(line) \(filler)\n") }
        }
        let lines = try #require(folder.read("index.jsonl")).split(separator: "\n")
        #expect(lines.count == 16 * 25)
        #expect(Set(lines).count == 16 * 25)
        #expect(lines.allSatisfy { $0.hasSuffix(" " + filler) && $0.split(separator: " ").count == 3 })
    }

    @Test func eachComposedAppendSeesEveryEarlierOne() throws {
        let folder = try TemporaryFolder()
        let file = AppendOnlyFile(path: folder.path + "/counter")
        // Each append writes how many lines it found, after a pause: without the lock two
        // appends would read the same count.
        try runConcurrently(count: 12) { _ in
            for _ in 0..<4 {
                _ = try file.append(composing: { existing in
                    usleep(2000)
                    return Array("\(existing.filter { $0 == UInt8(ascii: "\n") }.count)\n".utf8)
                })
            }
        }
        let lines = try #require(folder.read("counter")).split(separator: "\n")
        #expect(lines == (0..<48).map { "\($0)"[...] })
    }

    @Test func concurrentLearningsAreEachWrittenOnce() throws {
        let folder = try TemporaryFolder()
        let workTree = folder.path
        // Each learning twice, from different threads: the file holds each once, under one header.
        try runConcurrently(count: 16) { writer in
            _ = try LearnedFile.append(Learning(category: "Rule", rule: "number \(writer % 8)"), workTree: workTree)
        }
        let text = try #require(folder.read(LearnedFile.relativePath))
        #expect(text.hasPrefix(LearnedFile.header))
        #expect(text.components(separatedBy: "# Learned").count == 2)
        let rules = LearnedFile.learnings(in: text).map(\.rule)
        #expect(rules.sorted() == (0..<8).map { "number \($0)" })
    }

    /// A signal that arrives while an append waits for the lock (`flock` returns `EINTR`) does
    /// not end the append: it waits on, and appends once the lock is free.
    @Test func anAppendWaitingForTheLockOutlastsSignals() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.jsonl"
        // No SA_RESTART: the kernel ends the waiting `flock` with EINTR instead of restarting it.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGUSR1, &action, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        // This test holds the lock through a descriptor of its own.
        let holder = open(path, O_RDWR | O_CREAT, 0o644)
        #expect(holder >= 0)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX) == 0)

        let appender = Appender(file: AppendOnlyFile(path: path))
        let thread = Thread { appender.run("appended\n") }
        thread.start()
        let target = appender.waitForThread()
        // Signal it again and again while it waits for the lock.
        for _ in 0..<20 {
            pthread_kill(target, SIGUSR1)
            usleep(10_000)
        }
        #expect(appender.result == nil, "still waiting for the lock")
        flock(holder, LOCK_UN)
        let result = appender.waitForResult()
        #expect(throws: Never.self) { try result.get() }
        #expect(folder.read("index.jsonl") == "appended\n")
    }
}

/// Runs `body` on `count` real threads released together; rethrows the first failure.
private func runConcurrently(count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let gate = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    let failures = Failures()
    for index in 0..<count {
        done.enter()
        Thread {
            gate.wait()
            do { try body(index) } catch { failures.add(error) }
            done.leave()
        }.start()
    }
    for _ in 0..<count { gate.signal() }
    done.wait()
    if let first = failures.first { throw first }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []
    func add(_ error: any Error) { lock.withLock { errors.append(error) } }
    var first: (any Error)? { lock.withLock { errors.first } }
}

/// One append on its own thread, its thread id and its outcome shared with the test.
private final class Appender: @unchecked Sendable {
    let file: AppendOnlyFile
    private let condition = NSCondition()
    private var thread: pthread_t?
    private var outcome: Result<Void, HandoffError>?

    init(file: AppendOnlyFile) { self.file = file }

    func run(_ text: String) {
        // The test runner's threads block SIGUSR1; this one takes it.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        condition.withLock {
            thread = pthread_self()
            condition.broadcast()
        }
        let outcome = Result { () throws(HandoffError) in try file.append(text) }
        condition.withLock {
            self.outcome = outcome
            condition.broadcast()
        }
    }

    var result: Result<Void, HandoffError>? { condition.withLock { outcome } }

    func waitForThread() -> pthread_t {
        condition.withLock {
            while thread == nil { condition.wait() }
            return thread!
        }
    }

    func waitForResult() -> Result<Void, HandoffError> {
        condition.withLock {
            while outcome == nil { condition.wait() }
            return outcome!
        }
    }
}
