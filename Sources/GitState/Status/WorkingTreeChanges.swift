import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Status and both numstats, computed from one diff of HEAD against the index
/// and one of the index against the work tree.
struct WorkingTreeChanges {
    var status: [StatusEntry]
    var staged: [LineCounts]
    var unstaged: [LineCounts]
}
