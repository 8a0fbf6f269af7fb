import BacklineSessions
import Foundation
import Hummingbird

/// Asks every request for a path that is not public for `Authorization: Bearer KEY`: none or an
/// unknown key is 401 (with `WWW-Authenticate: Bearer`), a revoked key 403, a key over its rate
/// 429 with `Retry-After`. The request then runs as that key's caller (``RequestCaller``).
struct AccessKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: AccessControl
    let sessions: SessionService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if AccessControl.isPublic(request.uri.path) { return try await next(request, context) }
        guard access.isLoaded else {
            throw APIError(
                .serviceUnavailable, "the server is loading its API keys; retry in a moment",
                headers: [.retryAfter: "1"])
        }
        guard let header = request.headers[.authorization] else {
            throw SessionError(.unauthorized, "this server needs an API key: send Authorization: Bearer KEY")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw SessionError(.unauthorized, "the Authorization header must be Bearer KEY")
        }
        let caller = try await sessions.authenticate(secret: parts[1].trimmingCharacters(in: .whitespaces))
        if let limiter = access.limiter, case .key(let key) = caller, let wait = limiter.take(key.hash) {
            throw SessionError(
                .limited, "this key made more than \(Int(limiter.capacity)) requests in a minute; retry in \(wait) s",
                retryAfterSeconds: wait)
        }
        return try await RequestCaller.$current.withValue(caller) { try await next(request, context) }
    }
}
