import Logging
import PostgresNIO
import ServiceLifecycle

/// Reaches the database at start, retrying with backoff (1 s doubling to 30 s) and logging each
/// try, then applies the migrations and opens the store for business.
struct Connector: Service {
    let store: PostgresSessionStore

    func run() async throws {
        var delay = Duration.seconds(1)
        var attempt = 1
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let applied = try await store.withinDeadline { client, logger in try await Migrations.apply(client, logger: logger) }
                store.markReachable()
                store.logger.info("\(store.place) is ready\(applied.isEmpty ? "" : "; applied migrations \(applied.map(String.init).joined(separator: ", "))")")
                break
            } catch {
                let reason = (error as? PSQLError).map { PostgresSessionStore.classify($0, place: store.place) } ?? error
                store.markWaiting("\(reason); retrying")
                store.logger.warning("try \(attempt): \(reason); next try in \(delay)")
            }
            let wait = delay
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            } catch {
                return
            }
            delay = min(delay * 2, .seconds(30))
            attempt += 1
        }
        // A service that returns would stop the server: stay until it shuts down.
        try? await gracefulShutdown()
    }
}
