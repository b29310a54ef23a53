import CLibGit2

/// The branch's upstream and how far apart the two are.
struct Tracking {
    /// The upstream as `git status` names it (`origin/main`).
    var name: String
    /// `nil` when the upstream ref is gone or the branch has no commit yet.
    var ahead: Int?
    var behind: Int?
}

/// Finds the upstream from `branch.<name>.remote` and `.merge`, as git does.
struct UpstreamReader {
    let repository: Repository

    func read(head: HeadState) throws(GitStateError) -> Tracking? {
        guard let reference = head.reference, reference.hasPrefix("refs/heads/") else { return nil }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_branch_upstream_name(&buffer, repository.pointer, reference) == 0, let raw = buffer.ptr else {
            return nil
        }
        let upstreamReference = String(cString: raw)
        let name = ReferenceName.shortened(upstreamReference) { exists($0) }
        var upstreamOID = git_oid()
        guard git_reference_name_to_id(&upstreamOID, repository.pointer, upstreamReference) == 0,
            let local = head.oid
        else {
            return Tracking(name: name, ahead: nil, behind: nil)
        }
        guard let counts = try? AheadBehind(repository: repository).count(local: local, upstream: upstreamOID) else {
            return Tracking(name: name, ahead: nil, behind: nil)
        }
        return Tracking(name: name, ahead: counts.ahead, behind: counts.behind)
    }

    private func exists(_ name: String) -> Bool {
        var oid = git_oid()
        return git_reference_name_to_id(&oid, repository.pointer, name) == 0
    }
}

/// git's `shorten_unambiguous_ref`: the shortest name that still names the ref.
enum ReferenceName {
    /// git's rev-parse rules as (prefix, suffix) around the short name, most specific last.
    private static let rules: [(prefix: String, suffix: String)] = [
        ("", ""), ("refs/", ""), ("refs/tags/", ""), ("refs/heads/", ""), ("refs/remotes/", ""),
        ("refs/remotes/", "/HEAD"),
    ]

    static func shortened(_ reference: String, exists: (String) -> Bool) -> String {
        for index in stride(from: rules.count - 1, to: 0, by: -1) {
            guard let short = match(reference, rule: rules[index]) else { continue }
            let ambiguous = (0..<index).contains { other in
                exists(rules[other].prefix + short + rules[other].suffix)
            }
            if !ambiguous { return short }
        }
        return reference
    }

    private static func match(_ reference: String, rule: (prefix: String, suffix: String)) -> String? {
        let bytes = Array(reference.utf8)
        let prefix = Array(rule.prefix.utf8)
        let suffix = Array(rule.suffix.utf8)
        guard bytes.count > prefix.count + suffix.count, bytes.starts(with: prefix),
            bytes.reversed().starts(with: suffix.reversed())
        else { return nil }
        return String(decoding: bytes[prefix.count..<(bytes.count - suffix.count)], as: UTF8.self)
    }
}
