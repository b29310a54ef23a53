/// Reads status and both numstats with the engine asked for: `ScanStatusEngine` unless the
/// repository needs something only libgit2's diffs do (`DiffStatusEngine`).
struct StatusReader {
    let repository: Repository
    /// `--path`: the part of the work tree read and reported.
    var scope: PathScope? = nil

    func read(head: HeadState, engine: StatusEngine = .automatic) throws(GitStateError) -> WorkingTreeChanges {
        if engine != .libgit2 && ScanStatusEngine.isEligible(repository) {
            let file = try Trace.measure("index parse") { () throws(GitStateError) -> IndexFile in
                try IndexLoader(repository: repository).read()
            }
            return try ScanStatusEngine(
                repository: repository, index: file, scope: scope?.matchingDirectories(in: file)
            ).read(head: head)
        }
        return try DiffStatusEngine(repository: repository, scope: scope).read(head: head)
    }
}
