import BacklineSessions
import Foundation
import Logging
import ServiceLifecycle

/// Deletes sessions older than the retention period (`--retention DAYS`), at start and then every
/// `interval`. Every replica runs one: a delete removes each row once, so sweeping together is safe.
struct RetentionSweeper: Service {
    let sessions: SessionService
    let days: Int
    let interval: Duration
    let logger: Logger

    /// One sweep: the sessions created more than `days` days before `now`; returns how many went.
    func sweep(now: Date = Date()) async throws(SessionError) -> Int {
        try await sessions.deleteSessions(createdBefore: now.addingTimeInterval(-Double(days) * 86_400))
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await sweep()
                if removed > 0 { logger.notice("deleted \(removed) session(s) older than \(days) day(s)") }
            } catch {
                logger.debug("could not delete old sessions: \(error.detail)")
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
