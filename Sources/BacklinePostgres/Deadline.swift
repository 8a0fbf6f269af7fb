import ServiceLifecycle
import Synchronization

/// Runs work with a deadline that holds even when the work does not: at the deadline the caller
/// gets `timeout()` and the work is cancelled, without waiting for it to notice.
///
/// A task group would not do: it returns only once every child has finished, and a query on a
/// connection whose server went away can ignore cancellation for as long as the socket stays open,
/// which held requests (and the server's graceful shutdown) forever. Deadlines are kept by one
/// ``DeadlineWatch`` rather than a sleeping task each: a cancelled sleep holds its timer until it
/// would have fired, and thousands of store calls a second made that a cost.
enum Deadline {
    static func run<T: Sendable>(
        within deadline: Duration, watch: DeadlineWatch, timeout: @escaping @Sendable () -> any Error,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.start(continuation)
                let ticket = watch.watch(until: ContinuousClock.now + deadline) { race.finish(.failure(timeout())) }
                let work = Task {
                    do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
                    watch.forget(ticket)
                }
                race.hold(work)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The first of the work, the deadline and the caller's cancellation to finish answers; the
    /// others find nothing left to answer.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var work: Task<Void, Never>?
            var answered = false
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            let answered = state.withLock { state in
                if !state.answered { state.continuation = continuation }
                return state.answered
            }
            // Cancelled before it began.
            if answered { continuation.resume(throwing: CancellationError()) }
        }

        /// The work, to cancel if it loses; cancelled at once if the race is over.
        func hold(_ work: Task<Void, Never>) {
            let answered = state.withLock { state in
                if !state.answered { state.work = work }
                return state.answered
            }
            if answered { work.cancel() }
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, work) = state.withLock { state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?) in
                guard !state.answered else { return (nil, nil) }
                state.answered = true
                defer {
                    state.continuation = nil
                    state.work = nil
                }
                return (state.continuation, state.work)
            }
            work?.cancel()
            continuation?.resume(with: result)
        }
    }
}

/// Keeps the deadlines of a store's calls: every tenth of a second it expires those that have passed.
/// A service: it runs as long as the store does.
final class DeadlineWatch: Service, Sendable {
    struct Ticket: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    private struct Watched {
        let deadline: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }

    private let watched = Mutex<(next: UInt64, entries: [UInt64: Watched])>((0, [:]))
    let resolution: Duration

    init(resolution: Duration = .milliseconds(100)) {
        self.resolution = resolution
    }

    func watch(until deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> Ticket {
        watched.withLock { state in
            state.next += 1
            state.entries[state.next] = Watched(deadline: deadline, expire: expire)
            return Ticket(number: state.next)
        }
    }

    func forget(_ ticket: Ticket) {
        _ = watched.withLock { $0.entries.removeValue(forKey: ticket.number) }
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.resolution) }
            } catch {
                break
            }
            expire(now: .now)
        }
        // Nothing waits past the store's life.
        expire(now: .now + .seconds(365 * 86_400))
    }

    func expire(now: ContinuousClock.Instant) {
        let due = watched.withLock { state -> [Watched] in
            let due = state.entries.filter { $0.value.deadline <= now }
            for key in due.keys { state.entries[key] = nil }
            return Array(due.values)
        }
        for entry in due { entry.expire() }
    }
}
