import BacklineMCP
import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// `/mcp`: the Model Context Protocol's streamable HTTP transport, stateless. Each POST gets a
/// server of its own over the shared session service, so any replica answers any call and a song
/// made over MCP is a session the REST API serves. GET and DELETE (server streams, session ends)
/// are 405, as a stateless server answers them.
///
/// `Host` and `Origin` are checked for every route, this one too, by ``RequestGuard``: the
/// transport's own origin check is therefore off here, so that one allow list decides.
struct MCPController<Context: Hummingbird.RequestContext>: Sendable {
    let tools: BacklineTools

    var endpoints: [Endpoint<Context>] {
        [Endpoint(.post, "/mcp", inSchema: false, handle), Endpoint(.get, "/mcp", inSchema: false, handle), Endpoint(.delete, "/mcp", inSchema: false, handle)]
    }

    @Sendable func handle(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1's Host header is the request's authority here; the transport's checks read Host.
        let host = request.head.authority ?? "127.0.0.1"
        headers["Host"] = host
        let mcpRequest = MCP.HTTPRequest(
            method: request.method.rawValue, headers: headers, body: body.readableBytes > 0 ? Data(buffer: body) : nil, path: request.uri.path)

        let transport = StatelessHTTPServerTransport(validationPipeline: StandardValidationPipeline(validators: [
            OriginValidator.disabled,
            AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
        ]))
        // Links in answers point where the client reached us: behind a TLS-ending proxy, https.
        let scheme = HTTPField.Name("X-Forwarded-Proto").flatMap { request.headers[$0] }.flatMap { ["http", "https"].contains($0) ? $0 : nil } ?? "http"
        let server = await BacklineTools(
            sessions: tools.sessions, loader: tools.loader, restBase: "\(scheme)://\(host)", caller: RequestCaller.current
        ).makeServer()
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(mcpRequest)
        await server.stop()

        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        let status = HTTPTypes.HTTPResponse.Status(code: answer.statusCode)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: answer.bodyData ?? Data())))
    }
}
