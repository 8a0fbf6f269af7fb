import Foundation

/// An API key as the server knows it: the SHA-256 of its secret (never the secret itself) and the
/// name its file gave it.
///
/// The hash is the key's identity everywhere: the store's key table, a session's owner, the rate
/// limiter's bucket. A stolen database therefore holds no key a client could send.
public struct AccessKey: Sendable, Hashable, Codable {
    /// 64 lowercase hex digits: SHA-256 of the key's UTF-8 bytes.
    public let hash: String
    /// The second word of its line in the keys file, for logs and the operator; may be empty.
    public let name: String

    public init(hash: String, name: String) {
        self.hash = hash
        self.name = name
    }

    /// The key a client sends, hashed.
    public init(secret: String, name: String = "") {
        self.init(hash: Self.hash(secret), name: name)
    }

    /// SHA-256 of `secret` as lowercase hex.
    public static func hash(_ secret: String) -> String { SHA256.hex(secret) }

    /// Whether two hashes are equal, in time that depends only on their lengths: how much of a
    /// guess matched is not told by how long the answer took.
    public static func sameHash(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A short, loggable label: the name, or the hash's first 8 digits.
    public var label: String { name.isEmpty ? String(hash.prefix(8)) : name }
}

/// A key's row in the store.
public struct StoredAccessKey: Sendable, Hashable {
    public let key: AccessKey
    /// When a server started without it in its keys file; its requests are refused (403) from then.
    public let revokedAt: Date?

    public init(key: AccessKey, revokedAt: Date?) {
        self.key = key
        self.revokedAt = revokedAt
    }
}

/// What loading a keys file changed in the store.
public struct AccessKeySync: Sendable, Hashable {
    /// Keys of the file the store did not hold, or held revoked.
    public var added: Int
    /// Keys the store held active that the file no longer lists: revoked now.
    public var revoked: Int

    public init(added: Int, revoked: Int) {
        self.added = added
        self.revoked = revoked
    }
}

/// Who is asking a ``SessionService`` for something.
public enum Caller: Sendable, Hashable {
    /// A server without keys, the stdio MCP server, the CLI: sees every session, owns none.
    case local
    /// A client that sent this key: sees and may change only the sessions it created.
    case key(AccessKey)

    /// The owner a session made by this caller gets.
    public var owner: String? {
        switch self {
        case .local: nil
        case .key(let key): key.hash
        }
    }

    /// Whether this caller may see `session`: a key sees only its own; the local user sees all.
    public func owns(_ session: Session) -> Bool {
        switch self {
        case .local: true
        case .key(let key): session.owner.map { AccessKey.sameHash($0, key.hash) } ?? false
        }
    }
}
