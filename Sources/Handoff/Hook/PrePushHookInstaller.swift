/// Installs and removes handoff's pre-push hook without ever losing the hook that was there.
///
/// Install moves an existing hook aside with `rename()` (bytes, mode and symbolic links kept),
/// then creates the script under a name that must be free (`link()`, never replacing a file).
/// Uninstall renames the moved hook back, or removes the script when there was none, and
/// removes the hooks folder when install created it and it is empty again.
public struct PrePushHookInstaller: Sendable {
    public static let hookName = "pre-push"

    /// The folder git runs hooks from (absolute).
    public let hooksDirectory: String
    /// The folder the hooks folder must not lead out of through a symbolic link (the common git
    /// directory when git's default `hooks` is used); `nil` for a `core.hooksPath` the user chose.
    public let root: String?

    public init(hooksDirectory: String, root: String? = nil) {
        self.hooksDirectory = hooksDirectory
        self.root = root
    }

    /// The hooks folder git uses: `core.hooksPath` (`~/` expanded; relative to the work tree's
    /// root, or to the git directory in a bare repository, where git runs hooks), else
    /// `<common git dir>/hooks`, shared by every worktree.
    public static func hooksDirectory(
        hooksPath: String?, workTree: String?, gitDirectory: String, commonDirectory: String, home: String?
    ) -> String {
        guard var path = hooksPath, !path.isEmpty else { return commonDirectory + "/hooks" }
        if path == "~" || path.hasPrefix("~/"), let home { path = home + path.dropFirst() }
        if !path.hasPrefix("/") { path = (workTree ?? gitDirectory) + "/" + path }
        return PathText.normalised(path)
    }

    public var hookPath: String { hooksDirectory + "/" + Self.hookName }
    public var chainedPath: String { hooksDirectory + "/" + PrePushScript.chainedName }

    public enum InstallOutcome: Sendable, Equatable {
        /// Installed; `chained` is true when an existing hook was moved aside and is run first.
        case installed(chained: Bool)
        /// handoff's hook was there with other settings; the script was rewritten.
        case updated
        /// handoff's hook was there already, identical.
        case unchanged
    }

    public enum UninstallOutcome: Sendable, Equatable {
        /// The hook that was there before install is back.
        case restored
        /// handoff's hook is gone; there was no hook before.
        case removed
        /// No hook installed by handoff was found.
        case notInstalled
    }

    public func install(binary: String, strict: Bool, publish: Bool = false) throws(HandoffError) -> InstallOutcome {
        if let root { try FileSystem.confine(hooksDirectory, within: root) }
        if let current = try installedScript() {
            var wanted = current
            wanted.binary = binary
            wanted.strict = strict
            wanted.publish = publish
            if wanted == current && (try? FileInput.readText(hookPath)) == current.text { return .unchanged }
            let temporary = try TemporaryFile(Array(wanted.text.utf8), in: hooksDirectory, mode: 0o755)
            defer { temporary.remove() }
            // Replacing the file is safe here: it is handoff's own script.
            try FileSystem.attempt("cannot update \(hookPath)") { () throws(Errno) in try temporary.rename(to: hookPath)
            }
            return .updated
        }

        let created = try createHooksDirectory()
        var chained: String?
        if exists(hookPath) {
            if exists(chainedPath) {
                throw HandoffError(
                    "cannot install: \(chainedPath) already exists (left by an earlier install?); move it away first")
            }
            try FileSystem.attempt("cannot move \(hookPath) aside") { () throws(Errno) in
                try FileSystem.rename(hookPath, to: chainedPath)
            }
            chained = PrePushScript.chainedName
        }
        let script = PrePushScript(
            binary: binary, strict: strict, publish: publish, chained: chained, createdFolder: created)
        do throws(HandoffError) {
            guard try FileSystem.createExclusively(Array(script.text.utf8), at: hookPath, mode: 0o755) else {
                throw HandoffError("cannot create \(hookPath)", .fileExists)
            }
        } catch {
            if chained != nil { try? FileSystem.rename(chainedPath, to: hookPath) }
            throw error
        }
        return .installed(chained: chained != nil)
    }

    public func uninstall() throws(HandoffError) -> UninstallOutcome {
        guard exists(hookPath) else {
            // The script was deleted by hand: still put the moved hook back.
            if exists(chainedPath),
                (try? FileSystem.link(chainedPath, as: hookPath)) != nil
                    || (try? FileSystem.rename(chainedPath, to: hookPath)) != nil
            {
                try? FileSystem.remove(chainedPath)
                return .restored
            }
            return .notInstalled
        }
        guard let script = try installedScript() else {
            throw HandoffError("\(hookPath) was not installed by handoff; leaving it as it is")
        }
        var outcome = UninstallOutcome.removed
        if let chained = script.chained, exists(hooksDirectory + "/" + chained) {
            try FileSystem.attempt("cannot restore \(hooksDirectory)/\(chained)") { () throws(Errno) in
                try FileSystem.rename(hooksDirectory + "/" + chained, to: hookPath)
            }
            outcome = .restored
        } else {
            try FileSystem.attempt("cannot remove \(hookPath)") { () throws(Errno) in try FileSystem.remove(hookPath) }
        }
        if let created = script.createdFolder { removeEmptyFolders(from: hooksDirectory, upTo: created) }
        return outcome
    }

    /// handoff's script at `hookPath`, or `nil` when the hook is absent or someone else's.
    public func installedScript() throws(HandoffError) -> PrePushScript? {
        guard FileSystem.kind(of: hookPath) == .file else { return nil }
        guard let text = try? FileInput.readText(hookPath) else { return nil }
        return PrePushScript.parse(text)
    }

    // MARK: File system

    private func exists(_ path: String) -> Bool {
        FileSystem.exists(path)
    }

    /// `mkdir -p` of the hooks folder; the topmost folder it had to create, if any.
    private func createHooksDirectory() throws(HandoffError) -> String? {
        var missing: [String] = []
        var current = hooksDirectory
        while !current.isEmpty, current != "/", !exists(current) {
            missing.append(current)
            current = FileSystem.folder(of: current)
        }
        try FileSystem.makeFolders(hooksDirectory)
        return missing.last
    }

    private func removeEmptyFolders(from folder: String, upTo top: String) {
        var current = folder
        while current.hasPrefix(top), (try? FileSystem.removeFolder(current)) != nil, current != top {
            current = FileSystem.folder(of: current)
        }
    }
}
