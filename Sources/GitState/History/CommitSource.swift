import CLibGit2

/// Answers the one question a history walk asks of every commit it meets, "what are
/// its parents and committer time?": from git's commit-graph where git would read it,
/// else (no graph, or a commit made after it was written) from the commit object.
struct CommitSource {
    /// The repository's commit-graph, when git would use it.
    let graph: CommitGraph?
    private let odb: Handle
    private let gitDirectory: String

    init(repository: Repository) throws(GitStateError) {
        odb = try makeHandle(path: repository.gitDirectory, free: git_odb_free) {
            git_repository_odb($0, repository.pointer)
        }
        gitDirectory = repository.gitDirectory
        graph =
            CommitGraphPolicy.allows(repository)
            ? CommitGraph.load(objectDirectory: CommitGraphPolicy.objectDirectory(of: repository)) : nil
        if Trace.enabled {
            let layers = graph.map { "\($0.commitCount) commits in \($0.layers.count) layers" }
            Trace.note("commit-graph: \(layers ?? "none")")
        }
    }

    /// The parents and time of `commit`: from the graph (at the position its child's entry
    /// gave, else found by its id), else from its object.
    func commit(_ commit: CommitLink) throws(GitStateError) -> QueuedCommit {
        if let graph, let position = commit.position ?? graph.position(of: commit.oid),
            let found = graph.commit(at: position)
        {
            return QueuedCommit(oid: commit.oid, time: found.time, parents: found.parents)
        }
        let header = try object(commit.oid)
        return QueuedCommit(oid: commit.oid, time: header.time, parents: header.parents.map { CommitLink(oid: $0) })
    }

    /// Reads only the header of the raw object: several times cheaper than libgit2's
    /// full commit parse on long walks.
    private func object(_ oid: git_oid) throws(GitStateError) -> CommitHeader {
        var id = oid
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, odb.pointer, &id), kind: .missingObject, path: gitDirectory)
        guard let object else {
            throw GitStateError(kind: .missingObject, message: "object \(oid.hex) not found", path: gitDirectory)
        }
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
            throw GitStateError(kind: .missingObject, message: "\(oid.hex) is not a commit", path: gitDirectory)
        }
        return CommitHeader(UnsafeRawBufferPointer(start: data, count: git_odb_object_size(object)))
    }
}

/// A commit as its child names it: the id, and where the commit-graph keeps it when
/// the child was read from the graph (then reading this one takes no search).
struct CommitLink: Equatable {
    let oid: git_oid
    var position: Int? = nil

    static func == (lhs: CommitLink, rhs: CommitLink) -> Bool { lhs.oid == rhs.oid && lhs.position == rhs.position }
}

/// The parent ids and committer time of a raw commit object.
struct CommitHeader {
    var parents: [git_oid] = []
    var time: Int64 = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: 0x0a) else { break }
            if end == start { break }  // the blank line before the message
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if line.starts(with: CommitHeader.parent), line.count >= 47 {
                var oid = git_oid()
                let hex = UnsafeRawBufferPointer(rebasing: line[7..<47])
                if git_oid_fromstrn(&oid, hex.baseAddress!.assumingMemoryBound(to: CChar.self), 40) == 0 {
                    parents.append(oid)
                }
            } else if line.starts(with: CommitHeader.committer) {
                // "committer Name <email> 1700000000 +0100": the number before the zone.
                let fields = line.split(separator: 0x20)
                if fields.count >= 2 {
                    time = Int64(String(decoding: fields[fields.count - 2], as: UTF8.self)) ?? 0
                }
            }
            start = end + 1
        }
    }

    static let parent = Array("parent ".utf8)
    static let committer = Array("committer ".utf8)
}
