import BacklinePresets
import Hummingbird

/// `/openapi.json`, `/docs` and `/redoc`, the three URLs the reference serves, and the pages'
/// stylesheet `/docs.css` and script `/docs.js`.
///
/// Both pages are drawn by the server from its own OpenAPI document (``APIReferencePage``), so they
/// work with no network access: `/docs` with a "Try it" form per operation, `/redoc` to read.
struct DocumentationController<Context: RequestContext>: Sendable {
    let catalog: ReloadingPresetCatalog
    /// Whether the server has API keys, so that the document asks for them.
    var keysRequired = false

    var endpoints: [Endpoint<Context>] {
        [
            Endpoint(.get, "/openapi.json", inSchema: false, document), Endpoint(.get, "/docs", inSchema: false, swagger),
            Endpoint(.get, "/redoc", inSchema: false, redoc), Endpoint(.get, "/docs.css", inSchema: false, style),
            Endpoint(.get, "/docs.js", inSchema: false, script),
        ]
    }

    @Sendable func document(_ request: Request, context: Context) async throws -> Response {
        let current = catalog.current
        let data = OpenAPIDocument.data(genres: current.ids, parts: current.partNames, sectionNames: current.sectionNames, keysRequired: keysRequired)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func swagger(_ request: Request, context: Context) async throws -> Response {
        html(APIReferencePage.html(document: currentDocument(), interactive: true))
    }

    @Sendable func redoc(_ request: Request, context: Context) async throws -> Response {
        html(APIReferencePage.html(document: currentDocument(), interactive: false))
    }

    @Sendable func style(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: APIReferencePage.style)))
    }

    @Sendable func script(_ request: Request, context: Context) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: APIReferencePage.script)))
    }

    private func currentDocument() -> [String: Any] {
        let current = catalog.current
        return OpenAPIDocument.json(genres: current.ids, parts: current.partNames, sectionNames: current.sectionNames, keysRequired: keysRequired)
    }

    private func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
