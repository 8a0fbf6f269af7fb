import BacklineEngine
import BacklinePresets
import Foundation
import Hummingbird
import Logging

/// What `backline serve` needs, however it was given (flags or environment).
public protocol ServerArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    /// Holds `backline.sqlite` and `output/`.
    var dataDirectory: String { get }
    /// Searched in order; a later folder's genre replaces an earlier one's.
    var presetDirectories: [String] { get }
    /// The SoundFont for audio; nil takes BACKLINE_SOUNDFONT or Debian's General MIDI one.
    var soundFont: String? { get }
}

/// Everything a request handler can reach.
public struct ServerDependencies: Sendable {
    public let store: any SessionStore
    public let catalog: ReloadingPresetCatalog
    public let dataDirectory: String
    /// FluidSynth and its SoundFont; audio endpoints answer 503 when they are missing.
    public let audio: AudioRenderer
    public let audioRenders: AudioRenders

    public init(store: any SessionStore, catalog: ReloadingPresetCatalog, dataDirectory: String, audio: AudioRenderer = AudioRenderer(), audioRenders: AudioRenders = AudioRenders()) {
        self.store = store
        self.catalog = catalog
        self.dataDirectory = dataDirectory
        self.audio = audio
        self.audioRenders = audioRenders
    }
}

/// Opens the database (recovering sessions a crash left running), loads the presets, and builds the
/// application with a preset watcher that follows the folders.
public func buildApplication(_ arguments: some ServerArguments, loader: PresetLoader, logger: Logger) async throws -> some ApplicationProtocol {
    let dataDirectory = arguments.dataDirectory
    let output = (dataDirectory as NSString).appendingPathComponent("output")
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    removeTemporaryFiles(in: output, logger: logger)

    let store = try SQLiteSessionStore(path: (dataDirectory as NSString).appendingPathComponent("backline.sqlite"))
    let recovered = try await store.recoverInterrupted()
    if recovered > 0 { logger.warning("\(recovered) session(s) were interrupted by a crash and are pending again") }

    let catalog = try ReloadingPresetCatalog(directories: arguments.presetDirectories, loader: loader)
    for failure in catalog.current.failures { logger.error("preset rejected:\n\(failure)") }
    logger.info("\(catalog.current.genres.count) genres from \(arguments.presetDirectories.joined(separator: ", "))")

    let audio = AudioRenderer(soundFont: arguments.soundFont)
    if let reason = audio.unavailableReason { logger.notice("no audio: \(reason)") }
    let dependencies = ServerDependencies(store: store, catalog: catalog, dataDirectory: dataDirectory, audio: audio)
    return Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(arguments.host, port: arguments.port), serverName: "Backline"),
        services: [StoreCloser(store: store, logger: logger), PresetWatcher(catalog: catalog, interval: .seconds(1), logger: logger)],
        logger: logger)
}

/// Every endpoint of the server, in one router.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    let endpoints = allEndpoints(dependencies, context: BasicRequestContext.self).flatMap { $0 }
    router.add(middleware: JSONErrorMiddleware(allowed: AllowedMethods(endpoints.map { ($0.method, $0.path) })))
    router.add(endpoints)
    return router
}

/// The endpoints of every controller; the router and the OpenAPI test both read this list.
public func allEndpoints<Context: RequestContext>(_ dependencies: ServerDependencies, context: Context.Type) -> [[Endpoint<Context>]] {
    [
        SessionController<Context>(dependencies).endpoints,
        GenreController<Context>(catalog: dependencies.catalog).endpoints,
        HealthController<Context>(catalog: dependencies.catalog, audio: dependencies.audio).endpoints,
        DocumentationController<Context>(catalog: dependencies.catalog).endpoints,
        StudioController<Context>().endpoints,
    ]
}

/// A crash can leave `*.mid.tmp-…` files behind; they were never served and are removed.
private func removeTemporaryFiles(in directory: String, logger: Logger) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.contains(".tmp-") {
        try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        logger.info("removed unfinished file \(name)")
    }
}
