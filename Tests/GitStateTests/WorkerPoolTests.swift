import Foundation
import Testing

@testable import GitState

/// The scan's thread pool: every index exactly once, and more threads only when calls wait.
@Suite struct WorkerPoolTests {
    /// Runs `count` calls of `body`; returns how many times each index ran, and the thread that ran it.
    static func threads(
        workers: Int, growingTo maximum: Int, count: Int, allowance: UInt64, _ body: @escaping () -> Void
    ) -> (runs: [Int], threads: [pthread_t]) {
        // Written without a lock or an allocation, either of which could make a thread wait.
        let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let threads = UnsafeMutableBufferPointer<pthread_t>.allocate(capacity: count)
        runs.initialize(repeating: 0)
        threads.initialize(repeating: 0)
        defer {
            runs.deallocate()
            threads.deallocate()
        }
        let slots = Unchecked((runs, threads))
        WorkerPool.run(workers: workers, growingTo: maximum, count: count, allowance: { _ in allowance }) { index in
            // Each call writes only its own slots.
            slots.value.0[index] += 1
            slots.value.1[index] = pthread_self()
            body()
        }
        return (Array(runs), Array(threads))
    }

    @Test func callsThatWaitAddThreadsUpToTheMaximum() {
        let ran = Self.threads(workers: 1, growingTo: 4, count: 60, allowance: 0) { usleep(2000) }
        #expect(ran.runs.allSatisfy { $0 == 1 }, "every index ran exactly once")
        #expect(Set(ran.threads).count == 4)
    }

    @Test func callsThatOnlyWorkKeepTheFirstThreads() {
        // Busy for about a millisecond, past the allowance, without ever waiting.
        let ran = Self.threads(workers: 2, growingTo: 8, count: 60, allowance: 0) {
            let end = DispatchTime.now().uptimeNanoseconds + 1_000_000
            while DispatchTime.now().uptimeNanoseconds < end {}
        }
        #expect(ran.runs.allSatisfy { $0 == 1 }, "every index ran exactly once")
        #expect(Set(ran.threads).count <= 2)
    }

    @Test func callsWithinTheirAllowanceKeepTheFirstThreads() {
        let ran = Self.threads(workers: 1, growingTo: 4, count: 20, allowance: 1_000_000_000) { usleep(1000) }
        #expect(ran.runs.allSatisfy { $0 == 1 })
        #expect(Set(ran.threads).count == 1)
    }

    @Test func theFixedPoolRunsEveryIndexOnce() {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 10_000)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        let slots = Unchecked(counts)
        WorkerPool.run(workers: 8, count: 10_000) { slots.value[$0] += 1 }
        #expect(counts.allSatisfy { $0 == 1 })
    }
}
