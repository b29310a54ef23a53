/// The wrap-up checklist with its verdict: ready when no blocking check found anything.
public struct WrapUpReport: Sendable, Equatable {
    /// `main at abc1234`, `detached at abc1234`, `main (no commits yet)`.
    public var place: String
    /// Where the session's diff starts, as a handoff names it.
    public var base: SessionBase
    public var items: [WrapUpItem]
    /// A conventional-commit message for what is uncommitted; `nil` when nothing is.
    public var commitMessage: String?

    public init(place: String, base: SessionBase, items: [WrapUpItem], commitMessage: String?) {
        self.place = place
        self.base = base
        self.items = items
        self.commitMessage = commitMessage
    }

    public var blocking: [WrapUpItem] { items.filter { $0.status == .block } }
    public var warnings: [WrapUpItem] { items.filter { $0.status == .warn } }
    public var isReady: Bool { blocking.isEmpty }

    /// 0 ready, 1 something to do (2, an error, is the caller's).
    public var exitStatus: Int32 { isReady ? 0 : 1 }

    /// One line: "Not ready: 2 to do (uncommitted, unpushed); 1 to look at (todos)."
    public var verdict: String {
        let todo = blocking.map(\.check.rawValue)
        let look = warnings.map(\.check.rawValue)
        let lookPart = look.isEmpty ? "" : "\(look.count) to look at (\(look.joined(separator: ", ")))"
        if todo.isEmpty {
            return look.isEmpty ? "Ready: nothing left to do." : "Ready, with \(lookPart)."
        }
        return "Not ready: \(todo.count) to do (\(todo.joined(separator: ", ")))"
            + (look.isEmpty ? "." : "; \(lookPart).")
    }
}
