#if canImport(Glibc)
import Glibc
#endif

/// Runs a body once per index on several threads (one per processor, at most `count`) and
/// returns the results in index order. Each body opens what it needs itself: libgit2 handles
/// are confined to their thread.
public enum ParallelMap {
    public static func map<Result>(count: Int, _ body: (Int) -> Result) -> [Result] {
        var results = [Result?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each index is written by exactly one call.
            nonisolated(unsafe) let slots = buffer
            let processors = max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
            WorkerPool.run(workers: min(processors, count), count: count) { index in slots[index] = body(index) }
        }
        return results.map { $0! }
    }
}
