import FoundationEssentials

/// `handoff init` and `handoff init --remove`: puts the agent files in a work tree and takes
/// them out again.
///
/// Everything is planned (files read, JSON parsed) before anything is written, and a failed
/// write undoes the ones before it, so a run either does all of its work or none. The exact
/// bytes of every file it changes are kept in `<git dir>/handoff/init-backup/` (out of the work
/// tree), with what it wrote; `--remove` puts the original back byte for byte when the file
/// still holds what init wrote, and otherwise takes out only what init added.
public struct ProjectSetup {
    public let workTree: String
    public let gitDirectory: String

    public init(workTree: String, gitDirectory: String) {
        self.workTree = workTree
        self.gitDirectory = gitDirectory
    }

    /// What a run did, one line per file, and what it left alone for the user to look at.
    public struct Outcome: Sendable {
        public var lines: [String] = []
        public var warnings: [String] = []
    }

    struct Change {
        var relative: String
        var before: [UInt8]?
        var after: [UInt8]?
        var line: String
    }

    var backupFolder: String { gitDirectory + "/handoff/init-backup" }
    var manifestPath: String { backupFolder + "/manifest.json" }
    static let managed = [
        AgentFiles.slashCommandPath, AgentFiles.settingsPath, AgentFiles.agentsPath, MCPRegistration.path,
    ]

    func absolute(_ relative: String) -> String { workTree + "/" + relative }

    /// The file a managed path reads and writes: a symbolic link inside the work tree is
    /// followed (an `AGENTS.md` linked to `CLAUDE.md` gets its section in `CLAUDE.md`), one
    /// that leads out of it is refused.
    func target(_ relative: String) throws(HandoffError) -> String {
        let path = absolute(relative)
        try FileSystem.confine(path, within: workTree)
        return FileSystem.resolvingFinalLink(path)
    }

    func backupName(_ relative: String) -> String {
        backupFolder + "/" + relative.replacing("/", with: "__")
    }

    // MARK: init

    /// Adds the agent files; with `mcp`, also the MCP server's entry in `.mcp.json`.
    public func install(mcp: Bool = false) throws(HandoffError) -> Outcome {
        var outcome = Outcome()
        var changes: [Change] = []

        let slashBefore = try ProjectFile.read(target(AgentFiles.slashCommandPath))
        let slash = Array(AgentFiles.slashCommand.utf8)
        if slashBefore == nil {
            changes.append(
                Change(
                    relative: AgentFiles.slashCommandPath, before: nil, after: slash,
                    line: "created \(AgentFiles.slashCommandPath) (the /handoff command)"))
        } else if slashBefore == slash {
            outcome.lines.append("unchanged \(AgentFiles.slashCommandPath)")
        } else {
            outcome.warnings.append(
                "\(AgentFiles.slashCommandPath) exists with other content; left as is (remove it and run handoff init again for the current one)"
            )
        }

        let settingsBefore = try ProjectFile.read(target(AgentFiles.settingsPath))
        let settings: JSONValue
        if let settingsBefore {
            let text = try utf8(settingsBefore, AgentFiles.settingsPath)
            do {
                settings = try JSONValue.parse(text)
            } catch {
                throw HandoffError(
                    "\(AgentFiles.settingsPath) is not valid JSON (\(error.description)); fix it and run handoff init again — nothing was changed"
                )
            }
        } else {
            settings = .object([])
        }
        let merged: JSONValue?
        do {
            merged = try AgentFiles.addingHooks(to: settings)
        } catch {
            throw HandoffError(
                "\(AgentFiles.settingsPath): \(error.description); fix it and run handoff init again — nothing was changed"
            )
        }
        if let merged {
            let hooks = AgentFiles.hooks.map { "\($0.event): \($0.command)" }.joined(separator: "; ")
            changes.append(
                Change(
                    relative: AgentFiles.settingsPath, before: settingsBefore, after: Array(merged.formatted.utf8),
                    line:
                        "\(settingsBefore == nil ? "created" : "added hooks to") \(AgentFiles.settingsPath) (\(hooks))")
            )
        } else {
            outcome.lines.append("unchanged \(AgentFiles.settingsPath)")
        }

        let agentsBefore = try ProjectFile.read(target(AgentFiles.agentsPath))
        if let agents = AgentFiles.addingSection(
            to: try agentsBefore.map { bytes throws(HandoffError) in try utf8(bytes, AgentFiles.agentsPath) })
        {
            changes.append(
                Change(
                    relative: AgentFiles.agentsPath, before: agentsBefore, after: Array(agents.utf8),
                    line: "\(agentsBefore == nil ? "created" : "added the handoff section to") \(AgentFiles.agentsPath)"
                ))
        } else {
            outcome.lines.append("unchanged \(AgentFiles.agentsPath)")
        }

        if mcp, let change = try mcpChange(&outcome) { changes.append(change) }
        let clientLines = mcp ? MCPRegistration.otherClients : []

        guard !changes.isEmpty else {
            outcome.lines += clientLines
            return outcome
        }

        // Keep the originals first, so nothing is ever lost even if the run stops half-way.
        var manifest = loadManifest()
        let createdBackupFolders: [String]
        do {
            createdBackupFolders = try FileSystem.makeFolders(backupFolder, within: gitDirectory)
        } catch {
            throw HandoffError("\(error.description) — nothing was changed")
        }
        var newBackups: [String] = []
        var appliedFolders: [String] = []
        do {
            // A change happens only when init's part is missing, so `before` is the state to restore.
            for change in changes {
                manifest.files[change.relative] = change.before != nil
                if let before = change.before {
                    try FileSystem.replace(before, at: backupName(change.relative) + ".orig")
                    newBackups.append(backupName(change.relative) + ".orig")
                } else {
                    try? FileSystem.remove(backupName(change.relative) + ".orig")
                }
            }
            appliedFolders = try apply(changes)
            for change in changes {
                try FileSystem.replace(change.after ?? [], at: backupName(change.relative) + ".ours")
            }
            manifest.folders = Array(Set(manifest.folders + appliedFolders.compactMap(relative))).sorted()
            try FileSystem.replace(Array(manifest.json.formatted.utf8), at: manifestPath)
        } catch {
            for path in newBackups { try? FileSystem.remove(path) }
            FileSystem.removeFolders(createdBackupFolders)
            throw HandoffError("\(error.description) — nothing was changed")
        }
        outcome.lines = changes.map(\.line) + outcome.lines + clientLines
        return outcome
    }

