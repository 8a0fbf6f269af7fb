import BacklineAgents
import BacklineComposition
import BacklineEngine
import BacklinePresets
import BacklineSQLite
import BacklineServer
import BacklineSessions
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// A server over the bundled presets, a temporary data folder and a chosen store.
struct ServerFixture {
    static let loader: PresetLoader = Composition.presetLoader()

    static let presetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Presets").path

    let dataDirectory: String
    let store: any SessionStore
    let catalog: ReloadingPresetCatalog
    let audio: AudioRenderer
    let audioCache: AudioCache
    let sessions: SessionService
    let loader: PresetLoader
    let registry = PrometheusCollectorRegistry()
    /// API keys and rate limit, when the test turns them on.
    let access: AccessControl?

    /// `sqlite: true` keeps sessions in `<data>/backline.sqlite` like the real server.
    init(
        sqlite: Bool = false, dataDirectory: String? = nil, presetDirectories: [String] = [ServerFixture.presetsDirectory],
        audio: AudioRenderer = AudioRenderer(), outputDirectory: String? = nil, audioCacheMegabytes: Int = 64,
        maximumAudioSeconds: Int = AudioCache.defaultMaximumSeconds, loader: PresetLoader = ServerFixture.loader, work: WorkPool = WorkPool(),
        accessKeys: [AccessKey]? = nil, rateLimit: Int? = nil, maximumSessionsPerKey: Int? = nil
    ) throws {
        self.access = accessKeys.map { AccessControl(keys: $0, requestsPerMinute: rateLimit) }
        self.audio = audio
        self.loader = loader
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("backline-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.dataDirectory = directory
        self.store = sqlite ? try SQLiteSessionStore(path: directory + "/backline.sqlite") : MemorySessionStore()
        self.catalog = try ReloadingPresetCatalog(directories: presetDirectories, loader: loader)
        self.audioCache = try AudioCache(
            renderer: audio, directory: directory + "/audio-cache", capacityMegabytes: audioCacheMegabytes, maximumSeconds: maximumAudioSeconds)
        self.sessions = SessionService(
            store: store, catalog: catalog, outputDirectory: outputDirectory, audio: audioCache, work: work,
            maximumSessionsPerKey: maximumSessionsPerKey,
            metrics: SessionMetrics(factory: PrometheusMetricsFactory(registry: registry)))
    }

    var dependencies: ServerDependencies {
        ServerDependencies(sessions: sessions, audio: audio, metrics: registry, loader: loader, access: access)
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        // What the server's AccessKeyLoader does at start.
        if let access { _ = try await access.load(into: sessions) }
        let app = Application(router: buildRouter(dependencies))
        try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    /// POST a JSON text, return status and parsed JSON object.
    func postJSON(_ uri: String, _ json: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json)) { response in
            (response.status, try response.jsonObject())
        }
    }

    func get(_ uri: String) async throws -> (HTTPResponse.Status, Any) {
        try await execute(uri: uri, method: .get) { response in (response.status, try JSONSerialization.jsonObject(with: Data(buffer: response.body))) }
    }

    /// Creates and runs a session; returns its id.
    func createAndRun(_ json: String = #"{"genre":"blues","key":"A","mode":"minor","tempo":110}"#) async throws -> String {
        let (status, created) = try await postJSON("/sessions", json)
        #expect(status == .created)
        let id = try #require(created["id"] as? String)
        let (runStatus, _) = try await postJSON("/sessions/\(id)/run", "")
        #expect(runStatus == .ok)
        return id
    }
}

extension TestResponse {
    func jsonObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }
}
