import FoundationEssentials
import GitState

#if canImport(Glibc)
import Glibc
#endif

/// Removes the tool's own output folder from the changes a handoff reports.
///
/// Entries at or under an excluded folder (paths relative to the work tree) are dropped from
/// status and numstats. git collapses a wholly untracked folder to one `??` entry (`.claude/`);
/// such an entry that contains the excluded folder is dropped only when the excluded folder
/// is all it holds (other files, at any depth, keep it reported: they are the user's work;
/// empty folders do not count, as git does not show them either). Ignored files cannot be told
/// apart without git's ignore rules, so they count as user content: the entry stays.
public struct OwnOutputFilter: Sendable {
    /// Folders relative to the work tree, without leading `./` or trailing `/`.
    public let excluded: [String]
    /// The work tree's root, to look inside collapsed untracked folders; `nil` skips that check.
    public let workTree: String?

    public init(excluded: [String], workTree: String?) {
        self.excluded = excluded.map(Self.normalise).filter { !$0.isEmpty && !$0.hasPrefix("..") }
        self.workTree = workTree
    }

    /// `folder` relative to `workTree` when it lies inside it.
    public static func relative(_ folder: String, to workTree: String) -> String? {
        let root = workTree.hasSuffix("/") ? String(workTree.dropLast()) : workTree
        let absolute = PathText.normalised(folder)
        if absolute == root { return "" }
        guard absolute.hasPrefix(root + "/") else { return nil }
        return String(absolute.dropFirst(root.count + 1))
    }

    static func normalise(_ path: String) -> String {
        var text = path
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    public func isOwn(_ path: String) -> Bool {
        let bare = Self.normalise(path)
        for folder in excluded {
            if bare == folder || bare.hasPrefix(folder + "/") { return true }
            // A collapsed untracked folder above the output folder.
            if path.hasSuffix("/"), folder.hasPrefix(bare + "/"), holdsOnly(folder, inside: bare) { return true }
        }
        return false
    }

    public func status(_ entries: [StatusEntry]) -> [StatusEntry] {
        entries.filter { !isOwn($0.path) }
    }

    public func lineCounts(_ entries: [LineCounts]) -> [LineCounts] {
        entries.filter { !isOwn($0.path) }
    }

    /// True when the only files under `parent` are under `folder` (both relative).
    private func holdsOnly(_ folder: String, inside parent: String) -> Bool {
        guard let workTree else { return false }
        return !hasFiles(workTree + "/" + parent, excluding: workTree + "/" + folder)
    }

    private func hasFiles(_ directory: String, excluding excluded: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return true }
        for name in names {
            let path = directory + "/" + name
            if path == excluded { continue }
            guard let kind = FileSystem.kind(of: path) else { return true }
            if kind == .folder {
                if hasFiles(path, excluding: excluded) { return true }
            } else {
                return true
            }
        }
        return false
    }
}

/// Lexical path clean-up (no file system access): `a/./b//c/../d` → `a/b/d`.
enum PathText {
    static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}
