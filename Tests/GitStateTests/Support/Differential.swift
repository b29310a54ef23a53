import Foundation
import Testing

@testable import GitState

/// Reads the repository with GitState, then with git, and compares field by field.
///
/// GitState reads first: `git status` and `git diff` refresh the index, which
/// would hide states (stat-dirty files) GitState must get right on its own.
@discardableResult
func expectMatchesGit(
    _ repo: GitRepo, directory: String? = nil, logLimit: Int = 10, bare: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> RepositorySnapshot {
    // Both engines: the scanning engine, and libgit2's diffs it falls back to.
    let scan = try Repository(discoveringFrom: directory ?? repo.path).snapshot(logLimit: logLimit, engine: .automatic)
    let slow = try Repository(discoveringFrom: directory ?? repo.path).snapshot(logLimit: logLimit, engine: .libgit2)
    let theirs = try GitAnswers(repo, logLimit: logLimit, bare: bare, directory: directory)
    expectEqual(scan: scan, libgit2: slow, git: theirs, sourceLocation: sourceLocation)
    return scan
}

/// Compares the two engines' snapshots with git's answers, field by field.
func expectEqual(
    scan: RepositorySnapshot, libgit2 slow: RepositorySnapshot, git theirs: GitAnswers,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (engine, ours) in [("scan", scan), ("libgit2", slow)] {
        #expect(ours.branch == theirs.branch, "branch", sourceLocation: sourceLocation)
        #expect(ours.detached == theirs.detached, "detached", sourceLocation: sourceLocation)
        #expect(ours.unborn == theirs.unborn, "unborn", sourceLocation: sourceLocation)
        #expect(ours.head?.hex == theirs.head, "head", sourceLocation: sourceLocation)
        #expect(ours.upstream == theirs.upstream, "upstream", sourceLocation: sourceLocation)
        #expect(ours.ahead == theirs.ahead, "ahead", sourceLocation: sourceLocation)
        #expect(ours.behind == theirs.behind, "behind", sourceLocation: sourceLocation)
        #expect(ours.state == theirs.state, "state", sourceLocation: sourceLocation)
        #expect(
            ByteExact(ours.status) == ByteExact(theirs.status), "status (\(engine))", sourceLocation: sourceLocation)
        #expect(
            ByteExact(ours.staged) == ByteExact(theirs.staged), "staged numstat (\(engine))",
            sourceLocation: sourceLocation)
        #expect(
            ByteExact(ours.unstaged) == ByteExact(theirs.unstaged), "unstaged numstat (\(engine))",
            sourceLocation: sourceLocation)
        #expect(ours.log == theirs.log, "log", sourceLocation: sourceLocation)
        #expect(ours.stash == theirs.stash, "stash", sourceLocation: sourceLocation)
        #expect(ours.shallow == theirs.shallow, "shallow", sourceLocation: sourceLocation)
    }
}

/// Compares lists by the bytes of every path, since Swift's `String` equality
/// would call an NFC and an NFD spelling of one name equal.
struct ByteExact<Element: ByteComparable>: Equatable, CustomStringConvertible {
    let elements: [Element]?
    init(_ elements: [Element]?) { self.elements = elements }

    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs.elements, rhs.elements) {
        case (nil, nil): return true
        case let (left?, right?): return left.map(\.byteKey) == right.map(\.byteKey)
        default: return false
        }
    }

    var description: String {
        guard let elements else { return "nil" }
        return "[" + elements.map(\.byteKey).joined(separator: ", ") + "]"
    }
}

protocol ByteComparable { var byteKey: String { get } }

private func bytes(_ text: String) -> String {
    text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }
        .joined()
}

extension StatusEntry: ByteComparable {
    var byteKey: String { "\(xy) \(bytes(path))\(orig.map { " <- " + bytes($0) } ?? "")" }
}

extension LineCounts: ByteComparable {
    var byteKey: String { "\(add.map(String.init) ?? "-")\t\(del.map(String.init) ?? "-")\t\(bytes(path))" }
}
