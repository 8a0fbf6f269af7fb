import CoreMetrics
import Foundation
import Hummingbird
import Synchronization

/// Counts requests by route, method and status, and times them, through swift-metrics:
/// `backline_http_requests_total` and `backline_http_request_duration_seconds`. Routes are the
/// templates (`/sessions/{id}/run`), so a million sessions make no more series than one.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: Int
    }

    private final class Series: Sendable {
        let factory: any MetricsFactory
        let cache = Mutex<[Key: (Counter, CoreMetrics.Timer)]>([:])

        init(factory: any MetricsFactory) { self.factory = factory }

        func metrics(_ key: Key) -> (Counter, CoreMetrics.Timer) {
            cache.withLock { cache in
                if let found = cache[key] { return found }
                let dimensions = [("route", key.route), ("method", key.method.rawValue), ("status", String(key.status))]
                let made = (
                    Counter(label: "backline_http_requests_total", dimensions: dimensions, factory: factory),
                    CoreMetrics.Timer(label: "backline_http_request_duration_seconds", dimensions: dimensions, factory: factory)
                )
                cache[key] = made
                return made
            }
        }
    }

    private let series: Series

    init(factory: any MetricsFactory) {
        series = Series(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let route = context.endpointPath.map(Self.template) ?? "unmatched"
        let (counter, timer) = series.metrics(Key(route: route, method: request.method, status: response.status.code))
        counter.increment()
        timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
        return response
    }

    /// Hummingbird's `/sessions/:id/run` as the OpenAPI document writes it: `/sessions/{id}/run`.
    static func template(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }
}
