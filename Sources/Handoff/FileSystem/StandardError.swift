/// Standard error, unbuffered: where `handoff`'s messages and `handoff-mcp`'s go (the server's
/// standard output carries the protocol).
public enum StandardError {
    /// Writes one line (a newline added when missing), whole: short and interrupted writes go
    /// on (`FileDescriptor.writeAll`), so a signal never cuts a message. A failing stderr has
    /// nowhere to report to: the line is dropped.
    public static func write(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }
}
