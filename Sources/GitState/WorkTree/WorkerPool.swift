import CPlatform
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a body for every index of a range on the threads the caller asks for (more when calls
/// wait, see `run(workers:growingTo:count:allowance:_:)`), each taking the next index as it
/// finishes one.
///
/// Unlike `DispatchQueue.concurrentPerform`, which uses one thread per core, the number of
/// threads is the caller's: a work-tree scan waits on the disk when the cache is cold, and
/// like git's preloading (up to 20 threads) it keeps several requests in flight then.
enum WorkerPool {
    /// Calls `body` once for each of `0..<count`, on `workers` threads (the caller's among them),
    /// and returns when every call has returned.
    static func run(workers: Int, count: Int, _ body: (Int) -> Void) {
        run(workers: workers, growingTo: workers, count: count, allowance: { _ in .max }, body)
    }

    /// The same, starting with `workers` threads and going up to `maximum` as soon as a call
    /// takes longer than its `allowance` (in nanoseconds) and its thread waited meanwhile (for a
    /// disk, typically): a thread that merely lost its processor to another for a while adds none.
    static func run(
        workers: Int, growingTo maximum: Int, count: Int, allowance: (Int) -> UInt64, _ body: (Int) -> Void
    ) {
        guard count > 0 else { return }
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(allowance) { allowance in
                let first = min(max(workers, 1), count)
                let job = Job(
                    count: count, maximumThreads: min(max(maximum, first), count), grows: maximum > first,
                    allowance: allowance, body: body)
                // No thread, no problem: the ones there are (at least this one) do the work.
                for _ in 1..<first { job.startThread() }
                job.work()
                job.joinThreads()
            }
        }
    }

    /// Runs `elsewhere` on a thread of its own while this thread runs `here`, and returns when
    /// both have. What `here` allocates stays on this thread's heap (glibc gives each thread
    /// an arena of its own, and memory a large scan's plan leaves in another arena raises the
    /// peak).
    static func run(elsewhere: () -> Void, here: () -> Void) {
        withoutActuallyEscaping(elsewhere) { escapable in
            let job = Job(count: 1, maximumThreads: 2, grows: false, allowance: { _ in .max }) { _ in escapable() }
            // No thread: both run here, one after the other.
            if !job.startThread() { job.work() }
            here()
            job.joinThreads()
        }
    }

    /// The shared state of one run: the next index to take, what to do with it, and the
    /// threads working on it (this one aside).
    private final class Job: @unchecked Sendable {
        let next = Atomic<Int>(0)
        let count: Int
        let body: (Int) -> Void
        let allowance: (Int) -> UInt64
        /// Threads at work, the one that created the job included, and how many there may be.
        private let threads = Atomic<Int>(1)
        private let maximumThreads: Int
        /// Whether calls that wait start more threads (more may start than the first ones).
        private let grows: Bool
        private let started = Mutex<[pthread_t]>([])

        init(
            count: Int, maximumThreads: Int, grows: Bool, allowance: @escaping (Int) -> UInt64,
            body: @escaping (Int) -> Void
        ) {
            self.count = count
            self.maximumThreads = maximumThreads
            self.grows = grows
            self.allowance = allowance
            self.body = body
        }

        func work() {
            // How often this thread had waited when last asked (only asked when it may matter).
            var waits = grows ? handoff_thread_waits() : 0
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= count { return }
                let start = grows ? Self.nanoseconds() : 0
                body(index)
                guard grows, Self.nanoseconds() &- start > allowance(index),
                    threads.load(ordering: .relaxed) < maximumThreads
                else { continue }
                let now = handoff_thread_waits()
                // One call that waited for the disk says the others will too (a cold cache is
                // cold throughout): all the threads there may be start at once.
                if now > waits { while next.load(ordering: .relaxed) < count && startThread() {} }
                waits = now
            }
        }

        static func nanoseconds() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }

        /// Starts one more thread on this job, unless there are as many as there may be; false
        /// when none was started. Each starts on the next processor round from its starter's
        /// (see `handoff_thread_create`): the first one never waits for the starter's own.
        @discardableResult
        func startThread() -> Bool {
            let slot = threads.wrappingAdd(1, ordering: .relaxed).oldValue
            guard slot < maximumThreads else {
                threads.wrappingSubtract(1, ordering: .relaxed)
                return false
            }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let code = handoff_thread_create(
                &thread,
                { context in
                    Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().work()
                    return nil
                }, context, UInt32(slot - 1))
            guard code == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                threads.wrappingSubtract(1, ordering: .relaxed)
                return false
            }
            started.withLock { $0.append(thread) }
            return true
        }

        /// Waits for every thread started on this job, including those started meanwhile (only
        /// a running thread starts another, so once all known ones have ended, none is left).
        func joinThreads() {
            while let thread = started.withLock({ $0.popLast() }) { pthread_join(thread, nil) }
        }
    }
}
