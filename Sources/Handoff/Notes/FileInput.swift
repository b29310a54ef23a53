import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole input file, or standard input for `-`, with a one-line error when it cannot.
public enum FileInput {
    /// The most handoff reads from a notes file or from standard input (16 MiB): a handoff is
    /// read by a person or an agent in a minute, and a larger notes file is a mistake (a log
    /// piped in, the wrong file). Reading stops there, so memory stays bounded whatever the input.
    public static let notesLimit = 16 << 20

    /// The most handoff reads from a section template (1 MiB).
    public static let templateLimit = 1 << 20

    public static func read(_ path: String, atMost limit: Int = .max) throws(HandoffError) -> Data {
        if path == "-" {
            return try bounded(FileDescriptor.standardInput.readAll(atMost: limit), "standard input", limit)
        }
        let descriptor: FileDescriptor
        do throws(Errno) {
            descriptor = try .open(path, O_RDONLY)
        } catch  where error == .noSuchFileOrDirectory {
            throw HandoffError("\(path): no such file")
        } catch {
            throw HandoffError(path, error)
        }
        defer { try? descriptor.close() }
        if descriptor.isFolder { throw HandoffError("\(path): is a folder, not a file") }
        return try bounded(descriptor.readAll(atMost: limit), path, limit)
    }

    public static func readText(_ path: String, atMost limit: Int = .max) throws(HandoffError) -> String {
        let data = try read(path, atMost: limit)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw HandoffError("\(path == "-" ? "standard input" : path): not UTF-8 text")
        }
        return text
    }

    private static func bounded(_ data: Data?, _ name: String, _ limit: Int) throws(HandoffError) -> Data {
        guard let data else {
            throw HandoffError("\(name): larger than \(limit >> 20) MiB, the most handoff reads from it")
        }
        return data
    }
}
