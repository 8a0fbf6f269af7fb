import BacklineSessions
import Logging
import ServiceLifecycle

/// Closes the session store once the server has stopped taking requests.
struct StoreCloser: Service {
    let store: any SessionStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
        logger.info("database closed")
    }
}
