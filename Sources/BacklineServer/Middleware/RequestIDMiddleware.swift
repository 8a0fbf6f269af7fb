import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id, carried by each log line written for it (`hb.request.id`) and returned
/// as `X-Request-Id`. A client's own `X-Request-Id` (up to 128 visible characters) is kept, so a
/// request can be followed through a load balancer into the replica that served it.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id: String
        if let given = request.headers[Self.header], (1...128).contains(given.utf8.count), given.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            id = given
            context.logger[metadataKey: "hb.request.id"] = .string(given)
        } else {
            id = context.id
        }
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }
}