    /// `.mcp.json` with the server added, or `nil` when there is nothing to add (said in `outcome`).
    func mcpChange(_ outcome: inout Outcome) throws(HandoffError) -> Change? {
        let path = MCPRegistration.path
        let before = try ProjectFile.read(target(path))
        var configuration = JSONValue.object([])
        if let before {
            let text = try utf8(before, path)
            do {
                configuration = try JSONValue.parse(text)
            } catch {
                throw HandoffError(
                    "\(path) is not valid JSON (\(error.description)); fix it and run handoff init again — nothing was changed"
                )
            }
        }
        let merged: JSONValue?
        do {
            merged = try MCPRegistration.adding(to: configuration)
        } catch {
            throw HandoffError("\(path): \(error.description); fix it and run handoff init again — nothing was changed")
        }
        guard let merged else {
            if configuration["mcpServers"]?[MCPRegistration.serverName] == MCPRegistration.entry {
                outcome.lines.append("unchanged \(path)")
            } else {
                outcome.warnings.append(
                    "\(path) has an MCP server named \(MCPRegistration.serverName) of its own; left as is")
            }
            return nil
        }
        let server = "the MCP server \(MCPRegistration.serverName): \(MCPRegistration.command)"
        return Change(
            relative: path, before: before, after: Array(merged.formatted.utf8),
            line: before == nil ? "created \(path) (\(server))" : "added \(server) to \(path)")
    }

    /// Writes every change, or none: on a failure the ones written are put back.
    /// Returns the folders it created.
    func apply(_ changes: [Change]) throws(HandoffError) -> [String] {
        var done: [Change] = []
        var folders: [String] = []
        for change in changes {
            do {
                let path = try target(change.relative)
                if change.after != nil { folders += try FileSystem.makeFolders(FileSystem.folder(of: path)) }
                try ProjectFile.put(change.after, at: path, expected: change.before)
                done.append(change)
            } catch {
                for applied in done.reversed() {
                    try? ProjectFile.put(applied.before, at: target(applied.relative), expected: applied.after)
                }
                FileSystem.removeFolders(folders)
                throw error
            }
        }
        return folders
    }

    // MARK: init --remove

