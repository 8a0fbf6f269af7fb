import BacklinePresets
import Logging
import ServiceLifecycle

/// Rereads the preset folders every `interval`, so a running server notices new, changed and
/// removed genres; broken edits are logged with their file:line:column errors. `backline mcp` runs
/// one too.
public struct PresetWatcher: Service {
    let catalog: ReloadingPresetCatalog
    let interval: Duration
    let logger: Logger

    public init(catalog: ReloadingPresetCatalog, interval: Duration, logger: Logger) {
        self.catalog = catalog
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            for change in catalog.refresh() {
                switch change {
                case .rejected: logger.error("\(change)")
                default: logger.info("\(change)")
                }
            }
        }
    }
}
