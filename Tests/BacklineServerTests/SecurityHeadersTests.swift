import BacklineServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Content-Security-Policy and the other browser defences on the pages")
struct SecurityHeadersTests {
    static let pages = ["/", "/docs", "/redoc"]
    static let assets = ["/studio.js", "/studio.css", "/docs.js", "/docs.css"]

    /// The directives of a policy by name, each with its sources.
    static func directives(_ policy: String) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for directive in policy.split(separator: ";") {
            let words = directive.split(separator: " ").map(String.init)
            if let name = words.first { found[name] = Array(words.dropFirst()) }
        }
        return found
    }

    @Test(
        "Every page and every script and stylesheet comes with a policy that runs nothing inline and allows no framing")
    func policyOnEveryPageAndAsset() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for path in Self.pages + Self.assets {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    let policy = try #require(
                        response.headers[HTTPField.Name("Content-Security-Policy")!], "\(path) has no CSP")
                    let directives = Self.directives(policy)
                    #expect(directives["default-src"] == ["'self'"], "\(path): \(policy)")
                    #expect(directives["frame-ancestors"] == ["'none'"], "\(path): \(policy)")
                    for name in ["script-src", "style-src"] {
                        #expect(directives[name] == ["'self'"], "\(path): \(name) in \(policy)")
                    }
                    #expect(
                        !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval") && !policy.contains("*"),
                        "\(path): \(policy)")
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                }
            }
        }
    }

    @Test("JSON answers and errors carry nosniff and no-referrer too")
    func headersOnAnswersAndErrors() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for (path, status) in [
                ("/genres", HTTPResponse.Status.ok), ("/no/such/page", .notFound), ("/sessions/nothing", .notFound),
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == status, "\(path)")
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
                    #expect(
                        response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'")
                            == true, "\(path)")
                }
            }
        }
    }

    @Test(
        "The pages hold no inline script, style element or attribute, or event handler, and load only their own assets")
    func pagesHoldNothingInline() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var referenced: Set<String> = []
            for path in Self.pages {
                let html = try await client.execute(uri: path, method: .get) { String(buffer: $0.body) }
                let scripts = html.matches(of: #/<script\b([^>]*)>([\s\S]*?)</script>/#)
                #expect(!scripts.isEmpty || path == "/redoc", "\(path) has no script")
                for script in scripts {
                    #expect(
                        script.output.2.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                        "\(path): inline script \(script.output.0.prefix(80))")
                    #expect(script.output.1.contains("src="), "\(path): \(script.output.0.prefix(80))")
                }
                #expect(html.firstMatch(of: #/<style\b/#.ignoresCase()) == nil, "\(path) has a <style> element")
                let tags = html.matches(of: #/<[a-zA-Z][^>]*>/#).map { String($0.output) }
                #expect(
                    tags.filter { $0.firstMatch(of: #/\son[a-z]+\s*=/#.ignoresCase()) != nil } == [],
                    "\(path) has event handler attributes")
                #expect(
                    tags.filter { $0.firstMatch(of: #/\sstyle\s*=/#.ignoresCase()) != nil } == [],
                    "\(path) has style attributes")
                #expect(!html.contains("javascript:"), "\(path)")
                for match in html.matches(of: #/<(?:script|link)\b[^>]*\s(?:src|href)="([^"]*)"/#) {
                    referenced.insert(String(match.output.1))
                }
            }
            // Every script and stylesheet a page loads is one of the assets checked above, from this server.
            #expect(referenced == Set(Self.assets), "the pages load \(referenced.sorted())")
        }
    }

    @Test("The studio script never parses text as markup")
    func studioScriptBuildsElements() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let script = try await client.execute(uri: "/studio.js", method: .get) { String(buffer: $0.body) }
            for sink in [
                "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                "createContextualFragment",
            ] {
                #expect(!script.contains(sink), "studio.js uses \(sink)")
            }
            #expect(script.contains("textContent") && script.contains("createElement"))
            let docs = try await client.execute(uri: "/docs.js", method: .get) { String(buffer: $0.body) }
            #expect(!docs.contains("innerHTML") && docs.contains("answer.textContent"))
        }
    }

    @Test("An SVG piano roll may style itself but runs and loads nothing")
    func pianoRollPolicy() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun()
            try await client.execute(uri: "/sessions/\(id)/pianoroll.svg", method: .get) { response in
                #expect(response.status == .ok)
                let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                let directives = Self.directives(policy)
                #expect(
                    directives["default-src"] == ["'none'"] && directives["script-src"] == nil
                        && directives["frame-ancestors"] == ["'none'"])
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
    }
}
