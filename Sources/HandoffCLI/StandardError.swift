import Handoff

extension StandardError {
    /// `handoff: warning: <text>`.
    static func warn(_ text: String) {
        write("handoff: warning: \(text)")
    }
}
