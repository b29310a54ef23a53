import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole input file, or standard input for `-`, with a one-line error when it cannot.
public enum FileInput {
    public static func read(_ path: String) throws(HandoffError) -> Data {
        if path == "-" { return FileDescriptor.standardInput.readAll() }
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
        return descriptor.readAll()
    }

    public static func readText(_ path: String) throws(HandoffError) -> String {
        let data = try read(path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw HandoffError("\(path == "-" ? "standard input" : path): not UTF-8 text")
        }
        return text
    }
}
