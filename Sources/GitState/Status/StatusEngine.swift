/// Which implementation computes status and numstat.
enum StatusEngine {
    /// The scanning engine (`ScanStatusEngine`) where the repository allows it, libgit2's diffs otherwise.
    case automatic
    /// libgit2's index and diffs throughout (`HANDOFF_ENGINE=libgit2`).
    case libgit2
}
