#if canImport(Glibc)
import Glibc
#endif

/// A folder of this process's own (in /dev/shm when there is one, so writing an input costs no
/// disk I/O) for the parsers that read files: inputs are written there under the names they read.
enum ScratchFolder {
    static let path: String = {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        let path = "\(base)/handoff-fuzz-\(getpid())"
        mkdir(path, 0o700)
        atexit { removeAll(ScratchFolder.path) }
        return path
    }()

    /// Writes `bytes` to `name` in the folder (making its parent folders) and returns the file's path.
    @discardableResult
    static func write(_ bytes: some Collection<UInt8>, to name: String) -> String {
        let file = path + "/" + name
        var folder = ""
        for part in name.split(separator: "/").dropLast() {
            folder += "/" + part
            mkdir(path + folder, 0o700)
        }
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { FuzzCheck.fail("cannot write \(file)") }
        let array = Array(bytes)
        var written = 0
        while written < array.count {
            let result = array.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, array.count - written)
            }
            guard result > 0 else { FuzzCheck.fail("cannot write \(file)") }
            written += result
        }
        close(descriptor)
        return file
    }

    /// Empties `folder` (one level of subfolders, as the targets make).
    static func removeAll(_ folder: String, removingFolder: Bool = true) {
        if let directory = opendir(folder) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let child = folder + "/" + name
                if unlink(child) != 0 { removeAll(child) }
            }
            closedir(directory)
        }
        if removingFolder { rmdir(folder) }
    }
}
