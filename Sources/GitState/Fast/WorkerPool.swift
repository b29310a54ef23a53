import CLibGit2
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a body for every index of a range on a fixed number of threads, each taking the
/// next index as it finishes one.
///
/// Unlike `DispatchQueue.concurrentPerform`, which uses one thread per core, the number of
/// threads is the caller's: a work-tree scan waits on the disk when the cache is cold, and
/// like git's preloading (up to 20 threads) it keeps several requests in flight then.
enum WorkerPool {
    /// Calls `body` once for each of `0..<count`, on `workers` threads (the caller's among them),
    /// and returns when every call has returned.
    static func run(workers: Int, count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        withoutActuallyEscaping(body) { escapable in
            let job = Job(count: count, body: escapable)
            // No thread, no problem: the ones there are (at least this one) do the work.
            let threads = (1..<min(max(workers, 1), count)).compactMap { slot in startThread(working: job, slot: slot - 1) }
            job.work()
            for thread in threads { pthread_join(thread, nil) }
        }
    }

    /// Runs `elsewhere` on a thread of its own while this thread runs `here`, and returns when
    /// both have. What `here` allocates stays on this thread's heap (glibc gives each thread
    /// an arena of its own, and memory a large scan's plan leaves in another arena raises the
    /// peak).
    static func run(elsewhere: () -> Void, here: () -> Void) {
        withoutActuallyEscaping(elsewhere) { escapable in
            let job = Job(count: 1, body: { _ in escapable() })
            let thread = startThread(working: job, slot: 0)
            // No thread: both run here, one after the other.
            if thread == nil { job.work() }
            here()
            if let thread { pthread_join(thread, nil) }
        }
    }

    /// A new thread working on `job`, or `nil` when none could be started. It starts on the
    /// `slot`-th processor counting from the one after this thread's (see `handoff_thread_create`):
    /// the first one started never waits for this thread's processor.
    private static func startThread(working job: Job, slot: Int) -> pthread_t? {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = handoff_thread_create(
            &thread,
            { context in
                Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().work()
                return nil
            }, context, UInt32(slot))
        guard started == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// The shared state of one run: the next index to take, and what to do with it.
    private final class Job: @unchecked Sendable {
        let next = Atomic<Int>(0)
        let count: Int
        let body: (Int) -> Void

        init(count: Int, body: @escaping (Int) -> Void) {
            self.count = count
            self.body = body
        }

        func work() {
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= count { return }
                body(index)
            }
        }
    }
}
