import Foundation
import Hummingbird
import MusicTheory

/// Which requests the server takes, by where they come from and what they carry: a request must
/// name a host the server answers to (421 otherwise: the DNS-rebinding guard), a state-changing
/// request sent by a browser must come from an allowed origin (403: no page on another site can
/// create or run sessions), and a body must be JSON (415: no `text/plain` form post can reach a
/// JSON endpoint without the browser's preflight).
public struct RequestGuard: Sendable, Hashable {
    /// Host names (no port) the server answers to; empty answers any. `127.*` stands for every
    /// loopback IPv4 address.
    public let allowedHosts: [String]
    /// Origins (`scheme://host[:port]`) besides the server's own that may change state.
    public let allowedOrigins: [String]

    public init(allowedHosts: [String], allowedOrigins: [String]) {
        self.allowedHosts = allowedHosts.map { $0.lowercased() }
        self.allowedOrigins = allowedOrigins.map { Self.normalized(origin: $0) }
    }

    /// The names a loopback server answers to.
    public static let loopbackHosts = ["localhost", "127.*", "[::1]"]

    /// The guard for a server bound to `host`: on loopback it answers loopback names and the
    /// `extraHosts`; elsewhere only the `extraHosts`, or any host when none are given.
    public static func forBinding(_ host: String, extraHosts: [String], allowedOrigins: [String]) -> RequestGuard {
        RequestGuard(allowedHosts: isLoopback(host) ? loopbackHosts + extraHosts : extraHosts, allowedOrigins: allowedOrigins)
    }

    /// Whether a listening address is a loopback one, reachable from this machine only.
    public static func isLoopback(_ address: String) -> Bool {
        ["127.0.0.1", "localhost", "::1"].contains(address) || address.hasPrefix("127.")
    }

    /// Why a request is refused, or nil to take it.
    func refusal(method: HTTPRequest.Method, host: String?, origin: String?, contentType: String?, hasBody: Bool) -> APIError? {
        // Browsers always send Host; a client that sends none is no page being rebound.
        if let hostName = host.map(Self.name(ofAuthority:)), !allowedHosts.isEmpty {
            guard allows(host: hostName) else {
                return APIError(
                    .misdirectedRequest,
                    "this server does not answer to the host \(Excerpt.quoted(hostName)); ask it by one of its names (\(allowedHosts.joined(separator: ", "))), or add this one with --allowed-hosts")
            }
        }
        let changesState = ![.get, .head, .options].contains(method)
        if changesState, let origin {
            let normalized = Self.normalized(origin: origin)
            let sameOrigin = host.map { normalized.hasSuffix("://" + $0.lowercased()) } ?? false
            guard sameOrigin || allowedOrigins.contains(normalized) else {
                return APIError(
                    .forbidden,
                    "requests from the page at \(Excerpt.quoted(origin)) may not change anything here; a browser page on another site can only read the docs. Allow its origin with --allowed-origins")
            }
        }
        if changesState, hasBody {
            let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
                return APIError(
                    .unsupportedMediaType,
                    "the body must be JSON, sent with Content-Type: application/json, not \(contentType.map(Excerpt.quoted) ?? "no content type")")
            }
        }
        return nil
    }

    private func allows(host name: String) -> Bool {
        allowedHosts.contains { pattern in
            pattern == name || (pattern.hasSuffix(".*") && name.hasPrefix(pattern.dropLast()) && name.allSatisfy { $0.isNumber || $0 == "." })
        }
    }

    /// `example.com:8000` → `example.com`; `[::1]:8000` → `[::1]`.
    static func name(ofAuthority authority: String) -> String {
        let lowered = authority.lowercased()
        if lowered.hasPrefix("[") {
            return lowered.firstIndex(of: "]").map { String(lowered[...$0]) } ?? lowered
        }
        return lowered.split(separator: ":", maxSplits: 1).first.map(String.init) ?? lowered
    }

    /// An origin as browsers compare them: lowercase, no trailing slash.
    static func normalized(origin: String) -> String {
        var text = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// Applies a ``RequestGuard`` before any route runs.
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let rules: RequestGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let length = request.headers[.contentLength].flatMap { Int($0) }
        let hasBody = (length ?? 0) > 0 || request.headers[.transferEncoding] != nil
        if let refusal = rules.refusal(
            method: request.method, host: request.head.authority, origin: request.headers[.origin],
            contentType: request.headers[.contentType], hasBody: hasBody)
        {
            throw refusal
        }
        return try await next(request, context)
    }
}
