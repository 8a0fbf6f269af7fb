import ArgumentParser
import BacklineComposition
import BacklinePostgres
import BacklinePresets
import BacklineSQLite
import BacklineServer
import BacklineSessions
import Foundation
import Hummingbird
import Logging
import Metrics

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the REST server: sessions, tracks, MIDI export, OpenAPI docs at /docs.",
        discussion: """
            Every option can also come from the environment: BACKLINE_HOST, BACKLINE_PORT, \
            BACKLINE_DATA_DIR, BACKLINE_DATABASE_URL, BACKLINE_OUTPUT_DIR, BACKLINE_AUDIO_CACHE_MB, \
            BACKLINE_MAX_AUDIO_SECONDS, BACKLINE_AUDIO_RENDERS, BACKLINE_HEADER_TIMEOUT, BACKLINE_IDLE_TIMEOUT, BACKLINE_MAX_CONNECTIONS, \
            BACKLINE_REQUEST_DEADLINE, BACKLINE_WORK_QUEUE, BACKLINE_ALLOWED_HOSTS, BACKLINE_ALLOWED_ORIGINS, BACKLINE_SOUNDFONT, \
            BACKLINE_PRESETS (colon-separated folders), BACKLINE_API_KEYS_FILE, BACKLINE_RATE_LIMIT, \
            BACKLINE_MAX_SESSIONS_PER_KEY and BACKLINE_RETENTION_DAYS. A flag wins over the environment.

            Without --api-keys the server is open to whoever reaches it: keep it on loopback. A public \
            deployment sets --api-keys (and --rate-limit, --max-sessions-per-key, --allowed-hosts); see \
            Docs/SECURITY.md.

            Sessions and their songs are kept in <data-dir>/backline.sqlite, or with --database-url in \
            PostgreSQL, which several replicas can share. Every file a client downloads is served \
            from the database; --output-dir also writes each completed session's MIDI files into a \
            folder. Audio renders are cached in <data-dir>/audio-cache. SIGTERM or SIGINT stops the \
            server gracefully. See Docs/API.md and Docs/DEPLOY.md.
            """
    )

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1, or BACKLINE_HOST).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on, 1–65535 (default 8000, or BACKLINE_PORT).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Folder for the database and the audio cache (default ., or BACKLINE_DATA_DIR).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp(
        "Keep sessions in PostgreSQL, shared by replicas: postgres://USER[:PASSWORD]@HOST[:PORT]/DB (or BACKLINE_DATABASE_URL; default: SQLite in the data folder).",
        valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp(
        "Also write each completed session's MIDI files here, after they are stored (or BACKLINE_OUTPUT_DIR; default: none).",
        valueName: "dir"))
    var outputDir: String?

    @Option(help: ArgumentHelp("Most the audio cache may hold, in MiB (default 512, or BACKLINE_AUDIO_CACHE_MB).", valueName: "mib"))
    var audioCacheMb: Int?

    @Option(help: ArgumentHelp(
        "The longest song rendered as audio, in seconds (default \(AudioCache.defaultMaximumSeconds), or BACKLINE_MAX_AUDIO_SECONDS); a longer one's audio is 413.",
        valueName: "seconds"))
    var maxAudioSeconds: Int?

    @Option(help: ArgumentHelp(
        "Most audio renders at once; others wait their turn (default the number of cores, \(AudioCache.defaultMaximumRenders) here, or BACKLINE_AUDIO_RENDERS).",
        valueName: "n"))
    var audioRenders: Int?

    @Option(help: ArgumentHelp(
        "Seconds a new connection has to send its first complete request head before it is closed: clients that connect and send nothing, or half a request, or trickle it (default \(ConnectionLimits.defaultHeaderTimeoutSeconds), or BACKLINE_HEADER_TIMEOUT).",
        valueName: "seconds"))
    var headerTimeout: Int?

    @Option(help: ArgumentHelp(
        "Seconds a connection may go without a complete request head, body part or answer before it is closed: idle keep-alive connections, and clients that stall part way through a request (default \(ConnectionLimits.defaultIdleTimeoutSeconds), or BACKLINE_IDLE_TIMEOUT).",
        valueName: "seconds"))
    var idleTimeout: Int?

    @Option(help: ArgumentHelp(
        "Most connections open at once; past it the server accepts no more until one closes (default \(ConnectionLimits.defaultMaximumConnections), or BACKLINE_MAX_CONNECTIONS).",
        valueName: "n"))
    var maxConnections: Int?

    @Option(help: ArgumentHelp(
        "Seconds a request's chart reading, planning and rendering may take, waiting included; past it the answer is 503 (default \(WorkPool.defaultDeadline.components.seconds), 0.1–600, or BACKLINE_REQUEST_DEADLINE).",
        valueName: "seconds"))
    var requestDeadline: Double?

    @Option(help: ArgumentHelp(
        "Most requests waiting for a thread to read, plan or render; past it a request is answered 503 with Retry-After (default \(WorkPool.defaultQueueLimit), or BACKLINE_WORK_QUEUE).",
        valueName: "n"))
    var workQueue: Int?

    @Option(help: ArgumentHelp(
        "Comma-separated host names clients use to reach this server, answered besides the loopback names when bound to loopback; others get 421. Bound elsewhere, only these (default: any). Or BACKLINE_ALLOWED_HOSTS.",
        valueName: "names"))
    var allowedHosts: String?

    @Option(help: ArgumentHelp(
        "Comma-separated origins (https://app.example) of web pages on other sites that may create and run sessions; the server's own pages always may, other pages get 403. Or BACKLINE_ALLOWED_ORIGINS.",
        valueName: "origins"))
    var allowedOrigins: String?

    @Option(help: ArgumentHelp("General MIDI SoundFont for audio (default BACKLINE_SOUNDFONT or /usr/share/sounds/sf2/FluidR3_GM.sf2).", valueName: "file"))
    var soundfont: String?

    @Option(help: ArgumentHelp(
        "Require an API key (Authorization: Bearer KEY) on every endpoint but the public ones; FILE has one key a line, optionally followed by a name (or BACKLINE_API_KEYS_FILE; default: no keys). Keys no longer in the file are revoked.",
        valueName: "file"))
    var apiKeys: String?

    @Option(help: ArgumentHelp(
        "Requests per minute each API key may make on this replica; past it 429 (or BACKLINE_RATE_LIMIT; default: no limit). Needs --api-keys.",
        valueName: "n"))
    var rateLimit: Int?

    @Option(help: ArgumentHelp(
        "Most sessions one API key may hold; creating one more is 429 (or BACKLINE_MAX_SESSIONS_PER_KEY; default: no limit). Needs --api-keys.",
        valueName: "n"))
    var maxSessionsPerKey: Int?

    @Option(help: ArgumentHelp(
        "Delete sessions older than this many days, on every replica (or BACKLINE_RETENTION_DAYS; default: keep them).",
        valueName: "days"))
    var retention: Int?

    @OptionGroup var presets: PresetOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = self.host ?? environment["BACKLINE_HOST"] ?? "127.0.0.1"
        let deadline = try requestDeadline ?? Self.number(environment, "BACKLINE_REQUEST_DEADLINE", "a number of seconds")
            ?? Double(WorkPool.defaultDeadline.components.seconds)
        let arguments = try ResolvedServerArguments(
            host: host,
            port: try port ?? Self.integer(environment, "BACKLINE_PORT", "a port number (1–65535)") ?? 8000,
            dataDirectory: dataDir ?? environment["BACKLINE_DATA_DIR"] ?? ".",
            presetDirectories: PresetCatalog.searchPath(flags: presets.directories, environment: environment),
            soundFont: soundfont,
            outputDirectory: outputDir ?? environment["BACKLINE_OUTPUT_DIR"].flatMap { $0.isEmpty ? nil : $0 },
            audioCacheMegabytes: try audioCacheMb ?? Self.integer(environment, "BACKLINE_AUDIO_CACHE_MB", "a size in MiB") ?? 512,
            maximumAudioSeconds: try maxAudioSeconds ?? Self.integer(environment, "BACKLINE_MAX_AUDIO_SECONDS", "a number of seconds")
                ?? AudioCache.defaultMaximumSeconds,
            audioRenders: try audioRenders ?? Self.integer(environment, "BACKLINE_AUDIO_RENDERS", "a number of renders")
                ?? AudioCache.defaultMaximumRenders,
            connections: ConnectionLimits(
                headerTimeoutSeconds: try headerTimeout ?? Self.integer(environment, "BACKLINE_HEADER_TIMEOUT", "a number of seconds")
                    ?? ConnectionLimits.defaultHeaderTimeoutSeconds,
                idleTimeoutSeconds: try idleTimeout ?? Self.integer(environment, "BACKLINE_IDLE_TIMEOUT", "a number of seconds")
                    ?? ConnectionLimits.defaultIdleTimeoutSeconds,
                maximumConnections: try maxConnections ?? Self.integer(environment, "BACKLINE_MAX_CONNECTIONS", "a number of connections")
                    ?? ConnectionLimits.defaultMaximumConnections),
            requestGuard: RequestGuard.forBinding(
                host, extraHosts: Self.list(allowedHosts ?? environment["BACKLINE_ALLOWED_HOSTS"]),
                allowedOrigins: try Self.origins(allowedOrigins ?? environment["BACKLINE_ALLOWED_ORIGINS"])),
            requestDeadlineSeconds: deadline,
            workQueue: try workQueue ?? Self.integer(environment, "BACKLINE_WORK_QUEUE", "a number of requests") ?? WorkPool.defaultQueueLimit,
            accessKeysFile: apiKeys ?? environment["BACKLINE_API_KEYS_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            rateLimit: try rateLimit ?? Self.integer(environment, "BACKLINE_RATE_LIMIT", "a number of requests per minute"),
            maximumSessionsPerKey: try maxSessionsPerKey ?? Self.integer(environment, "BACKLINE_MAX_SESSIONS_PER_KEY", "a number of sessions"),
            retentionDays: try retention ?? Self.integer(environment, "BACKLINE_RETENTION_DAYS", "a number of days"))

        let logger = CommandLogging.bootstrap(label: "backline", level: .info)
        let databaseURL = self.databaseURL ?? environment["BACKLINE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let opened = try await SessionStores.open(
                databaseURL: databaseURL, dataDirectory: arguments.dataDirectory, outputDirectory: arguments.outputDirectory, logger: logger)
            let app = try buildApplication(arguments, store: opened.store, loader: Composition.presetLoader(), logger: logger, services: opened.services)
            try await app.runService()
        } catch {
            throw CLIError(error, whileTo: "serve")
        }
    }

    static func number(_ environment: [String: String], _ name: String, _ what: String) throws -> Double? {
        guard let text = environment[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw CLIError("\(name) '\(text)' is not \(what)") }
        return value
    }

    /// `a, b,c` → `["a", "b", "c"]`.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Origins as browsers send them: a scheme, `://` and a host, with no path.
    static func origins(_ text: String?) throws -> [String] {
        let origins = list(text)
        for origin in origins {
            guard let scheme = origin.range(of: "://"), ["http", "https"].contains(origin[..<scheme.lowerBound].lowercased()),
                !origin[scheme.upperBound...].isEmpty, !origin[scheme.upperBound...].contains("/")
            else {
                throw CLIError("the allowed origin '\(origin)' is not an origin: write a scheme and a host, such as https://app.example or http://localhost:3000")
            }
        }
        return origins
    }

    static func integer(_ environment: [String: String], _ name: String, _ what: String) throws -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text) else { throw CLIError("\(name) '\(text)' is not \(what)") }
        return value
    }
}

