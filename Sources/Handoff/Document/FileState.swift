/// How a touched file changed in the session; the raw value is the name the document shows.
public enum FileState: String, Sendable, Codable, CaseIterable {
    case committed, staged, unstaged, untracked, conflicted
    /// Only in the notes: the file has no change git knows of.
    case noted
}
