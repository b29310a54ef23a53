import GitState

/// The parts of the Markdown written only when nobody is watching: the pre-push hook's Push
/// section, and CI mode's build, branch source and shallow-history lines.
extension MarkdownRenderer {
    /// `- **Remote**: …` then one item per pushed ref with its commits; `nil` outside the hook.
    var pushBody: String? {
        guard let push = document.push else { return nil }
        var lines: [String] = []
        let remote =
            push.remote == push.url
            ? MarkdownText.code(push.url) : "\(MarkdownText.code(push.remote)) (\(MarkdownText.code(push.url)))"
        lines.append("- **Remote**: " + remote)
        if push.refs.isEmpty { lines.append("- Nothing to push") }
        for ref in push.refs {
            let update = ref.update
            let local = MarkdownText.code(Self.shortRef(update.localRef))
            let target = MarkdownText.code(Self.shortRef(update.remoteRef))
            let count = ref.commits.count
            let commits = "\(ref.complete ? "" : "the newest ")\(count) \(count == 1 ? "commit" : "commits")"
            var line: String
            switch ref.kind {
            case .delete:
                line =
                    "- \(target): **deleted** on the remote (was \(MarkdownText.code(ObjectID.short(update.remoteOID))))"
            case .new:
                line = "- \(local) → \(target) (new): \(commits)"
            case .update:
                line = "- \(local) → \(target) (\(Self.range(update))): \(commits)"
            }
            if let remark = ref.remark { line += " — \(MarkdownText.inline(remark))" }
            lines.append(line)
            for commit in ref.commits {
                lines.append("  - \(MarkdownText.code(commit.shortOID)) \(MarkdownText.inline(commit.summary))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The Status lines for shallow history and the CI build.
    var buildLines: [String] {
        var lines: [String] = []
        if document.git.shallow {
            lines.append("- **History**: shallow clone — the log and ahead/behind stop at the shallow boundary")
        }
        if let build = document.build, build.provider != nil || build.buildID != nil {
            var text = build.provider ?? "CI"
            if let id = build.buildID {
                text += " build \(MarkdownText.code(id))" + (build.buildIDVariable.map { " (`\($0)`)" } ?? "")
            }
            lines.append("- **Build**: " + text)
        }
        return lines
    }

    /// `` `feature` (from `GITHUB_HEAD_REF`; HEAD detached at `abc1234`) ``.
    func ciBranchText(_ branch: CIBranch) -> String {
        "\(MarkdownText.code(branch.name)) (from `\(branch.variable)`; HEAD detached at \(MarkdownText.code(document.git.shortHead ?? "?")))"
    }

    static func shortRef(_ ref: String) -> String {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
    }

    static func range(_ update: PushUpdate) -> String {
        "`\(ObjectID.short(update.remoteOID))..\(ObjectID.short(update.localOID))`"
    }
}
