#if canImport(Glibc)
import Glibc
#endif

enum StandardError {
    /// Writes one line to stderr, unbuffered.
    static func write(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// `handoff: warning: <text>`.
    static func warn(_ text: String) {
        write("handoff: warning: \(text)")
    }
}
