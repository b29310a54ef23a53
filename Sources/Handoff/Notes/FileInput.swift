import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole input file, or standard input for `-`, with a one-line error when it cannot.
public enum FileInput {
    public static func read(_ path: String) throws(HandoffError) -> Data {
        if path == "-" { return readAll(from: 0) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw HandoffError("\(path): \(code == ENOENT ? "no such file" : String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw HandoffError("\(path): is a folder, not a file")
        }
        return readAll(from: descriptor)
    }

    public static func readText(_ path: String) throws(HandoffError) -> String {
        let data = try read(path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw HandoffError("\(path == "-" ? "standard input" : path): not UTF-8 text")
        }
        return text
    }

    static func readAll(from descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 65536) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
