import BacklineSessions
import Foundation
import Synchronization

/// Who may use a server that has API keys: the keys of its keys file, the per-key request rate.
///
/// Made once by ``buildApplication(_:store:loader:logger:services:)`` when keys are configured. Until
/// ``load(into:)`` has written the file's keys into the store (PostgreSQL may still be connecting),
/// every protected request is answered 503, never let through.
public final class AccessControl: Sendable {
    /// The keys of the server's keys file.
    public let keys: [AccessKey]
    let limiter: RateLimiter?
    private let loaded = Mutex(false)

    /// `requestsPerMinute`: each key's budget on this replica; nil for none.
    public init(keys: [AccessKey], requestsPerMinute: Int? = nil) {
        self.keys = keys
        self.limiter = requestsPerMinute.map { RateLimiter(requestsPerMinute: $0) }
    }

    /// Makes the store's keys this file's: new ones added, missing ones revoked.
    public func load(into sessions: SessionService) async throws(SessionError) -> AccessKeySync {
        let sync = try await sessions.syncAccessKeys(keys)
        loaded.withLock { $0 = true }
        return sync
    }

    var isLoaded: Bool { loaded.withLock { $0 } }

    /// Paths anyone may read without a key: the health check for load balancers, the metrics for
    /// scrapers, the API's documentation and the studio page's own files (which hold no session).
    /// Exact paths, and the studio's static files under `/studio/`: a prefix without its slash would
    /// also open any later route that merely starts with the same letters.
    static let publicPaths: Set<String> = [
        "/", "/health", "/metrics", "/docs", "/redoc", "/openapi.json", "/favicon.ico", "/studio.js", "/studio.css", "/docs.js",
        "/docs.css",
    ]

    static func isPublic(_ path: String) -> Bool {
        publicPaths.contains(path) || path.hasPrefix("/studio/")
    }
}

/// A token bucket per key, on this replica: a key may make `requestsPerMinute` requests in a burst,
/// and earns them back evenly over a minute. Replicas do not share buckets, so behind `n` replicas
/// a key may make up to `n` times as many.
final class RateLimiter: Sendable {
    let capacity: Double
    /// Tokens earned per second.
    let rate: Double
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    init(requestsPerMinute: Int) {
        precondition(requestsPerMinute > 0, "a rate limit is positive")
        capacity = Double(requestsPerMinute)
        rate = Double(requestsPerMinute) / 60
    }

    /// Takes a token for `key`; nil when it had one, else how many seconds until it has one.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? (capacity, now)
            let elapsed = bucket.at.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket = (min(capacity, bucket.tokens + seconds * rate), now)
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}

/// The caller of the request being handled, set by ``AccessKeyMiddleware``: `.local` on a server
/// without keys. Controllers pass it on to the ``SessionService`` explicitly.
enum RequestCaller {
    @TaskLocal static var current: Caller = .local
}
