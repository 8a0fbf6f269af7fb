import Foundation
import PostgresNIO

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, as libpq
/// and every PostgreSQL tool write it.
struct DatabaseURL {
    let user: String
    let password: String?
    let host: String
    let port: Int
    let database: String
    let tls: PostgresClient.Configuration.TLS

    init(_ text: String) throws(DatabaseURLError) {
        let example = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        guard let components = URLComponents(string: text), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw DatabaseURLError("the database URL '\(Self.redacted(text))' is not a PostgreSQL URL; write it as \(example)")
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseURLError("the database URL names no host; write it as \(example)") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError("the database URL names no user; write it as \(example)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw DatabaseURLError("the database URL names no database; write it as \(example)") }
        if let port = components.port, !(1...65535).contains(port) { throw DatabaseURLError("the database URL's port \(port) is outside 1–65535") }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other: throw DatabaseURLError("sslmode '\(other)' is not one of disable, prefer, require")
        }
    }

    /// The URL with its password hidden, for messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}

/// A database URL that cannot be used, and why.
public struct DatabaseURLError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
