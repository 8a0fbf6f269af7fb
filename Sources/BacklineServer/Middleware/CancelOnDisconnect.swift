import Hummingbird

/// Cancels a request's work when its client disconnects: the routes that read charts, plan,
/// render or draw (every POST, and the files derived from a stored song), so that a client that
/// gives up takes its queued work with it instead of leaving it to run for nobody.
///
/// Hummingbird closes a connection after answering a request it watched this way (the answer says
/// `Connection: close`), so the routes
/// that only read stored rows (`GET /sessions/{id}`, the combined file, `/health`) keep their
/// connections alive and are not watched: they do no work worth stopping. Audio watches itself.
struct CancelOnDisconnectMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.doesWork(request) else { return try await next(request, context) }
        do {
            var response = try await request.body.consumeWithCancellationOnInboundClose { body in
                var request = request
                request.body = body
                return try await next(request, context)
            }
            // Said, so that a keep-alive client (or a proxy's upstream pool) opens a new connection
            // for its next request instead of sending it into one being closed.
            response.headers[.connection] = "close"
            return response
        } catch is CancellationError {
            // The client has gone; nobody reads this answer.
            return Response(status: .serviceUnavailable)
        }
    }

    static func doesWork(_ request: Request) -> Bool {
        if request.method == .post { return true }
        guard request.method == .get, request.uri.path.hasPrefix("/sessions/") else { return false }
        let path = request.uri.path
        return path.contains("/parts/") || path.hasSuffix("/pianoroll.svg") || path.hasSuffix("/musicxml")
    }
}
