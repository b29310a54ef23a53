#if canImport(Glibc)
import Glibc
#endif

/// A line of a work-tree file: `path:line` and its text.
public struct FileLine: Sendable, Equatable {
    public var path: String
    public var number: Int
    public var text: String

    public init(path: String, number: Int, text: String) {
        self.path = path
        self.number = number
        self.text = text
    }
}

extension Repository {
    /// The conflict markers left in these work-tree files (paths relative to the work tree):
    /// lines that start with seven `<`, `=`, `>` or `|` followed by a space or the line's end,
    /// the lines `git diff --check` calls "leftover conflict marker". Files that are not
    /// regular files (links, directories, missing ones) and binary files (a NUL in their first
    /// 8,000 bytes, git's test) are skipped.
    public func conflictMarkers(in paths: [String]) -> [FileLine] {
        guard let workTree else { return [] }
        var found: [FileLine] = []
        for path in paths {
            var info = stat()
            guard lstat(workTree + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                let file = MappedFile(path: workTree + "/" + path)
            else { continue }
            let bytes = file.bytes
            if bytes.prefix(8000).contains(0) { continue }
            var number = 0
            var start = 0
            while start < bytes.count {
                number += 1
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                if ConflictMarker.isMarker(line) {
                    var text = Array(line)
                    if text.last == UInt8(ascii: "\r") { text.removeLast() }
                    found.append(FileLine(path: path, number: number, text: String(decoding: text, as: UTF8.self)))
                }
                start = end + 1
            }
        }
        return found
    }
}

enum ConflictMarker {
    static let size = 7

    /// Seven of one marker character, then whitespace or the end of the line.
    static func isMarker(_ line: some Collection<UInt8>) -> Bool {
        guard let first = line.first,
            [UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "|")].contains(first)
        else { return false }
        var index = line.startIndex
        for _ in 0..<size {
            guard index != line.endIndex, line[index] == first else { return false }
            index = line.index(after: index)
        }
        guard index != line.endIndex else { return true }
        return [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[index])
    }
}
