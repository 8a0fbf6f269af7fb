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
    func add(_ endpoints: [Endpoint<Context>]) {
        for endpoint in endpoints {
            on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
                try await endpoint.handler(request, context)
            }
        }
    }
}

/// The methods each path template answers, to tell "no such path" (404) from "not this method" (405).
struct AllowedMethods: Sendable {
    private let templates: [(segments: [Substring], methods: [String])]

    init(_ endpoints: [(method: HTTPRequest.Method, path: String)]) {
        let byPath = Dictionary(grouping: endpoints, by: \.path)
        templates = byPath.keys.sorted().map { path in
            let methods = byPath[path]!.map(\.method)
            let withHead = methods.contains(.get) ? methods + [.head] : methods
            return (path.split(separator: "/"), withHead.map(\.rawValue))
        }
    }

    /// The methods allowed on `path`, or nil when no endpoint has that path.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        return templates.first { template in
            template.segments.count == segments.count
                && zip(template.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods
    }
}