    public func remove() throws(HandoffError) -> Outcome {
        var outcome = Outcome()
        var changes: [Change] = []
        let manifest = loadManifest()

        for relative in Self.managed {
            guard let current = try ProjectFile.read(target(relative)) else { continue }
            let existed = manifest.files[relative]
            let ours = try? ProjectFile.read(backupName(relative) + ".ours")
            if let existed, let ours, ours == current {
                if !existed {
                    changes.append(Change(relative: relative, before: current, after: nil, line: "removed \(relative)"))
                    continue
                }
                if let original = try? ProjectFile.read(backupName(relative) + ".orig") {
                    changes.append(
                        Change(relative: relative, before: current, after: original, line: "restored \(relative)"))
                    continue
                }
            }
            // Changed since init (or set up elsewhere): take out only what init adds.
            let createdByInit = existed == false
            switch relative {
            case AgentFiles.slashCommandPath:
                if current == Array(AgentFiles.slashCommand.utf8) {
                    changes.append(Change(relative: relative, before: current, after: nil, line: "removed \(relative)"))
                } else if existed != nil {
                    outcome.warnings.append("\(relative) was edited after handoff init; left as is")
                }
            case AgentFiles.settingsPath:
                guard let text = String(validating: current, as: UTF8.self), let settings = try? JSONValue.parse(text)
                else {
                    outcome.warnings.append("\(relative) is not valid JSON; its hooks were left as they are")
                    continue
                }
                guard let stripped = AgentFiles.removingHooks(from: settings) else { continue }
                let empty = stripped == .object([])
                changes.append(
                    Change(
                        relative: relative, before: current,
                        after: empty && createdByInit ? nil : Array(stripped.formatted.utf8),
                        line: empty && createdByInit
                            ? "removed \(relative)" : "removed the handoff hooks from \(relative)"))
            case MCPRegistration.path:
                guard let text = String(validating: current, as: UTF8.self),
                    let configuration = try? JSONValue.parse(text)
                else {
                    outcome.warnings.append("\(relative) is not valid JSON; its MCP server was left as it is")
                    continue
                }
                guard let stripped = MCPRegistration.removing(from: configuration) else { continue }
                let empty = stripped == .object([]) && createdByInit
                changes.append(
                    Change(
                        relative: relative, before: current, after: empty ? nil : Array(stripped.formatted.utf8),
                        line: empty ? "removed \(relative)" : "removed the handoff MCP server from \(relative)"))
            default:
                guard let text = String(validating: current, as: UTF8.self),
                    let stripped = AgentFiles.removingSection(from: text)
                else { continue }
                let empty = stripped.allSatisfy(\.isWhitespace)
                changes.append(
                    Change(
                        relative: relative, before: current,
                        after: empty && createdByInit ? nil : Array(stripped.utf8),
                        line: empty && createdByInit
                            ? "removed \(relative)" : "took the handoff section out of \(relative)"))
            }
        }

        _ = try apply(changes)
        FileSystem.removeFolders(manifest.folders.map(absolute))
        if FileSystem.exists(backupFolder, followingLinks: true) {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: backupFolder) {
                for name in names { try? FileSystem.remove(backupFolder + "/" + name) }
            }
            try? FileSystem.removeFolder(backupFolder)
            try? FileSystem.removeFolder(gitDirectory + "/handoff")
        }
        outcome.lines = changes.map(\.line)
        if outcome.lines.isEmpty && outcome.warnings.isEmpty { outcome.lines = ["nothing to remove"] }
        return outcome
    }

    // MARK: Bookkeeping

    /// Which files init changed (and whether each existed before), and which folders it made.
    struct Manifest {
        var files: [String: Bool] = [:]
        var folders: [String] = []

        var json: JSONValue {
            .object([
                (
                    "files",
                    .object(files.sorted { $0.key < $1.key }.map { ($0.key, .object([("existed", .bool($0.value))])) })
                ),
                ("folders", .array(folders.map { .string($0) })),
            ])
        }
    }

    func loadManifest() -> Manifest {
        var manifest = Manifest()
        guard let bytes = try? ProjectFile.read(manifestPath), let text = String(validating: bytes, as: UTF8.self),
            let json = try? JSONValue.parse(text)
        else { return manifest }
        if case .object(let files)? = json["files"] {
            for (name, entry) in files {
                if case .bool(let existed)? = entry["existed"] { manifest.files[name] = existed }
            }
        }
        manifest.folders = json["folders"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return manifest
    }

    func relative(_ path: String) -> String? {
        path.hasPrefix(workTree + "/") ? String(path.dropFirst(workTree.count + 1)) : nil
    }

    func utf8(_ bytes: [UInt8], _ name: String) throws(HandoffError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HandoffError("\(name) is not UTF-8 text; nothing was changed")
        }
        return text
    }
}
