import BacklineSessions
import Logging
import ServiceLifecycle

/// Writes the keys file's keys into the store at start, trying again until the store answers
/// (PostgreSQL may not be reachable yet), then waits for shutdown.
struct AccessKeyLoader: Service {
    let access: AccessControl
    let sessions: SessionService
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let sync = try await access.load(into: sessions)
                logger.notice(
                    "API keys on: \(access.keys.count) in the keys file, \(sync.added) new, \(sync.revoked) revoked now"
                )
                break
            } catch {
                logger.warning("could not load the API keys yet: \(error.detail)")
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(500)) }
            } catch {
                return
            }
        }
        try? await gracefulShutdown()
    }
}
