import BacklineSessions
import Logging
import ServiceLifecycle

/// Puts sessions whose run's claim expired (their runner died: a crash, a killed replica) back to
/// pending, at start and then every third of the lease, so that any replica can run them again.
struct ClaimSweeper: Service {
    let store: any SessionStore
    let lease: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let released = try await store.releaseExpiredClaims(lease: lease)
                if released > 0 { logger.warning("\(released) session(s) whose run stopped without finishing are pending again") }
            } catch {
                logger.debug("could not sweep expired claims: \(error)")
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: lease / 3) }
            } catch {
                return
            }
        }
    }
}
