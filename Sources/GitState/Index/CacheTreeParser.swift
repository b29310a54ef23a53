import CLibGit2
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The `TREE` extension: for each directory, how many entries it covers, its
/// subtree count, and (when valid) the tree object it would write.
enum CacheTreeParser {
    static func parse(_ body: UnsafeRawBufferPointer) -> [PathKey: git_oid] {
        var result: [PathKey: git_oid] = [:]
        var offset = 0
        // A stack of (path prefix, subtrees still to read).
        var stack: [(prefix: [UInt8], remaining: Int)] = []
        while offset < body.count {
            guard let nameEnd = body[offset...].firstIndex(of: 0) else { break }
            let component = Array(body[offset..<nameEnd])
            offset = nameEnd + 1
            guard let spaceIndex = body[offset...].firstIndex(of: 0x20),
                let newline = body[spaceIndex...].firstIndex(of: 0x0a)
            else { break }
            let entryCount = Int(String(decoding: body[offset..<spaceIndex], as: UTF8.self)) ?? -1
            let subtrees = Int(String(decoding: body[(spaceIndex + 1)..<newline], as: UTF8.self)) ?? 0
            offset = newline + 1
            // Pop finished parents to find this node's parent.
            while let last = stack.last, last.remaining == 0 { stack.removeLast() }
            var path: [UInt8] = []
            if let parent = stack.last {
                stack[stack.count - 1].remaining -= 1
                path = parent.prefix.isEmpty ? component : parent.prefix + [UInt8(ascii: "/")] + component
            }
            if entryCount >= 0 {
                guard offset + 20 <= body.count else { break }
                result[PathKey(bytes: path)] = body.oid(at: offset)
                offset += 20
            }
            stack.append((path, subtrees))
        }
        return result
    }
}
