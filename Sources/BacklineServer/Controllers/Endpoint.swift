import Hummingbird

/// One route: method, path as the OpenAPI document writes it (`/sessions/{id}`), and handler.
///
/// Controllers list their endpoints as values so that the router and the test that compares the
/// routes with the OpenAPI document read the same list.
public struct Endpoint<Context: RequestContext>: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    /// False for the documentation pages themselves, which the OpenAPI document does not describe.
    public let inSchema: Bool
    let handler: @Sendable (Request, Context) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, inSchema: Bool = true, _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        self.method = method
        self.path = path
        self.inSchema = inSchema
        self.handler = handler
    }

    /// Hummingbird's spelling of the path: `{id}` becomes `:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

extension Router {
    /// Adds the endpoints, and for each of their paths answers the other methods with 405 and an
    /// `Allow` header.
    func add(_ endpoints: [Endpoint<Context>]) {
        for endpoint in endpoints {
            on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
                try await endpoint.handler(request, context)
            }
        }
        let methodsByPath = Dictionary(grouping: endpoints, by: \.routerPath).mapValues { $0.map(\.method) }
        for (path, methods) in methodsByPath {
            let allowed = (methods + (methods.contains(.get) ? [.head] : [])).map(\.rawValue).joined(separator: ", ")
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options, .trace] where !methods.contains(method) {
                on(RouterPath(path), method: method) { request, _ -> Response in
                    var response = Response.json(["detail": "\(request.method) is not allowed on \(request.uri.path); allowed: \(allowed)"], status: .methodNotAllowed)
                    response.headers[.allow] = allowed
                    return response
                }
            }
        }
    }
}
