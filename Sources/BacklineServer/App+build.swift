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
    /// The keys of `--api-keys FILE`; nil for a server without keys (open, as on loopback).
    var accessKeys: [AccessKey]? { get }
    /// Requests per minute per key on this replica (`--rate-limit`); nil for no limit.
    var rateLimit: Int? { get }
    /// The most sessions one key may hold (`--max-sessions-per-key`); nil for no limit.
    var maximumSessionsPerKey: Int? { get }
    /// Sessions older than this many days are deleted (`--retention`); nil keeps them.
    var retentionDays: Int? { get }
}

extension ServerArguments {
    public var accessKeys: [AccessKey]? { nil }
    public var rateLimit: Int? { nil }
    public var maximumSessionsPerKey: Int? { nil }
    public var retentionDays: Int? { nil }
}

/// How often the retention sweep runs on each replica: an indexed delete, cheap enough to run often.
let retentionSweepInterval: Duration = .seconds(10)

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
    /// API keys and rate limit; nil for a server open to whoever reaches it.
    public let access: AccessControl?

    public init(
        sessions: SessionService, audio: AudioRenderer, metrics: PrometheusCollectorRegistry, loader: PresetLoader,
        requestGuard: RequestGuard = .forBinding("127.0.0.1", extraHosts: [], allowedOrigins: []), access: AccessControl? = nil
    ) {
        self.access = access
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
        maximumSessionsPerKey: arguments.maximumSessionsPerKey, metrics: SessionMetrics(factory: PrometheusMetricsFactory(registry: registry)), logger: logger)
    let loopback = RequestGuard.isLoopback(arguments.host)
    if arguments.requestGuard.allowedHosts.isEmpty {
        logger.notice("answering any Host header: set --allowed-hosts to the names clients use to reach this server (Docs/SECURITY.md)")
    }
    let access = arguments.accessKeys.map { AccessControl(keys: $0, requestsPerMinute: arguments.rateLimit) }
    let dependencies = ServerDependencies(
        sessions: sessions, audio: audio, metrics: registry, loader: loader, requestGuard: arguments.requestGuard, access: access)
    var accessServices: [any Service] = []
    if let access { accessServices.append(AccessKeyLoader(access: access, sessions: sessions, logger: logger)) }
    if let days = arguments.retentionDays {
        accessServices.append(RetentionSweeper(sessions: sessions, days: days, interval: retentionSweepInterval, logger: logger))
    }
    if !loopback && access == nil {
        logger.warning(
            "listening on \(arguments.host) without --api-keys: whoever reaches the port may read and delete every session (see Docs/SECURITY.md)")
    }
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
        ] + accessServices,
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
    // Outside the error middleware, so that it sees every answer, refusals too, as a response.
    router.add(middleware: CancelOnDisconnectMiddleware())
    router.add(middleware: JSONErrorMiddleware(allowed: AllowedMethods(endpoints.map { ($0.method, $0.path) })))
    router.add(middleware: RequestGuardMiddleware(rules: dependencies.requestGuard))
    if let access = dependencies.access { router.add(middleware: AccessKeyMiddleware(access: access, sessions: dependencies.sessions)) }
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
        HealthController<Context>(catalog: catalog, store: dependencies.sessions.store, audio: dependencies.audio, access: dependencies.access).endpoints,
        MetricsController<Context>(registry: dependencies.metrics).endpoints,
        MCPController<Context>(tools: dependencies.tools).endpoints,
        DocumentationController<Context>(catalog: catalog, keysRequired: dependencies.access != nil).endpoints,
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
