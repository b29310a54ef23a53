/// The checks git makes of `packed-refs` whenever it reads refs (git 2.39's
/// `refs/packed-backend.c`: `create_snapshot`, `verify_buffer_safe`, `sort_snapshot`), which
/// `git status` always does. libgit2 1.5.1 reads the file lazily and skips lines it cannot
/// parse, so a repository git refuses read as if it had no such refs.
enum PackedRefs {
    /// The length of the shortest record git takes: 40 hex digits, a space and one byte.
    private static let shortestRecord = 42

    /// Refuses the file where git refuses it (`unexpected line in <file>: <line>`); a missing
    /// or empty file is fine.
    static func verify(_ path: String) throws(GitStateError) {
        guard let bytes = FilePath.read(path), !bytes.isEmpty else { return }
        var start = 0
        var sorted = false
        if bytes[0] == UInt8(ascii: "#") {
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                throw refusal("unterminated line", bytes[...], path)
            }
            let header = bytes[..<end]
            let prefix = Array("# pack-refs with:".utf8)
            guard header.starts(with: prefix) else { throw refusal("unexpected line", header, path) }
            sorted = header.dropFirst(prefix.count).split(separator: UInt8(ascii: " ")).contains(
                Array("sorted".utf8)[...])
            start = end + 1
        }
        guard start < bytes.count else { return }
        if sorted {
            // git trusts a sorted file's order and checks only its last record.
            let last = startOfRecord(bytes, before: bytes.count - 1, from: start)
            if bytes[bytes.count - 1] != UInt8(ascii: "\n") || bytes.count - last < shortestRecord {
                throw refusal("unexpected line", bytes[last...].dropLast(bytes.last == 10 ? 1 : 0), path)
            }
            return
        }
        if bytes[bytes.count - 1] != UInt8(ascii: "\n") {
            let last = startOfRecord(bytes, before: bytes.count - 1, from: start)
            throw refusal("unexpected line", bytes[last...], path)
        }
        var position = start
        while position < bytes.count {
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n"))!
            if end - position < shortestRecord - 1 {
                throw refusal("unexpected line", bytes[position..<end], path)
            }
            position = end + 1
            // A peeled line (`^<id>`) belongs to the record before it.
            if position < bytes.count && bytes[position] == UInt8(ascii: "^") {
                position = bytes[position...].firstIndex(of: UInt8(ascii: "\n"))! + 1
            }
        }
    }

    /// Where the record holding `index` starts: its line's start, or the line before when the
    /// line is a peeled line.
    private static func startOfRecord(_ bytes: [UInt8], before index: Int, from floor: Int) -> Int {
        var position = index
        while position > floor
            && (bytes[position - 1] != UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "^"))
        {
            position -= 1
        }
        return position
    }

    private static func refusal(_ problem: String, _ line: ArraySlice<UInt8>, _ path: String) -> GitStateError {
        let text = String(decoding: line.prefix(200), as: UTF8.self).trimmingTrailingNewlines()
        return GitStateError(kind: .invalidReference, message: "\(problem) in \(path): \(text)", path: path)
    }
}
