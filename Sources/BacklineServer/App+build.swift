import BacklineEngine
import BacklineMCP
import BacklinePresets
import BacklineSessions
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// What `backline serve` needs, however it was given (flags or environment).
public protocol ServerArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    /// Holds `audio-cache/` (and, without a database URL, `backline.sqlite`).
    var dataDirectory: String { get }
    /// Searched in order; a later folder's genre replaces an earlier one's.
    var presetDirectories: [String] { get }
    /// The SoundFont for audio; nil takes BACKLINE_SOUNDFONT or Debian's General MIDI one.
    var soundFont: String? { get }
    /// Where each completed session's MIDI files are also written, after the commit; nil for none.
    var outputDirectory: String? { get }
    /// The most the audio cache may hold, in MiB.
    var audioCacheMegabytes: Int { get }
    /// The longest song rendered as audio, in seconds.
    var maximumAudioSeconds: Int { get }
    /// The most audio renders at once.
    var audioRenders: Int { get }
    /// Idle timeout and connection cap.
    var connections: ConnectionLimits { get }
    /// The hosts the server answers to and the origins that may change state.
    var requestGuard: RequestGuard { get }
    /// How long a request's reading, planning and rendering may take, queueing included.
    var requestDeadline: Duration { get }
    /// Most CPU-heavy jobs waiting for a thread; past it a request is answered 503.
    var workQueue: Int { get }
}

/// Everything a request handler can reach.
public struct ServerDependencies: Sendable {
    public let sessions: SessionService
    public let catalog: ReloadingPresetCatalog
    /// FluidSynth and its SoundFont; audio endpoints answer 503 when they are missing.
    public let audio: AudioRenderer
    /// Every metric the server keeps, served at `/metrics`.
    public let metrics: PrometheusCollectorRegistry
    /// The MCP tools served at `/mcp`.
    public let tools: BacklineTools
    /// The hosts answered and the origins that may change state, for every route, `/mcp` too.
    public let requestGuard: RequestGuard

    public init(
        sessions: SessionService, audio: AudioRenderer, metrics: PrometheusCollectorRegistry, loader: PresetLoader,
        requestGuard: RequestGuard = .forBinding("127.0.0.1", extraHosts: [], allowedOrigins: [])
    ) {
        self.sessions = sessions
        self.catalog = sessions.catalog
        self.audio = audio
        self.metrics = metrics
        self.tools = BacklineTools(sessions: sessions, loader: loader)
        self.requestGuard = requestGuard
    }
}

/// The application over a store the composition root opened (SQLite, or PostgreSQL that may still
/// be connecting): loads the presets and adds the background services (`extra` first).
public func buildApplication(
    _ arguments: some ServerArguments, store: any SessionStore, loader: PresetLoader, logger: Logger, services extra: [any Service] = []
) throws -> some ApplicationProtocol {
    let catalog = try ReloadingPresetCatalog(directories: arguments.presetDirectories, loader: loader)
    for failure in catalog.current.failures { logger.error("preset rejected:\n\(failure)") }
    for override in catalog.current.overrides {
        logger.notice("\(override.by) replaces the genre '\(override.id)' of \(PresetFiles.origin(of: override.replaced))")
    }
    logger.info("\(catalog.current.genres.count) genres from \(arguments.presetDirectories.joined(separator: ", "))")

    if let output = arguments.outputDirectory {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        removeTemporaryFiles(in: output, logger: logger)
    }
    let audio = AudioRenderer(soundFont: arguments.soundFont)
    if let reason = audio.unavailableReason { logger.notice("no audio: \(reason)") }
    let cache = try AudioCache(
        renderer: audio, directory: (arguments.dataDirectory as NSString).appendingPathComponent("audio-cache"),
        capacityMegabytes: arguments.audioCacheMegabytes, maximumSeconds: arguments.maximumAudioSeconds,
        maximumRenders: arguments.audioRenders)

    let registry = PrometheusCollectorRegistry()
    let sessions = SessionService(
        store: store, catalog: catalog, outputDirectory: arguments.outputDirectory, audio: cache,
        work: WorkPool(queueLimit: arguments.workQueue, deadline: arguments.requestDeadline),
        metrics: SessionMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: logger)
    if arguments.requestGuard.allowedHosts.isEmpty {
        logger.notice("answering any Host header: set --allowed-hosts to the names clients use to reach this server (Docs/SECURITY.md)")
    }
    let dependencies = ServerDependencies(sessions: sessions, audio: audio, metrics: registry, loader: loader, requestGuard: arguments.requestGuard)
    for problem in dependencies.tools.moodProblems() { logger.error("mood rejected: \(problem)") }
    return Application(
        router: buildRouter(dependencies),
        server: arguments.connections.server,
        configuration: .init(
            address: .hostname(arguments.host, port: arguments.port), serverName: "Backline",
            availableConnectionsDelegate: arguments.connections.availableConnections),
        services: extra + [
            StoreCloser(store: store, logger: logger),
            PresetWatcher(catalog: catalog, interval: .seconds(1), logger: logger),
            ClaimSweeper(store: store, lease: SessionService.defaultLease, logger: logger),
        ],
        logger: logger)
}

/// Every endpoint of the server, in one router.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    let endpoints = allEndpoints(dependencies, context: BasicRequestContext.self).flatMap { $0 }
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory(registry: dependencies.metrics)))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: JSONErrorMiddleware(allowed: AllowedMethods(endpoints.map { ($0.method, $0.path) })))
    router.add(middleware: RequestGuardMiddleware(rules: dependencies.requestGuard))
    router.add(middleware: CancelOnDisconnectMiddleware())
    router.add(endpoints)
    return router
}

/// The endpoints of every controller; the router and the OpenAPI test both read this list.
public func allEndpoints<Context: RequestContext>(_ dependencies: ServerDependencies, context: Context.Type) -> [[Endpoint<Context>]] {
    let catalog = dependencies.catalog
    return [
        SessionController<Context>(sessions: dependencies.sessions).endpoints,
        GenreController<Context>(catalog: catalog).endpoints,
        ChartController<Context>(work: dependencies.sessions.work).endpoints,
        HealthController<Context>(catalog: catalog, store: dependencies.sessions.store, audio: dependencies.audio).endpoints,
        MetricsController<Context>(registry: dependencies.metrics).endpoints,
        MCPController<Context>(tools: dependencies.tools).endpoints,
        DocumentationController<Context>(catalog: catalog).endpoints,
        StudioController<Context>().endpoints,
    ]
}

/// A crash can leave `*.tmp-…` files behind; they were never served and are removed.
private func removeTemporaryFiles(in directory: String, logger: Logger) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.contains(".tmp-") {
        try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        logger.info("removed unfinished file \(name)")
    }
}
