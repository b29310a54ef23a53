import Foundation
import Testing

@testable import Handoff

@Suite struct StoreTests {
    @Test func twentyConcurrentWritersGiveTwentyDistinctCompleteFiles() throws {
        let folder = try TemporaryFolder()
        let target = folder.path + "/handoffs"
        // Each writer's text is large enough that a torn write would show.
        let body = String(repeating: "line of the handoff document\n", count: 2000)
        // Twenty real threads held at a gate, then released together.
        let gate = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = Results()
        for writer in 0..<20 {
            done.enter()
            let thread = Thread {
                gate.wait()
                results.add(
                    Result { () throws(HandoffError) -> String in
                        try HandoffStore().saveNext(
                            "writer \(writer)\n" + body, in: target, day: "2026-03-14", fileExtension: "md")
                    })
                done.leave()
            }
            thread.start()
        }
        for _ in 0..<20 { gate.signal() }
        done.wait()
        let paths = try results.all.map { try $0.get() }
        #expect(Set(paths).count == 20)
        let names = folder.list("handoffs")
        let expectedNames = (1...20).map { HandoffFolder.fileName(day: "2026-03-14", attempt: $0, fileExtension: "md") }
        #expect(names == expectedNames.sorted(), "no temporary file is left behind")
        var writers: Set<String> = []
        for name in names {
            let text = try #require(folder.read("handoffs/" + name))
            let first = String(text.prefix { $0 != "\n" })
            writers.insert(first)
            #expect(text == first + "\n" + body, "\(name) is complete")
        }
        #expect(writers.count == 20, "every writer's document survived")
    }

    @Test func numbersTheSameDay() throws {
        let folder = try TemporaryFolder()
        let store = HandoffStore()
        let first = try store.saveNext("a", in: folder.path, day: "2026-03-14", fileExtension: "md")
        let second = try store.saveNext("b", in: folder.path, day: "2026-03-14", fileExtension: "md")
        let third = try store.saveNext("c", in: folder.path, day: "2026-03-14", fileExtension: "md")
        #expect(first.hasSuffix("/handoff-2026-03-14.md"))
        #expect(second.hasSuffix("/handoff-2026-03-14-2.md"))
        #expect(third.hasSuffix("/handoff-2026-03-14-3.md"))
        #expect(folder.read("handoff-2026-03-14.md") == "a")
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let folder = try TemporaryFolder()
        try folder.write("mine.md", "precious")
        let error = #expect(throws: HandoffError.self) {
            try HandoffStore().save("new text", at: folder.path + "/mine.md")
        }
        #expect(error?.description.contains("already exists; not overwriting it") == true)
        #expect(folder.read("mine.md") == "precious")
        #expect(folder.list() == ["mine.md"], "the temporary file is removed")
    }

    @Test func createsMissingFolders() throws {
        let folder = try TemporaryFolder()
        let path = try HandoffStore().save("x", at: folder.path + "/a/b/out.md")
        #expect(folder.read("a/b/out.md") == "x")
        #expect(path == folder.path + "/a/b/out.md")
    }

    @Test func unwritableFolderIsAClearErrorAndLeavesNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("blocker", "a file where a folder should be")
        let error = #expect(throws: HandoffError.self) {
            try HandoffStore().saveNext(
                "x", in: folder.path + "/blocker/handoffs", day: "2026-03-14", fileExtension: "md")
        }
        #expect(error?.description.hasPrefix("cannot create folder \(folder.path)/blocker/handoffs") == true)
        #expect(folder.list() == ["blocker"])
        #expect(folder.read("blocker") == "a file where a folder should be")
    }

    @Test func latestRecordedHeadIsTheLastWrittenOfTheLatestDay() throws {
        let folder = try TemporaryFolder()
        let (a, b, c, d) = (
            String(repeating: "a", count: 40), String(repeating: "b", count: 40), String(repeating: "c", count: 40),
            String(repeating: "d", count: 40)
        )
        try folder.write(
            "handoff-2026-03-13-9.md", "x\n\(HeadMarker.line(head: a, timestamp: "2026-03-13T23:00:00Z"))\n")
        try folder.write(
            "handoff-2026-03-14.md", "x\n\(HeadMarker.line(head: b, timestamp: "2026-03-14T09:00:00+01:00"))\n")
        // Written after the .md above, though its name sorts before handoff-2026-03-14-2.md.
        try folder.write(
            "handoff-2026-03-14.json", #"{"git": {"head": "\#(c)"}, "generated_at": "2026-03-14T11:00:00+01:00"}"#)
        try folder.write(
            "handoff-2026-03-14-2.md", "x\n\(HeadMarker.line(head: d, timestamp: "2026-03-14T10:00:00+01:00"))\n")
        try folder.write("handoff-2026-03-14-3.md", "no marker")
        try folder.write("notes.md", HeadMarker.line(head: a, timestamp: "2026-03-15T10:00:00Z"))
        let latest = try #require(HandoffFolder(path: folder.path).latestRecordedHead())
        #expect(latest.name == "handoff-2026-03-14.json")
        #expect(latest.head == c)
    }

    /// The newest day is read first, and an earlier day only when the newer recorded no HEAD.
    @Test func latestRecordedHeadFallsBackToAnEarlierDay() throws {
        let folder = try TemporaryFolder()
        let (a, b) = (String(repeating: "a", count: 40), String(repeating: "b", count: 40))
        try folder.write("handoff-2026-03-12.md", "x\n\(HeadMarker.line(head: a, timestamp: "2026-03-12T23:00:00Z"))\n")
        // Written later, but on an earlier day: the later day wins.
        try folder.write("handoff-2026-03-11.md", "x\n\(HeadMarker.line(head: b, timestamp: "2026-03-11T08:00:00Z"))\n")
        try folder.write("handoff-2026-03-14.md", "hand-written, no marker")
        try folder.write("handoff-2026-03-14-2.md", "no marker either")
        let latest = try #require(HandoffFolder(path: folder.path).latestRecordedHead())
        #expect(latest.name == "handoff-2026-03-12.md")
        #expect(latest.head == a)
        #expect(
            HandoffFolder(path: folder.path).handoffs().map(\.name).prefix(3) == [
                "handoff-2026-03-14-2.md", "handoff-2026-03-14.md", "handoff-2026-03-12.md",
            ])
    }
}

/// Results collected from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<String, HandoffError>] = []

    func add(_ value: Result<String, HandoffError>) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [Result<String, HandoffError>] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
