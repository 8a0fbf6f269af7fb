@testable import BacklinePostgres
import Foundation
import Synchronization
import Testing

@Suite("A store call's deadline")
struct DeadlineTests {
    struct TimedOut: Error {}
    struct Broken: Error {}

    /// A watch that runs for the length of a test.
    func withWatch(_ body: @escaping @Sendable (DeadlineWatch) async throws -> Void) async throws {
        let watch = DeadlineWatch(resolution: .milliseconds(10))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watch.run() }
            defer { group.cancelAll() }
            try await body(watch)
        }
    }

    @Test("Work that ignores cancellation is answered at the deadline, not when it ends")
    func stubbornWork() async throws {
        try await withWatch { watch in
            let finished = Mutex(false)
            await #expect(throws: TimedOut.self) {
                try await Deadline.run(within: .milliseconds(100), watch: watch, timeout: { TimedOut() }) {
                    // Waits ten seconds whatever happens, like a query whose socket never closes: an
                    // answer that comes from elsewhere (a thread of its own), deaf to cancellation.
                    await withUnsafeContinuation { (continuation: UnsafeContinuation<Int, Never>) in
                        Thread.detachNewThread {
                            Thread.sleep(forTimeInterval: 10)
                            finished.withLock { $0 = true }
                            continuation.resume(returning: 1)
                        }
                    }
                }
            }
            #expect(finished.withLock { $0 } == false, "the caller was answered before the work ended")
        }
    }

    @Test("Work that finishes in time gives its answer, or its own error")
    func inTime() async throws {
        try await withWatch { watch in
            let answer = try await Deadline.run(within: .seconds(5), watch: watch, timeout: { TimedOut() }) { 42 }
            #expect(answer == 42)
            await #expect(throws: Broken.self) {
                try await Deadline.run(within: .seconds(5), watch: watch, timeout: { TimedOut() }) { () async throws -> Int in throw Broken() }
            }
        }
    }

    @Test("A caller that goes away is answered at once")
    func cancelled() async throws {
        try await withWatch { watch in
            let task = Task {
                try await Deadline.run(within: .seconds(30), watch: watch, timeout: { TimedOut() }) { () async throws -> Int in
                    try await Task.sleep(for: .seconds(30))
                    return 1
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
