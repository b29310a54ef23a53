/// The checks git makes of `packed-refs` whenever it reads refs (git 2.39's
/// `refs/packed-backend.c`: `create_snapshot`, `verify_buffer_safe`, `sort_snapshot`), which
/// `git status` always does. libgit2 1.5.1 reads the file lazily and skips lines it cannot
/// parse, so a repository git refuses read as if it had no such refs.
enum PackedRefs {
    /// The length of the shortest line git takes, newline not counted: 40 hex digits, a space
    /// and a one-byte name (`hexsz + 2` in git's checks).
    private static let shortestRecord = 42

    /// Refuses the file where git refuses it, in git's words (`unexpected line in <file>:
    /// <line>`); a missing or empty file is fine.
    static func verify(_ path: String) throws(GitStateError) {
        guard let bytes = FilePath.read(path), !bytes.isEmpty else { return }
        var start = 0
        var sorted = false
        if bytes[0] == UInt8(ascii: "#") {
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { throw refusal(bytes, at: 0, path) }
            let prefix = Array("# pack-refs with:".utf8)
            guard bytes[..<end].starts(with: prefix) else { throw refusal(bytes, at: 0, path) }
            sorted = bytes[prefix.count..<end].split(separator: UInt8(ascii: " ")).contains(
                Array("sorted".utf8)[...])
            start = end + 1
        }
        guard start < bytes.count else { return }
        // verify_buffer_safe: the last record ends in a newline and is long enough to hold a name.
        let last = startOfRecord(bytes, before: bytes.count - 1, from: start)
        if bytes[bytes.count - 1] != UInt8(ascii: "\n") || bytes.count - last < shortestRecord {
            throw refusal(bytes, at: last, path)
        }
        // git trusts a sorted file's order; an unsorted one it sorts, checking every record.
        guard !sorted else { return }
        var position = start
        while position < bytes.count {
            let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n"))!
            if end - position < shortestRecord { throw refusal(bytes, at: position, path) }
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

    /// git's `die_invalid_line`: the line at `offset`, up to 79 bytes, else its first 75 and
    /// `...`; a line with no newline is an unterminated one.
    private static func refusal(_ bytes: [UInt8], at offset: Int, _ path: String) -> GitStateError {
        let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n"))
        let line = bytes[offset..<(end ?? bytes.count)]
        let shown =
            line.count < 80
            ? String(decoding: line, as: UTF8.self) : String(decoding: line.prefix(75), as: UTF8.self) + "..."
        let problem = end == nil ? "unterminated line" : "unexpected line"
        return GitStateError(kind: .invalidReference, message: "\(problem) in \(path): \(shown)", path: path)
    }
}