/// Server arguments after flags, environment and defaults are merged and checked.
struct ResolvedServerArguments: ServerArguments {
    let host: String
    let port: Int
    let dataDirectory: String
    let presetDirectories: [String]
    let soundFont: String?
    let outputDirectory: String?
    let audioCacheMegabytes: Int
    let maximumAudioSeconds: Int
    let audioRenders: Int
    let connections: ConnectionLimits
    let requestGuard: RequestGuard
    let requestDeadline: Duration
    let workQueue: Int
    let accessKeys: [AccessKey]?
    let rateLimit: Int?
    let maximumSessionsPerKey: Int?
    let retentionDays: Int?

    init(
        host: String, port: Int, dataDirectory: String, presetDirectories: [String], soundFont: String?, outputDirectory: String?,
        audioCacheMegabytes: Int, maximumAudioSeconds: Int, audioRenders: Int, connections: ConnectionLimits,
        requestGuard: RequestGuard = .forBinding("127.0.0.1", extraHosts: [], allowedOrigins: []),
        requestDeadlineSeconds: Double = Double(WorkPool.defaultDeadline.components.seconds), workQueue: Int = WorkPool.defaultQueueLimit,
        accessKeysFile: String? = nil, rateLimit: Int? = nil, maximumSessionsPerKey: Int? = nil, retentionDays: Int? = nil
    ) throws {
        guard (0.1...600).contains(requestDeadlineSeconds) else {
            throw CLIError("the request deadline \(requestDeadlineSeconds) s is outside 0.1–600 seconds")
        }
        guard (0...100_000).contains(workQueue) else { throw CLIError("the work queue \(workQueue) is outside 0–100000 requests") }
        if let rateLimit, !(1...1_000_000).contains(rateLimit) {
            throw CLIError("the rate limit \(rateLimit) requests a minute is outside 1–1000000")
        }
        if let maximumSessionsPerKey, !(1...1_000_000_000).contains(maximumSessionsPerKey) {
            throw CLIError("the most sessions per key \(maximumSessionsPerKey) is outside 1–1000000000")
        }
        if let retentionDays, !(1...36_500).contains(retentionDays) {
            throw CLIError("the retention \(retentionDays) days is outside 1–36500 days")
        }
        if accessKeysFile == nil, rateLimit != nil || maximumSessionsPerKey != nil {
            throw CLIError("--rate-limit and --max-sessions-per-key count per API key; they need --api-keys FILE (or BACKLINE_API_KEYS_FILE)")
        }
        do {
            accessKeys = try accessKeysFile.map { try AccessKeyFile(path: $0).keys }
        } catch {
            throw CLIError("the API keys file \(error)")
        }
        self.rateLimit = rateLimit
        self.maximumSessionsPerKey = maximumSessionsPerKey
        self.retentionDays = retentionDays
        guard (1...600).contains(connections.headerTimeoutSeconds) else {
            throw CLIError("the header timeout \(connections.headerTimeoutSeconds) s is outside 1–600 seconds")
        }
        guard (1...3600).contains(connections.idleTimeoutSeconds) else {
            throw CLIError("the idle timeout \(connections.idleTimeoutSeconds) s is outside 1–3600 seconds")
        }
        guard (1...1_000_000).contains(connections.maximumConnections) else {
            throw CLIError("the connection cap \(connections.maximumConnections) is outside 1–1000000")
        }
        guard (1...86_400).contains(maximumAudioSeconds) else {
            throw CLIError("the longest audio render \(maximumAudioSeconds) s is outside 1–86400 seconds")
        }
        guard (1...256).contains(audioRenders) else { throw CLIError("audio renders at once \(audioRenders) is outside 1–256") }
        guard (0...65535).contains(port) else { throw CLIError("port \(port) is outside 1–65535") }
        guard !host.isEmpty else { throw CLIError("the host is empty; use an address such as 127.0.0.1 or 0.0.0.0") }
        guard (1...1_048_576).contains(audioCacheMegabytes) else {
            throw CLIError("the audio cache size \(audioCacheMegabytes) MiB is outside 1–1048576")
        }
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.presetDirectories = presetDirectories
        self.soundFont = soundFont
        self.outputDirectory = outputDirectory
        self.audioCacheMegabytes = audioCacheMegabytes
        self.maximumAudioSeconds = maximumAudioSeconds
        self.audioRenders = audioRenders
        self.connections = connections
        self.requestGuard = requestGuard
        self.requestDeadline = .milliseconds(Int((requestDeadlineSeconds * 1000).rounded()))
        self.workQueue = workQueue
    }
}
