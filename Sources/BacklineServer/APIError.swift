import BacklineSessions
import Foundation
import Hummingbird
import MusicTheory
import NIOCore

/// An error answered as JSON `{"detail": "…"}` with its status, as the contract's clients expect.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let detail: String
    /// `WWW-Authenticate` on a 401, `Retry-After` on a 429 or 503.
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = Excerpt.cut(detail, limit: Excerpt.maximumDetail)
        // A 503 or 429 says the server is busy, not broken: ask again shortly.
        var fields = headers
        if [.serviceUnavailable, .tooManyRequests].contains(status), fields[.retryAfter] == nil { fields[.retryAfter] = "1" }
        self.headers = fields
    }


    public static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, detail) }
    public static func notFound(_ detail: String) -> APIError { APIError(.notFound, detail) }
    public static func conflict(_ detail: String) -> APIError { APIError(.conflict, detail) }

    /// The status a session error is answered with; its detail is the error's own.
    public init(_ error: SessionError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .generationFailed, .internal: .internalServerError
        case .unavailable: .serviceUnavailable
        case .tooLarge: .contentTooLarge
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .limited: .tooManyRequests
        }
        var headers: HTTPFields = [:]
        if error.kind == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="backline""# }
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        self.init(status, error.detail, headers: headers)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(["detail": detail], status: status, headers: headers)
    }
}

extension Response {
    /// A JSON response from any `Encodable` value.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain values cannot fail; an empty object is the safe fallback.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error into a JSON `detail` body: Backline's own errors keep their status, the
/// framework's (404 for an unknown path, 413 for a large body) get a plain message, a known path
/// asked with another method gets 405 and `Allow`, and anything else is logged and answered 500
/// without internals.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: AllowedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Response.json(["detail": error.detail], status: error.status, headers: error.headers)
        } catch let error as SessionError {
            let answer = APIError(error)
            if answer.status == .internalServerError { context.logger.error("\(error.kind.rawValue): \(error.detail)") }
            return Response.json(["detail": answer.detail], status: answer.status, headers: answer.headers)
        } catch is NIOTooManyBytesError {
            return Response.json(["detail": "request body is larger than 1 MiB"], status: .contentTooLarge)
        } catch let error as HTTPError where error.status == .notFound && allowed.methods(for: request.uri.path) != nil {
            let methods = allowed.methods(for: request.uri.path)?.joined(separator: ", ") ?? ""
            var response = Response.json(["detail": "\(request.method) is not allowed on \(request.uri.path); allowed: \(methods)"], status: .methodNotAllowed)
            response.headers[.allow] = methods
            return response
        } catch let error as HTTPError {
            let detail: String = switch error.status {
            case .notFound: "Not Found: no endpoint \(request.method) \(request.uri.path)"
            case .contentTooLarge: "request body is larger than 1 MiB"
            case .methodNotAllowed: "Method Not Allowed"
            default: error.body.map { Excerpt.cut($0, limit: Excerpt.maximumDetail) } ?? error.status.reasonPhrase
            }
            return Response.json(["detail": detail], status: error.status)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return Response.json(["detail": "internal server error (see the server log)"], status: .internalServerError)
        }
    }
}
