import Foundation

/// libgit2's fixture repositories (Debian's `libgit2-fixtures`), made into working repositories
/// the way libgit2's clar sandbox makes them: the fixture is copied to a scratch folder, then
/// `.gitted` becomes `.git`, `gitattributes` becomes `.gitattributes` and `gitignore` becomes
/// `.gitignore` (only at the fixture's top, as clar does; libgit2 cannot store those names in its
/// own repository).
enum Libgit2Fixtures {
    /// Where the package puts them; `scripts/ensure-deps` extracts the package into `.build` when
    /// the system's dpkg excludes documentation folders (as minimal container images do).
    static let candidates = [
        "/usr/share/doc/libgit2-fixtures/examples",
        packageRoot + "/.build/libgit2-fixtures/usr/share/doc/libgit2-fixtures/examples",
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The fixtures' folder, installing the package through `scripts/ensure-deps` when missing.
    static let folder: String? = {
        if let found = candidates.first(where: isFolder) { return found }
        _ = try? run([packageRoot + "/scripts/ensure-deps"], in: packageRoot)
        return candidates.first(where: isFolder)
    }()

    /// Every top-level folder of the package: repositories (`.gitted` or a bare layout) and the
    /// folders that are none, which git and GitState must both refuse.
    static let names: [String] = {
        guard let folder, let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.filter { isFolder(folder + "/" + $0) }.sorted()
    }()

    /// Copies fixture `name` into `scratch` and turns it into a repository; a worktree fixture
    /// (a `.gitted` file naming `../other/...`) brings the fixture it points into.
    static func sandbox(_ name: String, in scratch: Scratch) throws -> String {
        guard let folder else { throw ShellError(message: "libgit2-fixtures is not installed") }
        let target = scratch.path + "/" + name
        guard !FileManager.default.fileExists(atPath: target) else { return target }
        try run(["cp", "-a", folder + "/" + name, target], in: scratch.path)
        for (from, to) in [(".gitted", ".git"), ("gitattributes", ".gitattributes"), ("gitignore", ".gitignore")]
        where FileManager.default.fileExists(atPath: target + "/" + from) {
            try FileManager.default.moveItem(atPath: target + "/" + from, toPath: target + "/" + to)
        }
        if let gitfile = try? String(contentsOfFile: target + "/.git", encoding: .utf8),
            gitfile.hasPrefix("gitdir: ../")
        {
            let other = gitfile.dropFirst("gitdir: ../".count).prefix { $0 != "/" }
            _ = try sandbox(String(other), in: scratch)
        }
        return target
    }

    private static func isFolder(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
