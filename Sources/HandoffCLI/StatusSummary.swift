import GitState

/// The short human-readable form of `handoff status`.
struct StatusSummary {
    let snapshot: RepositorySnapshot

    var text: String {
        var lines: [String] = []
        lines.append(branchLine)
        if snapshot.state != .none { lines.append("operation: \(snapshot.state.rawValue) in progress") }
        if let status = snapshot.status {
            if status.isEmpty {
                lines.append("working tree clean")
            } else {
                let staged = status.filter(\.isStaged).count
                let unstaged = status.filter(\.isUnstaged).count
                let untracked = status.filter(\.isUntracked).count
                let conflicted = status.filter(\.isConflicted).count
                var parts = ["\(staged) staged", "\(unstaged) unstaged", "\(untracked) untracked"]
                if conflicted > 0 { parts.append("\(conflicted) conflicted") }
                lines.append("changes: " + parts.joined(separator: ", "))
                for entry in status.prefix(20) {
                    let origin = entry.orig.map { " (from \($0))" } ?? ""
                    lines.append("  \(entry.xy) \(entry.path)\(origin)")
                }
                if status.count > 20 { lines.append("  … and \(status.count - 20) more") }
            }
        } else {
            lines.append("bare repository: no work tree")
        }
        if snapshot.stash > 0 { lines.append("stash: \(snapshot.stash)") }
        if snapshot.shallow { lines.append("shallow clone: history is cut off") }
        if !snapshot.log.isEmpty {
            lines.append("recent commits:")
            for commit in snapshot.log { lines.append("  \(commit.shortOID) \(commit.summary)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var branchLine: String {
        var line: String
        if let branch = snapshot.branch {
            line = "on branch \(branch)"
            if snapshot.unborn { line += " (no commits yet)" }
        } else {
            line = "HEAD detached at \(snapshot.head?.short ?? "?")"
        }
        if let upstream = snapshot.upstream {
            if let ahead = snapshot.ahead, let behind = snapshot.behind {
                line += ", tracking \(upstream) (ahead \(ahead), behind \(behind))"
            } else {
                line += ", tracking \(upstream) (gone)"
            }
        }
        return line
    }
}
