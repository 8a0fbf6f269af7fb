import HTTPTypes
import Hummingbird

/// Adds the browser's defences to every response: a Content-Security-Policy, `X-Frame-Options`,
/// `X-Content-Type-Options` and `Referrer-Policy`.
///
/// The studio and the API reference pages show text from charts, iReal Pro links and preset files
/// that anyone may write. Their scripts set such text only as text; the policy is the second line:
/// a script the page did not load from this server does not run, whatever reaches the page. So the
/// pages keep their script and style in files of their own (`/studio.js`, `/studio.css`, `/docs.js`,
/// `/docs.css`), and the policy allows nothing inline and nothing from another origin. JSON answers
/// get the same headers, which a browser ignores for them.
///
/// An SVG is the one exception: the piano roll styles itself with an inline `<style>`, so an SVG
/// answer gets ``imagePolicy``, which allows its inline style and nothing else: no script, no loads.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Same-origin script, style, images and `fetch`; nothing inline, no `eval`, no framing.
    static var pagePolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    /// For an SVG opened on its own: its inline style, nothing to run or load.
    static var imagePolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    }

    static var contentSecurityPolicy: HTTPField.Name { HTTPField.Name("Content-Security-Policy")! }
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var contentTypeOptions: HTTPField.Name { HTTPField.Name("X-Content-Type-Options")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // An error no inner middleware answered: answered here, so that it carries the headers too.
            response = try error.response(from: request, context: context)
        }
        let image = response.headers[.contentType]?.hasPrefix("image/svg+xml") == true
        response.headers[Self.contentSecurityPolicy] = image ? Self.imagePolicy : Self.pagePolicy
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.contentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
