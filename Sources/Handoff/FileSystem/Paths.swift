#if canImport(Glibc)
import Glibc
#endif

/// Paths as the user typed them, made absolute against `-C`, and shown back short (one rule for
/// the CLI and the MCP server, whose answers must read the same).
public enum Paths {
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func absolute(_ path: String, from base: String) -> String {
        if path.hasPrefix("/") { return path }
        let root = base.hasPrefix("/") ? base : currentDirectory() + "/" + base
        return normalised(root + "/" + path)
    }

    /// `a/./b//c/../d` → `a/b/d`, without touching the file system.
    public static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty, parts.last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Relative to the current directory when inside it, else absolute.
    public static func display(_ path: String) -> String {
        let current = currentDirectory()
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}
