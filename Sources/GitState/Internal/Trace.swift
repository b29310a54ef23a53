#if canImport(Glibc)
import Glibc
#endif

/// Phase timings on stderr when `HANDOFF_TRACE` is set: a profiling aid for the
/// benchmark, silent otherwise.
enum Trace {
    static let enabled = getenv("HANDOFF_TRACE") != nil

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// Runs `body`, printing how long it took under `label`.
    static func measure<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        let start = now()
        let result = try body()
        let line = "trace: \(label) \(Int((now() - start) * 10) / 10) ms, \(residentMegabytes()) MB resident\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        return result
    }

    /// The process's resident set now (the second field of `/proc/self/statm`, in pages), in megabytes.
    static func residentMegabytes() -> Int {
        guard let text = FilePath.readText("/proc/self/statm") else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }

    /// Prints one line, prefixed like the timings.
    static func note(_ message: String) {
        guard enabled else { return }
        let line = "trace: \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
