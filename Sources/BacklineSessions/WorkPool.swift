import Foundation
import Synchronization

/// Where CPU-heavy work runs (reading charts, planning and rendering songs, drawing files): on a few
/// threads of its own, never on the threads that answer requests, with a bounded queue and a
/// deadline per job.
///
/// Swift's cooperative pool has one thread a core; a handler that computes on it for a second
/// holds that thread, and with two such handlers on two cores nothing else is answered, `/health`
/// included. Here a job waits its turn in a queue of at most ``queueLimit`` (past that it is
/// refused at once: ``WorkPoolError/busy``), runs on one of at most ``threads`` threads, and its
/// caller is answered by ``deadline`` at the latest (``WorkPoolError/deadline``). A caller that is
/// cancelled (its client disconnected) stops waiting at once; a job still queued then never runs.
/// A job already running finishes and its result is dropped: every job is bounded by the input
/// limits and linear parsers, so it ends soon.
///
/// Jobs over large inputs (``heavyInputBytes``: a long chart, a playlist, a big lead sheet) run in
/// a lane of their own with half the threads, so that a burst of them never makes an everyday
/// request wait behind them: they queue for their lane, and meet its deadline, among themselves.
public final class WorkPool: Sendable {
    public static let defaultDeadline: Duration = .seconds(2)
    public static let defaultThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public static let defaultQueueLimit = 64
    /// Inputs from this size up are read in the heavy lane.
    public static let heavyInputBytes = 64 << 10

    /// Most jobs running at once.
    public let threads: Int
    /// Most jobs waiting for a thread.
    public let queueLimit: Int
    /// How long a caller waits for its job, queueing included.
    public let deadline: Duration

    private struct State {
        var queue: [any PendingJob] = []
        var head = 0
        var running = 0
        var waiting: Int { queue.count - head }
    }
    private let state = Mutex(State())
    /// Where jobs over large inputs run; nil in that lane itself.
    private let heavyLane: WorkPool?

    public convenience init(threads: Int = defaultThreads, queueLimit: Int = defaultQueueLimit, deadline: Duration = defaultDeadline) {
        self.init(threads: threads, queueLimit: queueLimit, deadline: deadline, heavyThreads: max(1, threads / 2))
    }

    private init(threads: Int, queueLimit: Int, deadline: Duration, heavyThreads: Int?) {
        precondition(threads >= 1 && queueLimit >= 0 && deadline > .zero, "a pool has a thread, a queue and a deadline")
        self.threads = threads
        self.queueLimit = queueLimit
        self.deadline = deadline
        self.heavyLane = heavyThreads.map { WorkPool(threads: $0, queueLimit: queueLimit, deadline: deadline, heavyThreads: nil) }
    }

    /// Jobs waiting and running now, for `/health` and the tests.
    public var load: (waiting: Int, running: Int) { state.withLock { ($0.waiting, $0.running) } }

    /// Runs `work` on the pool and returns its result, or throws ``WorkPoolError`` when the queue is
    /// full or the deadline passes, and `CancellationError` when the calling task is cancelled.
    /// `inputBytes` is the size of what the job reads; from ``heavyInputBytes`` up it runs in the
    /// heavy lane.
    public func run<T: Sendable>(inputBytes: Int = 0, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        if inputBytes >= Self.heavyInputBytes, let heavyLane { return try await heavyLane.run(work) }
        let job = Job(work)
        let deadline = self.deadline
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                job.attach(continuation)
                guard !job.isFinished else { return }
                guard enqueue(job) else {
                    job.finish(.failure(WorkPoolError.busy(queueLimit: queueLimit)))
                    return
                }
                // The deadline races the job; whichever finishes the job first answers the caller.
                let timer = Task {
                    try? await Task.sleep(for: deadline)
                    job.finish(.failure(WorkPoolError.deadline(deadline)))
                }
                job.onFinish { timer.cancel() }
            }
        } onCancel: {
            job.finish(.failure(CancellationError()))
        }
    }

    /// Queues the job and starts a thread for it if fewer than ``threads`` run; false when the
    /// queue is full.
    private func enqueue(_ job: any PendingJob) -> Bool {
        let startThread = state.withLock { state -> Bool? in
            let needsThread = state.running < threads
            if !needsThread, state.waiting >= queueLimit { return nil }
            state.queue.append(job)
            if needsThread { state.running += 1 }
            return needsThread
        }
        guard let startThread else { return false }
        if startThread {
            let thread = Thread { [self] in
                Self.yieldToRequests()
                drain()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return true
    }

    /// Lowers this thread's scheduling priority (nice +5) on Linux, so that with every core busy
    /// reading charts the threads that answer requests still get the CPU when they need it.
    private static func yieldToRequests() {
        #if os(Linux)
        // On Linux a nice value is per thread, and who = 0 names the calling thread alone.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
        #endif
    }

    /// A worker's life: take jobs until none wait, skipping those nobody waits for any more.
    private func drain() {
        while let job = next() {
            if !job.isFinished { job.perform() }
        }
    }

    private func next() -> (any PendingJob)? {
        state.withLock { state in
            guard state.head < state.queue.count else {
                state.queue.removeAll(keepingCapacity: true)
                state.head = 0
                state.running -= 1
                return nil
            }
            let job = state.queue[state.head]
            state.head += 1
            if state.head > 64, state.head * 2 > state.queue.count {
                state.queue.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }
}

/// Why the pool did not run a job.
public enum WorkPoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every thread is busy and the queue is full: try again shortly.
    case busy(queueLimit: Int)
    /// The job was not done within its deadline.
    case deadline(Duration)

    public var description: String {
        switch self {
        case .busy:
            "the server is busy with other requests; try again in a second"
        case .deadline(let deadline):
            "the request was not done within its deadline of \(deadline.seconds) s; try again, or ask for a shorter song or chart"
        }
    }
}

extension Duration {
    /// Whole and fractional seconds, as a person reads them: `2`, `0.5`.
    var seconds: String {
        let (whole, fraction) = components
        guard fraction != 0 else { return "\(whole)" }
        return String(format: "%g", Double(whole) + Double(fraction) / 1e18)
    }
}

private protocol PendingJob: Sendable {
    var isFinished: Bool { get }
    func perform()
}

/// One job and the one caller it answers, once: by its result, its deadline or its cancellation,
/// whichever comes first.
private final class Job<T: Sendable>: PendingJob, Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished = false
        var early: Result<T, any Error>?
        var onFinish: (@Sendable () -> Void)?
    }
    private let work: @Sendable () throws -> T
    private let state = Mutex(State())

    init(_ work: @escaping @Sendable () throws -> T) { self.work = work }

    var isFinished: Bool { state.withLock { $0.finished } }

    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        // Cancellation may have come before the continuation existed.
        let early = state.withLock { state -> Result<T, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        let already = state.withLock { state -> Bool in
            if state.finished { return true }
            state.onFinish = action
            return false
        }
        if already { action() }
    }

    func perform() {
        finish(Result(catching: work))
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, action) = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            guard let continuation = state.continuation else {
                state.early = result
                return (nil, nil)
            }
            state.continuation = nil
            let action = state.onFinish
            state.onFinish = nil
            return (continuation, action)
        }
        action?()
        continuation?.resume(with: result)
    }
}
