import Hummingbird
import Prometheus

/// `GET /metrics`: every metric in Prometheus' text format, for a Prometheus server to scrape.
struct MetricsController<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry

    var endpoints: [Endpoint<Context>] { [Endpoint(.get, "/metrics", metrics)] }

    @Sendable func metrics(_ request: Request, context: Context) async throws -> Response {
        var text: [UInt8] = []
        text.reserveCapacity(16_384)
        registry.emit(into: &text)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
}
