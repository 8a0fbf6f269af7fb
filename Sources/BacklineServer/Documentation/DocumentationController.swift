import BacklinePresets
import Hummingbird

/// `/openapi.json`, `/docs` (Swagger UI) and `/redoc`, the three URLs the reference serves.
///
/// The two HTML pages load their viewers' scripts from a CDN, as FastAPI's do; the document itself
/// is served by Backline.
struct DocumentationController<Context: RequestContext>: Sendable {
    let catalog: ReloadingPresetCatalog

    var endpoints: [Endpoint<Context>] {
        [
            Endpoint(.get, "/openapi.json", inSchema: false, document), Endpoint(.get, "/docs", inSchema: false, swagger),
            Endpoint(.get, "/redoc", inSchema: false, redoc),
        ]
    }

    @Sendable func document(_ request: Request, context: Context) async throws -> Response {
        let current = catalog.current
        let data = OpenAPIDocument.data(genres: current.ids, parts: current.partNames, sectionNames: current.sectionNames)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func swagger(_ request: Request, context: Context) async throws -> Response {
        html("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Backline - Swagger UI</title>
            <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
            <script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});</script>
            </body></html>
            """)
    }

    @Sendable func redoc(_ request: Request, context: Context) async throws -> Response {
        html("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Backline - ReDoc</title></head>
            <body><redoc spec-url="/openapi.json"></redoc>
            <script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"></script>
            </body></html>
            """)
    }

    private func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
