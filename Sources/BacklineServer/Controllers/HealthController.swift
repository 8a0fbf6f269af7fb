import BacklineEngine
import BacklinePresets
import BacklineSessions
import Hummingbird

/// `GET /health`: 200 when the server can take sessions, 503 while its database cannot answer (a
/// load balancer then sends requests to another replica).
struct HealthController<Context: RequestContext>: Sendable {
    let catalog: ReloadingPresetCatalog
    let store: any SessionStore
    let audio: AudioRenderer
    /// A server with API keys is not ready until it has written them into the store.
    var access: AccessControl? = nil

    var endpoints: [Endpoint<Context>] { [Endpoint(.get, "/health", health)] }

    struct Health: Encodable {
        let status: String
        let genres: Int
        /// `sqlite` or `postgresql` when it answers; otherwise why it does not.
        let database: String
        /// Whether `GET /sessions/{id}/audio` can render (FluidSynth and its SoundFont are there).
        let audio: Bool
        let audioDetail: String?

        enum CodingKeys: String, CodingKey {
            case status, genres, database, audio
            case audioDetail = "audio_detail"
        }
    }

    @Sendable func health(_ request: Request, context: Context) async throws -> Response {
        var database = store.kind
        var status = HTTPResponse.Status.ok
        do {
            try await store.ping()
        } catch {
            database = "\(error)"
            status = .serviceUnavailable
        }
        if status == .ok, let access, !access.isLoaded {
            database = "\(store.kind), loading the API keys"
            status = .serviceUnavailable
        }
        let health = Health(
            status: status == .ok ? "ok" : "unavailable", genres: catalog.current.genres.count, database: database,
            audio: audio.isAvailable, audioDetail: audio.unavailableReason)
        return Response.json(health, status: status)
    }
}
