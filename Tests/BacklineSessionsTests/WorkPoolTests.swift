import BacklineSessions
import Foundation
import Synchronization
import Testing

/// The pool that keeps CPU-heavy work off the request threads: answers by the deadline, refuses
/// past its queue, and never starts a job whose caller has gone.
@Suite struct WorkPoolTests {
    /// Holds a thread until released, so a test can fill the pool.
    final class Gate: Sendable {
        private let open = Mutex(false)
        func release() { open.withLock { $0 = true } }
        func wait() { while !open.withLock({ $0 }) { usleep(1000) } }
    }

    @Test func returnsTheJobsResultAndError() async throws {
        let pool = WorkPool(threads: 2, queueLimit: 4, deadline: .seconds(5))
        #expect(try await pool.run { 6 * 7 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await pool.run { () throws -> Int in throw Refused() } }
    }

    @Test func jobsThatHoldTheirThreadsLeaveTheRequestThreadsFree() async throws {
        // As many blocked jobs as the machine has cores: on Swift's cooperative pool (a thread a
        // core) nothing else could run until they end.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let pool = WorkPool(threads: cores, queueLimit: 0, deadline: .seconds(30))
        let gate = Gate()
        let jobs = (0..<cores).map { _ in Task { try await pool.run { gate.wait() } } }
        while pool.load.running != cores { try await Task.sleep(for: .milliseconds(5)) }
        // Every other task finishes while the jobs still hold their threads (the gate opens below).
        let answers = await withTaskGroup(of: Int.self) { group in
            for number in 0..<(4 * cores) { group.addTask { await Task.yield(); return number } }
            return await group.reduce(0, +)
        }
        #expect(answers == (0..<(4 * cores)).reduce(0, +))
        gate.release()
        for job in jobs { try await job.value }
    }

    @Test func heavyInputsQueueInALaneOfTheirOwn() async throws {
        let pool = WorkPool(threads: 2, queueLimit: 1, deadline: .seconds(30))
        let heavy = WorkPool.heavyInputBytes
        let gate = Gate()
        // The heavy lane has one thread here: one heavy job holds it, one more waits, a third is refused.
        let holding = Task { try await pool.run(inputBytes: heavy) { gate.wait() } }
        try await Task.sleep(for: .milliseconds(50))
        let waiting = Task { try await pool.run(inputBytes: heavy) { 1 } }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: WorkPoolError.busy(queueLimit: 1)) { try await pool.run(inputBytes: heavy * 4) { 2 } }
        // An everyday request is answered while every heavy one still waits for the gate.
        #expect(try await pool.run(inputBytes: 2_000) { 3 } == 3)
        #expect(pool.load == (0, 0), "the light lane is idle again: nothing heavy ran there")
        gate.release()
        try await holding.value
        #expect(try await waiting.value == 1)
    }

    @Test func aFullQueueIsRefusedAtOnce() async throws {
        let pool = WorkPool(threads: 1, queueLimit: 1, deadline: .seconds(10))
        let gate = Gate()
        let busy = Task { try await pool.run { gate.wait() } }
        while pool.load.running != 1 { try await Task.sleep(for: .milliseconds(5)) }
        let queued = Task { try await pool.run { 1 } }
        while pool.load != (1, 1) { try await Task.sleep(for: .milliseconds(5)) }
        // Refused while the running job still holds the only thread: the caller did not wait for it.
        await #expect(throws: WorkPoolError.busy(queueLimit: 1)) { try await pool.run { 2 } }
        gate.release()
        try await busy.value
        #expect(try await queued.value == 1)
    }

    @Test func theCallerIsAnsweredByTheDeadline() async throws {
        let pool = WorkPool(threads: 1, queueLimit: 4, deadline: .milliseconds(200))
        let gate = Gate()
        let started = ContinuousClock.now
        await #expect(throws: WorkPoolError.deadline(.milliseconds(200))) { try await pool.run { gate.wait() } }
        // Answered while the job still holds its thread (the gate opens only below), and not before
        // the deadline.
        #expect(started.duration(to: .now) >= .milliseconds(200))
        gate.release()
    }

    @Test func aQueuedJobWhoseCallerLeftNeverRuns() async throws {
        let pool = WorkPool(threads: 1, queueLimit: 4, deadline: .seconds(10))
        let gate = Gate()
        let ran = Mutex(false)
        let busy = Task { try await pool.run { gate.wait() } }
        while pool.load.running != 1 { try await Task.sleep(for: .milliseconds(5)) }
        let leaving = Task { try await pool.run { ran.withLock { $0 = true } } }
        while pool.load.waiting != 1 { try await Task.sleep(for: .milliseconds(5)) }
        leaving.cancel()
        await #expect(throws: CancellationError.self) { try await leaving.value }
        gate.release()
        try await busy.value
        // The thread drained the queue: the cancelled job was skipped, and the pool is idle.
        while pool.load != (0, 0) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(ran.withLock { $0 } == false)
    }
}
