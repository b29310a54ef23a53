/// Fits a rendered document within `--max-chars` by leaving sections out.
///
/// Sections go in this order until the text fits: Uncommitted Diff, Learnings Captured,
/// Gotchas, Files Touched, What's Done, Status, Key Decisions Made, What's Pending,
/// What's In Progress, Push (the pre-push hook's). So what is kept longest is, in order: the
/// Resume Command (never cut), Push, In Progress, Pending, Decisions. The document names what was cut.
public struct BudgetFitter {
    public static let cutOrder: [DocumentSection] = [
        .diff, .learnings, .gotchas, .files, .done, .status, .decisions, .pending, .inProgress, .push,
    ]

    public var limit: Int
    /// The sections the document has; only these are cut (and named as cut).
    public var present: Set<DocumentSection>

    public init(limit: Int, present: Set<DocumentSection> = Set(DocumentSection.allCases)) {
        self.limit = limit
        self.present = present
    }

    /// `render` receives the sections to leave out; returns the first rendering that fits.
    public func fit(_ render: ([DocumentSection]) throws(HandoffError) -> String) throws(HandoffError) -> String {
        var omitted: [DocumentSection] = []
        var text = try render(omitted)
        if text.count <= limit { return text }
        for section in Self.cutOrder where present.contains(section) {
            omitted.append(section)
            text = try render(omitted)
            if text.count <= limit { return text }
        }
        throw HandoffError(
            "--max-chars \(limit) is too small: the resume command and the warnings alone take \(text.count) characters"
        )
    }
}
