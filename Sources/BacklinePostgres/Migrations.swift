import Logging
import PostgresNIO

/// The schema, version by version. Each replica applies what is missing at start, inside one
/// transaction that first takes an advisory lock, so two replicas starting together on an empty
/// database never both migrate: the second waits, then finds nothing left to do.
enum Migrations {
    struct Migration {
        let version: Int
        let name: String
        let statements: [PostgresQuery]
    }

    /// Any number shared by every Backline replica; it names the lock, nothing else.
    static let lockKey: Int64 = 0x4261_636B_6C69_6E65  // "Backline"

    static let all: [Migration] = [
        Migration(
            version: 1, name: "sessions with their songs",
            statements: [
                """
                CREATE TABLE sessions (
                    id uuid PRIMARY KEY,
                    file_prefix text NOT NULL UNIQUE,
                    status text NOT NULL,
                    request text NOT NULL,
                    created_at timestamptz NOT NULL,
                    claim_token uuid,
                    claimed_at timestamptz,
                    completed_at timestamptz,
                    error text,
                    outline text,
                    midi bytea
                )
                """,
                "CREATE INDEX sessions_by_created_at ON sessions (created_at DESC, id DESC)",
                "CREATE INDEX sessions_running ON sessions (claimed_at) WHERE status = 'running'",
            ]),
        Migration(
            version: 2, name: "access keys and session owners",
            statements: [
                // The hash of the access key that created the session; NULL without keys.
                "ALTER TABLE sessions ADD COLUMN owner text",
                "CREATE INDEX sessions_by_owner ON sessions (owner, created_at DESC, id DESC)",
                // Keys by the SHA-256 of their secret; the secret is never stored.
                """
                CREATE TABLE access_keys (
                    hash text PRIMARY KEY,
                    name text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    revoked_at timestamptz
                )
                """,
            ]),
    ]

    /// Applies every migration the database lacks; returns the versions applied.
    static func apply(_ client: PostgresClient, logger: Logger) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS backline_schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM backline_schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var done: [Int] = []
            for migration in all where !applied.contains(migration.version) {
                for statement in migration.statements { try await connection.query(statement, logger: logger) }
                try await connection.query(
                    "INSERT INTO backline_schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                done.append(migration.version)
            }
            return done
        }
    }
}
